import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from carepath.accounts.services import member_create, member_update, sign_in_check
from carepath.audit.models import AuditEntry
from tests.conftest import PASSWORD


def test_good_password_signs_in_and_is_audited(clinician):
    result = sign_in_check(email="CLIN@harbour.test", password=PASSWORD, ip="10.1.2.3")
    assert result.member == clinician
    entry = AuditEntry.objects.filter(action="signin.ok").latest("id")
    assert entry.actor_id == clinician.pk and entry.ip == "10.1.2.3"


def test_failed_sign_in_is_audited_for_unknown_accounts_too(clinician):
    assert sign_in_check(email="nobody@x.test", password="x", ip="10.0.0.9").member is None
    assert AuditEntry.objects.filter(action="signin.failed", actor_label="nobody@x.test").exists()
    assert sign_in_check(email=clinician.email, password="wrong", ip="10.0.0.9").member is None
    assert AuditEntry.objects.filter(action="signin.failed", actor_id=clinician.pk).exists()


@override_settings(LOCKOUT_THRESHOLD=3, LOCKOUT_MINUTES=15)
def test_repeated_failures_lock_the_account_even_for_the_right_password(clinician):
    for _ in range(3):
        sign_in_check(email=clinician.email, password="wrong")
    result = sign_in_check(email=clinician.email, password=PASSWORD)
    assert result.member is None and "Too many failed attempts" in result.error
    clinician.refresh_from_db()
    assert clinician.is_locked()


def test_passwords_are_hashed_with_argon2(clinician):
    assert clinician.password.startswith("argon2")


def test_only_admins_add_members(org, clinician, admin):
    with pytest.raises(PermissionDenied):
        member_create(
            actor=clinician, organisation=org, email="x@h.test", full_name="X", roles=["clinician"], password=PASSWORD
        )
    member = member_create(
        actor=admin, organisation=org, email="x@h.test", full_name="X", roles=["auditor"], password=PASSWORD
    )
    assert member.roles == ["auditor"]


def test_weak_password_and_missing_role_are_refused_by_field(org, admin):
    with pytest.raises(ValidationError) as exc:
        member_create(actor=admin, organisation=org, email="y@h.test", full_name="Y", roles=[], password="123")
    assert {"roles", "password"} <= set(exc.value.message_dict)


def test_admin_cannot_remove_own_admin_role(admin):
    with pytest.raises(ValidationError):
        member_update(actor=admin, member=admin, full_name="A", roles=["clinician"], is_active=True, supervisor=None)
