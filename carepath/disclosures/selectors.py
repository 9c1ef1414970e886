"""Reads about disclosures: which legal bases a case's jurisdiction pack offers, and a client's disclosures."""

from __future__ import annotations

from django.db.models import QuerySet

from carepath.jurisdictions import packs

from .models import Disclosure

# The one basis a client with protected substance-use-disorder records may be disclosed under in a crisis.
SUD_EMERGENCY_BASIS = "sud-medical-emergency"
# What 42 CFR 2.51(c) asks to be written down right after such a disclosure (the pack's emergency_basis says so).
SUD_DOCUMENTATION_FIELDS = {
    "medical_personnel": "Name of the medical personnel told",
    "affiliation": "Their health care facility or affiliation",
    "nature_of_emergency": "Nature of the medical emergency",
}

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
                "documentation": SUD_DOCUMENTATION_FIELDS,
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
        }
        for basis in jurisdiction.disclosure_bases or []
        if basis.status == "known" and purposes & set(basis.applies_to)
    ]


def client_disclosures(client) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(client=client).select_related("authorised_by").order_by("-occurred_at")


def case_disclosures(case) -> list[Disclosure]:
    return list(Disclosure.objects.filter(case=case).select_related("authorised_by").order_by("-occurred_at"))


def disclosure_facts(case) -> dict:
    """What the disclosure form shows beside the bases: the jurisdiction's duty to warn, with its citation."""
    jurisdiction = _jurisdiction(case.client.jurisdiction)
    duty = jurisdiction.duty_to_warn if jurisdiction is not None else None
    return {"duty_to_warn": duty, "jurisdiction_name": jurisdiction.name if jurisdiction else None}
