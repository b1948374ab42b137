"""Settings: production is the default and there is no default secret."""

import json
import os
import re
import secrets
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


def test_database_is_tuned_for_several_gunicorn_workers():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Writers queue for the lock instead of failing; readers never wait for writers.
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert database["OPTIONS"]["timeout"] >= 5
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    else:
        # PostgreSQL: each worker keeps its connection, checked before reuse.
        assert database["CONN_MAX_AGE"] > 0
        assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_database_url_gets_the_same_tuning():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['OPTIONS']['transaction_mode'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="calfcare.settings",
        DJANGO_SECRET_KEY="k" * 50,
        DATABASE_URL="sqlite:////tmp/calfcare-settings-test.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "IMMEDIATE"], result.stderr


def production_settings(*names, **env):
    """The named settings as production (no .env, no test settings) would load them."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update({"DJANGO_SECRET_KEY": "k" * 50, **env}, DJANGO_SETTINGS_MODULE="calfcare.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_defaults_are_locked_down():
    values = production_settings(
        "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_AGE", "SECURE_PROXY_SSL_HEADER",
        "SECURE_REDIRECT_EXEMPT", "ADMIN_PATH", "BEHIND_PROXY", "AXES_CLIENT_IP_CALLABLE",
    )  # fmt: skip
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_REDIRECT_EXEMPT": ["^healthz$"],
        "ADMIN_PATH": "admin/",
        "BEHIND_PROXY": False,
        "AXES_CLIENT_IP_CALLABLE": "delivery.client_address.client_address",
    }


def test_csp_upgrades_insecure_requests_only_over_https():
    def upgrades(**env):
        csp = production_settings("CONTENT_SECURITY_POLICY", **env)["CONTENT_SECURITY_POLICY"]
        return csp["DIRECTIVES"]["upgrade-insecure-requests"]

    assert upgrades() is True
    assert upgrades(DJANGO_HTTPS="false") is False


def test_local_http_switch_changes_only_the_https_settings():
    names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "AXES_FAILURE_LIMIT",
             "PERMISSIONS_POLICY"]  # fmt: skip
    production = production_settings(*names)
    local = production_settings(*names, DJANGO_HTTPS="false")
    changed = {name for name in names if production[name] != local[name]}
    assert changed == {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
                       "CSRF_COOKIE_SECURE"}  # fmt: skip
    assert local["DEBUG"] is False


def test_behind_a_proxy_the_forwarded_scheme_and_address_are_trusted():
    values = production_settings(
        "SECURE_PROXY_SSL_HEADER", "BEHIND_PROXY", "TRUSTED_PROXY_COUNT",
        DJANGO_BEHIND_PROXY="true",
    )  # fmt: skip
    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "BEHIND_PROXY": True,
        "TRUSTED_PROXY_COUNT": 1,
    }
    chain = production_settings("TRUSTED_PROXY_COUNT", DJANGO_TRUSTED_PROXY_COUNT="2")
    assert chain == {"TRUSTED_PROXY_COUNT": 2}


def test_a_mistyped_proxy_count_is_a_clear_error():
    for mistyped in ["two", "0", "-1"]:
        result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_TRUSTED_PROXY_COUNT=mistyped)
        assert result.returncode != 0
        assert "DJANGO_TRUSTED_PROXY_COUNT must be a whole number above 0" in result.stderr


def test_the_admin_path_is_configurable_and_checked():
    assert production_settings("ADMIN_PATH", DJANGO_ADMIN_PATH="/desk-7f3/")["ADMIN_PATH"] == (
        "desk-7f3/"
    )
    result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_ADMIN_PATH="../admin")
    assert result.returncode != 0
    assert "DJANGO_ADMIN_PATH must be a path such as 'admin/'" in result.stderr


def deploy_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(
        DJANGO_SETTINGS_MODULE="calfcare.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="calfcare.example",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://calfcare.example",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean, capture_output=True, text=True,
    )  # fmt: skip


def test_deploy_checklist_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_checklist_catches_the_local_http_switch_in_production():
    result = deploy_check(DJANGO_HTTPS="false")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


def test_no_secret_has_a_default_in_committed_files():
    example = (ROOT / ".env.example").read_text()
    secret_lines = [
        line for line in example.splitlines()
        if re.match(r"[A-Z_]*(SECRET|PASSWORD|KEY)[A-Z_]*=", line)
    ]  # fmt: skip
    assert "DJANGO_SECRET_KEY=" in secret_lines
    assert "DJANGO_EMAIL_HOST_PASSWORD=" in secret_lines
    # Every secret is listed so people know to set it, with an empty value: no default.
    assert [line for line in secret_lines if not line.endswith("=")] == []
    runtime_stage = (ROOT / "Dockerfile").read_text().rsplit("\nFROM ", 1)[1]
    assert "SECRET" not in runtime_stage, "the image carries no key; docker run passes one"
    assert "PASSWORD" not in runtime_stage, "nor a mail password"


def test_every_setting_read_from_the_environment_is_documented():
    source = (ROOT / "calfcare" / "settings.py").read_text()
    names = set(re.findall(r"""["']((?:DJANGO_|DATABASE_)[A-Z_]+)["']""", source))
    assert "DJANGO_ADMIN_PATH" in names
    example = (ROOT / ".env.example").read_text()
    configuration = (ROOT / "docs" / "operators.md").read_text()
    for name in names:
        assert re.search(rf"^{name}=", example, re.MULTILINE), f"{name} is not in .env.example"
        assert f"| `{name}` |" in configuration, (
            f"{name} is not in the configuration table (docs/operators.md)"
        )


def test_a_mistyped_review_interval_is_a_clear_error():
    result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_REVIEW_INTERVAL_DAYS="a year")
    assert result.returncode != 0
    assert "DJANGO_REVIEW_INTERVAL_DAYS must be a whole number above 0" in result.stderr


def test_a_mistyped_urgent_care_online_address_is_a_clear_error():
    result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_URGENT_CARE_ONLINE_URL="111.nhs.uk")
    assert result.returncode != 0
    assert "DJANGO_URGENT_CARE_ONLINE_URL must be a web address" in result.stderr
    fine = run_check(
        DJANGO_SECRET_KEY="k" * 50, DJANGO_URGENT_CARE_ONLINE_URL="https://help.example.org/"
    )
    assert "DJANGO_URGENT_CARE_ONLINE_URL" not in fine.stderr


