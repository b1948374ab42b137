"""Settings: production is the default and there is no default secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="calfcare.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_starts_with_a_secret_key_and_defaults_to_production():
    code = (
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="calfcare.settings", DJANGO_SECRET_KEY="k" * 50)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "True", "True", "True"], result.stderr


def test_a_mistyped_boolean_is_a_clear_error():
    result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_DEBUG="ture")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_sqlite_is_tuned_for_several_gunicorn_workers():
    from django.conf import settings

    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_mistyped_review_interval_is_a_clear_error():
    result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_REVIEW_INTERVAL_DAYS="a year")
    assert result.returncode != 0
    assert "DJANGO_REVIEW_INTERVAL_DAYS must be a whole number above 0" in result.stderr
