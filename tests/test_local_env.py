"""manage.py reads the local .env that make writes, and only where that is safe."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import manage

ROOT = Path(__file__).resolve().parents[1]

LOCAL_ENV = """\
# Local settings written by make; see .env.example for every variable.
DJANGO_SECRET_KEY=local-key-from-dot-env
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_HTTPS=false
"""


def test_manage_py_shell_works_in_a_checkout_without_sourcing_dot_env(tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(ROOT / "manage.py", checkout)
    (checkout / ".env").write_text(LOCAL_ENV)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["PYTHONPATH"] = str(ROOT)  # the project's packages, with this checkout's manage.py
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; "
         "print(settings.SECRET_KEY, settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT)"],
        cwd=checkout, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[-1] == "local-key-from-dot-env ['127.0.0.1', 'localhost'] False"
    )


def test_the_environment_wins_over_dot_env(tmp_path):
    (tmp_path / ".env").write_text(LOCAL_ENV)
    environ = {"DJANGO_SECRET_KEY": "from-the-environment"}
    manage.read_local_env(tmp_path / ".env", environ)
    assert environ == {
        "DJANGO_SECRET_KEY": "from-the-environment",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "false",
    }


def test_dot_env_is_never_read_when_a_settings_module_is_named(tmp_path):
    """Deployments, the test settings and `make deploy-check` name their settings module."""
    (tmp_path / ".env").write_text(LOCAL_ENV)
    environ = {"DJANGO_SETTINGS_MODULE": "calfcare.settings"}
    manage.read_local_env(tmp_path / ".env", environ)
    assert environ == {"DJANGO_SETTINGS_MODULE": "calfcare.settings"}


def test_without_a_dot_env_nothing_changes(tmp_path):
    environ = {}
    manage.read_local_env(tmp_path / ".env", environ)
    assert environ == {}
