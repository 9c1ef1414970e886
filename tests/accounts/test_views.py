import os
import subprocess
import sys

import pytest
from django.urls import reverse

from carepath.audit.models import AuditEntry
from tests.conftest import PASSWORD


def test_sign_in_page_signs_in_and_keeps_next(client, clinician, case):
    target = reverse("cases:detail", args=[case.pk])
    response = client.post(
        reverse("accounts:sign_in"), {"email": clinician.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response["Location"] == target


def test_wrong_password_shows_message_and_keeps_email(client, clinician):
    response = client.post(reverse("accounts:sign_in"), {"email": clinician.email, "password": "nope"})
    body = response.content.decode()
    assert "do not match an account" in body and clinician.email in body


def test_off_site_next_is_ignored(client, clinician):
    response = client.post(
        reverse("accounts:sign_in"), {"email": clinician.email, "password": PASSWORD, "next": "https://evil.test/"}
    )
    assert response["Location"] == reverse("home")  # home sends each role to its own page, never off-site


def test_expired_session_sends_post_to_sign_in_with_next(client, case):
    response = client.post(
        reverse("cases:note", args=[case.pk]), {"summary": "typed", "occurred_at": "2026-01-01T10:00"}
    )
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]
    assert "next=" in response["Location"]


def test_session_is_idle_limited(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60


def test_activity_moves_the_idle_expiry_on_at_most_once_a_minute(signed_in, clinician, monkeypatch):
    from django.contrib.sessions.models import Session

    from carepath.accounts import middleware

    c = signed_in(clinician)
    now = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    c.get(reverse("cases:dashboard"))
    key = c.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    now[0] += 30  # half a minute later: no write
    c.get(reverse("cases:dashboard"))
    assert Session.objects.get(session_key=key).expire_date == first
    now[0] += 31  # past the minute: the expiry moves on
    c.get(reverse("cases:dashboard"))
    assert Session.objects.get(session_key=key).expire_date > first


def test_security_headers_on_pages(client):
    response = client.get(reverse("accounts:sign_in"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sign_out_is_audited(signed_in, clinician):
    c = signed_in(clinician)
    c.post(reverse("accounts:sign_out"))
    assert AuditEntry.objects.filter(action="signout", actor_id=clinician.pk).exists()


def test_production_mode_passes_deploy_checks(tmp_path):
    env = {
        **os.environ,
        "CAREPATH_PRODUCTION": "1",
        "SECRET_KEY": "x" * 60 + "-production-test-key-!@#$%^&*",
        "CAREPATH_DATA": str(tmp_path),
        "ALLOWED_HOSTS": "carepath.example.org",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only; never in production
    run = subprocess.run(
        [sys.executable, "-m", "carepath.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_production_mode_requires_secret_key(tmp_path):
    env = {**os.environ, "CAREPATH_PRODUCTION": "1", "CAREPATH_DATA": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    run = subprocess.run(
        [sys.executable, "-m", "carepath.cli", "manage", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr


def test_admin_adds_member_from_page_and_errors_keep_input(signed_in, admin):
    c = signed_in(admin)
    bad = c.post(
        reverse("accounts:member_create"),
        {"full_name": "New Person", "email": "new@h.test", "roles": ["clinician"], "password": "short"},
    )
    assert bad.status_code == 200 and "New Person" in bad.content.decode()
    ok = c.post(
        reverse("accounts:member_create"),
        {"full_name": "New Person", "email": "new@h.test", "roles": ["clinician"], "password": PASSWORD},
    )
    assert ok.status_code == 302


@pytest.mark.parametrize(
    "who, lands_on",
    [("clinician", "/cases/"), ("supervisor", "/cases/"), ("admin", "/accounts/members/"), ("auditor", "/audit/")],
)
def test_each_role_lands_where_its_work_is_after_signing_in(client, request, who, lands_on):
    from tests.conftest import PASSWORD

    member = request.getfixturevalue(who)
    response = client.post("/accounts/sign-in/", {"email": member.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == lands_on and response.status_code == 200
