"""Project-wide guards: no pending migrations, production settings pass `check --deploy`, roles are complete."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_no_pending_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _run_check(extra_env):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into the production check (async.E001).
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_ENV": "production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_settings_pass_check_deploy():
    result = _run_check({"SECRET_KEY": "k" * 30 + "Zq9!x" * 8, "ALLOWED_HOSTS": "ansinh.example.vn"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = _run_check({"ALLOWED_HOSTS": "ansinh.example.vn"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_every_role_group_has_its_permissions(db):
    from accounts.roles import ROLE_PERMISSIONS, roles_sync

    counts = roles_sync()
    for role, names in ROLE_PERMISSIONS.items():
        assert counts[role] == len(names), f"{role}: unknown permission in ROLE_PERMISSIONS"
        assert Group.objects.get(name=role).permissions.count() == len(names)


@pytest.mark.parametrize("count", [54])
def test_the_54_ethnic_groups(count):
    from beneficiaries.ethnicity import ETHNICITY_CHOICES

    assert len(ETHNICITY_CHOICES) == count and ETHNICITY_CHOICES[0] == ("01", "Kinh")
