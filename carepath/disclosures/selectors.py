"""Reads about disclosures: which legal bases a case's jurisdiction pack offers, and a client's disclosures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from carepath.jurisdictions import packs

from .models import Disclosure

# The one basis (besides the client's own authorisation) a client with protected substance-use-disorder records
# may be disclosed under in a crisis; who may be told and what must be written down come from the pack's
# `sud_records` section (in the US, 42 C.F.R. § 2.51).
SUD_EMERGENCY_BASIS = "sud-medical-emergency"
AUTHORISATION_BASIS = "authorisation"

_PURPOSES = {"self": {"self_harm"}, "others": {"harm_to_others"}, "both": {"self_harm", "harm_to_others"}}


def _jurisdiction(code: str):
    try:
        return packs.get(code)
    except packs.UnknownJurisdiction:
        return None


def disclosure_bases(case) -> list[dict]:
    """Legal bases the pack of the client's jurisdiction offers for telling someone without consent.

    A client with records protected as substance-use-disorder records gets only the medical-emergency basis
    of the pack's `sud_records` section; its documentation fields are then required.
    """
    client = case.client
    jurisdiction = _jurisdiction(client.jurisdiction)
    if jurisdiction is None:
        return []
    if client.sud_protected:
        sud = jurisdiction.sud_records
        if sud is None or sud.status != "known" or not sud.emergency_basis:
            return []
        return [
            {
                "id": SUD_EMERGENCY_BASIS,
                "title": "Protected substance-use records: disclosure to medical personnel in a medical emergency",
                "citation": sud.citation or "",
                "status": sud.status,
                "what_may_be_disclosed": sud.emergency_basis,
                "recipients": "Medical personnel, to the extent necessary to meet a bona fide medical emergency.",
                "conditions": sud.summary or "",
                "documentation": dict(sud.emergency_documentation),
                "recipient_types": list(sud.emergency_recipient_types),
                "accounting": sud.emergency_accounting,
                "accounting_citation": "",
            }
        ]
    purposes = _PURPOSES.get(case.at_risk, {"self_harm"})
    return [
        {
            "id": basis.id,
            "title": basis.title,
            "citation": basis.citation or "",
            "status": basis.status,
            "what_may_be_disclosed": basis.what_may_be_disclosed or "",
            "recipients": basis.recipients or "",
            "conditions": basis.conditions or "",
            "documentation": {},
            "recipient_types": [],
            "accounting": basis.accounting,
            "accounting_citation": basis.accounting_citation or "",
        }
        for basis in jurisdiction.disclosure_bases or []
        if basis.status == "known" and purposes & set(basis.applies_to)
    ]


def accounting_rule(code: str):
    """The jurisdiction's accounting-of-disclosures rule (its pack), or None when not researched."""
    j = _jurisdiction(code)
    rule = j.accounting_of_disclosures if j else None
    return rule if rule is not None and rule.status == "known" else None


def valid_authorisations(client, day=None) -> list:
    """The client's authorisations in force on `day`: each is a basis for sharing with its recipient."""
    from carepath.clients.models import Authorisation

    return [a for a in Authorisation.objects.filter(client=client).order_by("-signed_on") if a.status(day) == "valid"]


def client_disclosures(client) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(client=client).select_related("authorised_by").order_by("-occurred_at")


def case_disclosures(case) -> list[Disclosure]:
    return list(Disclosure.objects.filter(case=case).select_related("authorised_by").order_by("-occurred_at"))


def disclosure_facts(case) -> dict:
    """What the disclosure form shows beside the bases: the jurisdiction's duty to warn, with its citation."""
    jurisdiction = _jurisdiction(case.client.jurisdiction)
    duty = jurisdiction.duty_to_warn if jurisdiction is not None else None
    return {"duty_to_warn": duty, "jurisdiction_name": jurisdiction.name if jurisdiction else None}


def minors_rules(case) -> dict | None:
    """For a minor client: the jurisdiction's rules on parents and guardians (the pack's age of majority)."""
    client = case.client
    if not client.is_minor:
        return None
    j = _jurisdiction(client.jurisdiction)
    minors = j.minors if j else None
    known = minors is not None and minors.status == "known"
    return {
        "age": client.age,
        "age_of_majority": client.minority.age_of_majority,
        "parental_notification": (minors.parental_notification if known else None),
        "citation": (minors.citation if known else None),
        "known": known,
    }


@dataclass(frozen=True)
class AccountingRow:
    date: dt.datetime
    recipient: str
    recipient_address: str
    description: str
    purpose: str
    legal_basis: str
    disclosure_id: str


def _description(d: Disclosure) -> str:
    from carepath.clients.models import InformationCategory

    labels = [InformationCategory(c).label for c in d.categories or [] if c in InformationCategory.values]
    brief = (d.shared or "").strip()
    return "; ".join(filter(None, [", ".join(labels), brief]))


def accounting(client, start: dt.date, end: dt.date) -> tuple[list[AccountingRow], list[Disclosure]]:
    """The client's accounting of disclosures from `start` to `end` (days in the practice's zone): the rows the
    rule asks for, oldest first, and the disclosures it leaves out (each with why)."""
    zone = client.organisation.zone
    since = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    found = list(
        Disclosure.objects.filter(client=client, occurred_at__gte=since, occurred_at__lt=until).order_by("occurred_at")
    )
    rows = [
        AccountingRow(
            date=d.occurred_at,
            recipient=d.recipient,
            recipient_address=d.recipient_contact,
            description=_description(d),
            purpose=d.purpose or "",
            legal_basis=f"{d.basis_title} ({d.basis_citation})" if d.basis_title else d.basis_citation,
            disclosure_id=str(d.pk),
        )
        for d in found
        if d.accountable
    ]
    return rows, [d for d in found if not d.accountable]


def organisation_disclosures(member, *, start=None, end=None, basis_id="", recipient_type="", member_id=""):
    """Every disclosure of the member's practice (supervisors), filtered; newest first."""
    qs = Disclosure.objects.filter(organisation_id=member.organisation_id).select_related(
        "client", "authorised_by", "actor"
    )
    zone = member.organisation.zone
    if start:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(start, dt.time(), tzinfo=zone))
    if end:
        qs = qs.filter(occurred_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone))
    if basis_id:
        qs = qs.filter(basis_id=basis_id)
    if recipient_type:
        qs = qs.filter(recipient_type=recipient_type)
    if member_id:
        qs = qs.filter(authorised_by_id=member_id) | qs.filter(actor_id=member_id)
    return qs.order_by("-occurred_at")
