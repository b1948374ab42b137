"""Redis as the shared cache (REDIS_URL), against a real redis-server this test starts."""

import shutil
import subprocess
import time

import pytest

from tests.served import fetch, free_port, gunicorn, manage, production_env

pytestmark = pytest.mark.slow_server


@pytest.fixture(scope="module")
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail(
            "No redis-server. Install Debian's package (sudo apt-get install redis-server); "
            "`make test` installs it when run as root.",
            pytrace=False,
        )
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if (
                subprocess.run(
                    ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ):
                break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pages_and_their_invalidation_are_shared_through_redis(tmp_path, redis_url):
    env = production_env(tmp_path, REDIS_URL=redis_url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    with gunicorn(env, workers=2) as base:
        for _ in range(6):
            status, headers, _ = fetch(base + "/causes/")
            assert status == 200
        assert headers["X-Page-Cache"] == "hit"
        keys = subprocess.run(
            ["redis-cli", "-u", redis_url, "--scan", "--pattern", "calfcare-*"],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert any(":page:" in key for key in keys), "pages are stored in Redis"

        manage(
            env,
            "shell",
            "-c",
            "from articles.models import Cause; "
            "c = Cause.objects.get(slug='hyperpronation'); "
            "c.title = 'Flat feet rolling in'; c.save()",
        )
        for _ in range(4):
            _, _, body = fetch(base + "/causes/")
            assert b"Flat feet rolling in" in body
        generation = subprocess.run(
            ["redis-cli", "-u", redis_url, "--scan", "--pattern", "*page-cache-generation*"],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert generation, "the generation lives in Redis, shared by every app server"