def test_a_mistyped_reply_time_is_a_clear_error():
    result = run_check(DJANGO_SECRET_KEY="k" * 50, DJANGO_CONTACT_REPLY_WORKING_DAYS="a week")
    assert result.returncode != 0
    assert "DJANGO_CONTACT_REPLY_WORKING_DAYS must be a whole number above 0" in result.stderr


def test_the_publishers_postal_address_is_read_as_lines_separated_by_commas():
    code = "from django.conf import settings as s; print(repr(s.SITE_PUBLISHER_ADDRESS))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="calfcare.settings",
        DJANGO_SECRET_KEY="k" * 50,
        DJANGO_SITE_PUBLISHER_ADDRESS=" Example House, 1 High Street,, Leeds LS1 1AA ",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "['Example House', '1 High Street', 'Leeds LS1 1AA']"


def test_the_docker_image_copies_every_app_of_the_project():
    """A new app left out of the Dockerfile's COPY lines runs in every test and breaks only the
    image (collectstatic, then every page): the project's apps are found from the settings."""
    from django.apps import apps

    copied = set(re.findall(r"^COPY (\S+) \1$", (ROOT / "Dockerfile").read_text(), re.MULTILINE))
    ours = {
        Path(config.path).name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT.resolve()
    }
    assert ours, "the project's own apps are found"
    assert ours - copied == set(), "apps the Docker image leaves out"
