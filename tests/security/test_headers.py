import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_csp_without_inline_script_and_refuses_framing(client):
    response = client.get(reverse("login"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_forms_are_csrf_protected(client, secretary1):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "secretary1", "password": "correct-horse-battery"})
    assert response.status_code == 403


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    """`manage.py check --deploy --fail-level WARNING` with the environment of a production server."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "anren_registry.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k7#Qz!p2@Lm9$Vx4&Rt6^Wn8*Yb3(Hc5)Jd1-Fg0+Sa2=Ue7_Io4",
        "DJANGO_ALLOWED_HOSTS": "dangyuan.anren.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
