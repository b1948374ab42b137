"""The QR code a printed routine or cramp-or-clot sheet carries back to its page: made while the
page renders, from the page's public address, never from a Host header nobody vetted. (What it
looks like on paper, and that a camera would read the right address, is tests/e2e/test_print.py.)"""

import re

import pytest

from articles.templatetags.qr_code import qr_for, qr_svg

pytestmark = pytest.mark.django_db

PRINTED_WITH_QR = ["/massage/", "/cramp-or-clot/"]


def qr_codes(response):
    return re.findall(r'<svg role="img" aria-label="QR code that opens ([^"]*)"', response.text)


@pytest.mark.parametrize("path", PRINTED_WITH_QR)
def test_page_carries_one_qr_code_of_its_own_address(client, path):
    response = client.get(path)
    assert qr_codes(response) == [f"http://testserver{path}"]
    assert qr_svg(f"http://testserver{path}") in response.text


@pytest.mark.parametrize("path", PRINTED_WITH_QR)
def test_qr_code_encodes_the_site_url_whatever_host_the_request_named(client, settings, path):
    settings.SITE_URL = "https://calfcare.example"
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    response = client.get(path, HTTP_HOST="mirror.example")
    assert qr_codes(response) == [f"https://calfcare.example{path}"]


def test_a_host_outside_allowed_hosts_gets_no_qr_code_of_its_own(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/massage/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "attacker.example" not in response.content.decode()


def test_qr_code_is_a_labelled_image_that_says_where_it_leads():
    svg = qr_svg('https://calfcare.example/massage/?a="b"&c')
    assert svg.startswith(
        '<svg role="img" aria-label="QR code that opens '
        'https://calfcare.example/massage/?a=&quot;b&quot;&amp;c"'
    )
    assert 'class="print-qr__code"' in svg
    assert "<path" in svg and "<image" not in svg  # drawn in the page, nothing fetched


def test_qr_code_is_a_full_qr_code_that_survives_a_smudge():
    """Never a Micro QR (not every phone camera reads one); error correction M or better."""
    code = qr_for("https://calfcare.example/cramp-or-clot/")
    assert not code.is_micro
    assert code.error in ("M", "Q", "H")
