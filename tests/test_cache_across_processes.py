"""The page cache with real gunicorn workers: an edit in one process is seen through every
worker on the next request."""

import pytest

from tools.served import fetch, gunicorn, manage, production_env, retitle_elsewhere

pytestmark = pytest.mark.slow_server


def test_edit_in_another_process_is_seen_by_every_worker(tmp_path):
    env = production_env(tmp_path)
    manage(env, "migrate", "--no-input")
    manage(env, "load_initial_content")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    with gunicorn(env, workers=3) as base:
        outcomes = set()
        for _ in range(12):  # enough requests to warm every worker
            status, headers, body = fetch(base + "/massage/knead-the-calf/")
            assert status == 200
            outcomes.add(headers["X-Page-Cache"])
        assert outcomes == {"miss", "hit"} or outcomes == {"hit"}

        retitle_elsewhere(env, "MassageStep", "knead-the-calf", "Knead the calf, edited elsewhere")
        for _ in range(6):
            status, headers, body = fetch(base + "/massage/knead-the-calf/")
            assert b"Knead the calf, edited elsewhere" in body

        # An editor's session never reads from, or writes to, the public cache.
        status, headers, body = fetch(
            base + "/massage/knead-the-calf/", headers={"Cookie": "sessionid=not-a-session"}
        )
        assert status == 200 and "X-Page-Cache" not in headers
