"""Redis as the shared cache (REDIS_URL), against a real redis-server this test starts."""

import subprocess
import time

import pytest

from delivery.page_cache import STORE_BACKOFF_SECONDS
from tests.programs import program_or_fail
from tools.served import fetch, free_port, gunicorn, manage, production_env, retitle_elsewhere

pytestmark = pytest.mark.slow_server


class RedisServer:
    """A redis-server on a free loopback port, with no persistence, that a test can kill."""

    def __init__(self):
        self.path = program_or_fail("redis-server", "redis-server", "The Redis tests")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.path, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(50):
            ping = ["redis-cli", "-p", str(self.port), "ping"]
            if subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG":
                return
            time.sleep(0.1)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def test_readers_get_every_page_while_redis_is_down_and_the_cache_comes_back(
    tmp_path, redis_server
):
    env = production_env(tmp_path, REDIS_URL=redis_server.url)
    manage(env, "migrate", "--no-input")
    manage(env, "load_initial_content")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    paths = ["/", "/causes/", "/massage/", "/massage/knead-the-calf/"]
    with gunicorn(env, workers=2) as base:
        for path in paths * 2:
            fetch(base + path)
        redis_server.kill()
        started = time.monotonic()
        for path in paths * 5:
            status, headers, body = fetch(base + path)
            assert status == 200, path
            assert b'id="dvt-warning"' in body
        assert time.monotonic() - started < 10, "a dead Redis must not hold requests up"
        status, _, body = fetch(base + "/healthz")
        assert (status, body) == (200, b"ok\ncache: degraded\n")

        redis_server.start()
        time.sleep(STORE_BACKOFF_SECONDS + 0.1)
        outcomes = [fetch(base + "/causes/")[1].get("X-Page-Cache") for _ in range(8)]
        assert "hit" in outcomes, "the page cache is used again once Redis is back"
        assert fetch(base + "/healthz")[2] == b"ok\ncache: ok\n"


@pytest.fixture(scope="module")
def redis_url():
    server = RedisServer()
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def test_pages_and_their_invalidation_are_shared_through_redis(tmp_path, redis_url):
    env = production_env(tmp_path, REDIS_URL=redis_url)
    manage(env, "migrate", "--no-input")
    manage(env, "load_initial_content")
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

        retitle_elsewhere(env, "Cause", "hyperpronation", "Flat feet rolling in")
        for _ in range(4):
            _, _, body = fetch(base + "/causes/")
            assert b"Flat feet rolling in" in body
        generation = subprocess.run(
            ["redis-cli", "-u", redis_url, "--scan", "--pattern", "*page-cache-generation*"],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert generation, "the generation lives in Redis, shared by every app server"
