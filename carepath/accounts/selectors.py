"""Reads of members that pages, forms and services share."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from .models import Member


def organisation_members(organisation_id) -> QuerySet[Member]:
    return Member.objects.filter(organisation_id=organisation_id).order_by("full_name")


def clinical_members(organisation_id) -> QuerySet[Member]:
    """Active clinicians and supervisors of the practice, by name: who may own a task or authorise a step."""
    return (
        Member.objects.filter(organisation_id=organisation_id, is_active=True)
        .filter(Q(is_clinician=True) | Q(is_supervisor=True))
        .order_by("full_name")
    )


def clinical_member_choices(organisation_id) -> list[tuple[str, str]]:
    """(id, name) of each of them, for a select: reads the two columns only (a practice may have hundreds)."""
    rows = clinical_members(organisation_id).values_list("pk", "full_name", "email")
    return [(str(pk), full_name or email) for pk, full_name, email in rows]  # as Member.__str__


def member_of(organisation_id, member_id) -> Member | None:
    """The member of this practice with that id, or None (another practice's, or not an id)."""
    try:
        pk = member_id if isinstance(member_id, uuid.UUID) else uuid.UUID(str(member_id))
    except (TypeError, ValueError, AttributeError):
        return None
    return Member.objects.filter(pk=pk, organisation_id=organisation_id).first()


def supervisors(organisation_id) -> QuerySet[Member]:
    return Member.objects.filter(organisation_id=organisation_id, is_supervisor=True, is_active=True)


def member_names(organisation_id) -> dict:
    return dict(Member.objects.filter(organisation_id=organisation_id).values_list("id", "full_name"))


def active_member_by_email(email: str) -> Member | None:
    return Member.objects.filter(email=(email or "").strip().lower(), is_active=True).first()
