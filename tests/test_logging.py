"""Logs are one key=value line per record, with no reader addresses, query strings or secrets."""

import logging
import sys

import pytest

from delivery.logfmt import AccessLogFormatter, LogfmtFormatter

pytestmark = pytest.mark.django_db


def record(message, *args, name="calfcare.test", exc_info=None):
    return logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, exc_info)


def test_a_record_is_one_line_of_key_value_pairs():
    line = LogfmtFormatter().format(record("Not Found: %s", "/massage/x/"))
    time, rest = line.split(" ", 1)
    assert time.startswith("time=20") and time.endswith("Z")
    assert rest == 'level=WARNING logger=calfcare.test message="Not Found: /massage/x/"'


def test_quotes_and_newlines_cannot_forge_a_line():
    line = LogfmtFormatter().format(record('a "b"\nlevel=ERROR fake=1'))
    assert "\n" not in line
    assert line.endswith(r'message="a \"b\"\nlevel=ERROR fake=1"')


def test_a_traceback_stays_on_the_same_line():
    try:
        raise ValueError("boom")
    except ValueError:
        line = LogfmtFormatter().format(record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    assert 'exception="Traceback (most recent call last):\\n' in line
    assert "ValueError: boom" in line


def test_the_access_log_has_no_address_query_or_user_agent():
    # The atoms gunicorn passes, its double quotes already escaped, as gunicorn does.
    atoms = {
        "h": "203.0.113.7", "m": "GET", "U": '/causes/a\\"b/', "q": "email=someone@example.com",
        "s": "200", "B": 512, "D": 1234, "a": "Mozilla/5.0", "f": "https://elsewhere.example/",
    }  # fmt: skip
    access = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s", (), None)
    access.args = atoms
    line = AccessLogFormatter().format(access)
    assert line.split(" ", 1)[1] == (
        r'level=INFO logger=gunicorn.access method=GET path="/causes/a\"b/" status=200 '
        "bytes=512 duration_us=1234"
    )


def test_django_logs_through_the_formatter_to_stdout(settings):
    config = settings.LOGGING
    assert config["formatters"]["logfmt"]["()"] == "delivery.logfmt.LogfmtFormatter"
    assert config["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    assert config["root"]["handlers"] == ["stdout"]


def test_a_failed_sign_in_never_logs_the_password(client, caplog, django_user_model):
    django_user_model.objects.create_user("editor", password="right", is_staff=True)
    with caplog.at_level(logging.DEBUG):
        client.post("/admin/login/", {"username": "editor", "password": "hunter2-secret"})
    assert caplog.records, "the failure is logged"
    assert "hunter2-secret" not in caplog.text
