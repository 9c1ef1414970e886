"""Reads of safety plans: the current version, versions and what changed, completeness, steps to confirm."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from carepath.cases.models import SafetyCase
from carepath.clients.models import Client
from carepath.jurisdictions import packs
from carepath.jurisdictions.links import tel_href

from . import sections
from .models import MeansStatus, MeansStep, SafetyPlan, SafetyPlanVersion
from .phones import region_of, tel_target


def plan_of(client: Client) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(client=client).first()


def current_version(plan: SafetyPlan | None) -> SafetyPlanVersion | None:
    if plan is None:
        return None
    return plan.versions.select_related("actor").order_by("-number").first()


def versions(plan: SafetyPlan) -> list[SafetyPlanVersion]:
    return list(plan.versions.select_related("actor").order_by("-number"))


def open_means_steps(case: SafetyCase) -> list[MeansStep]:
    return list(MeansStep.objects.filter(case=case, status=MeansStatus.AGREED).order_by("by_when", "created_at"))


def means_steps(case: SafetyCase) -> list[MeansStep]:
    return list(MeansStep.objects.filter(case=case).select_related("confirmed_by").order_by("created_at"))


def entry_text(section: sections.Section, entry: dict) -> str:
    """One entry as a line of text (for comparing versions and for the PDF)."""
    parts = []
    for f in section.fields:
        value = entry.get(f.name, "")
        if not value:
            continue
        if f.kind == "choice":
            value = str(dict(f.choices).get(value, value))
        parts.append(value)
    return " · ".join(parts)


@dataclass(frozen=True)
class SectionChange:
    heading: str
    added: list[str]
    removed: list[str]


def changes(older: dict, newer: dict) -> list[SectionChange]:
    """What changed from one version's content to another's, section by section (added and removed lines)."""
    found = []
    for section in sections.SECTIONS:
        before = [entry_text(section, e) for e in older.get("sections", {}).get(section.id, [])]
        after = [entry_text(section, e) for e in newer.get("sections", {}).get(section.id, [])]
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        added, removed = [], []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("replace", "delete"):
                removed += before[i1:i2]
            if op in ("replace", "insert"):
                added += after[j1:j2]
        if added or removed:
            found.append(SectionChange(str(section.heading), added, removed))
    for name, label in (("kept_at", _("Where I keep this plan")), ("environment_reason", _("Why nothing is listed"))):
        if older.get(name, "") != newer.get(name, ""):
            found.append(
                SectionChange(
                    str(label),
                    [newer.get(name)] if newer.get(name) else [],
                    [older.get(name)] if older.get(name) else [],
                )
            )
    return found


def crisis_numbers(client: Client) -> set[str]:
    """The digits of the crisis lines and emergency numbers of the client's jurisdiction."""
    try:
        j = packs.get(client.jurisdiction)
    except packs.UnknownJurisdiction:
        return set()
    found = set()
    for line in j.crisis_lines or []:
        if line.status == "known" and line.phone:
            found.add((tel_href(line.phone) or "").removeprefix("tel:"))
    if j.emergency and j.emergency.status == "known":
        found |= {(tel_href(n) or "").removeprefix("tel:") for n in j.emergency.numbers}
    return {n for n in found if n}


def completeness(content: dict, client: Client) -> list[str]:
    """What a plan is missing that makes it weaker: the warnings shown while it is written and finalised."""
    s = content.get("sections", {})
    warnings = []
    if not [e for e in s.get("distraction", []) if e.get("name")]:
        warnings.append(_("No person or place to take the client's mind off things is listed."))
    if not [e for e in s.get("help", []) if e.get("name")]:
        warnings.append(_("No person the client can ask for help is listed: plans without one are weaker."))
    region = region_of(client.jurisdiction)
    listed = {tel_target(e.get("phone", ""), region).lstrip("+") for e in s.get("professionals", []) if e.get("phone")}
    if not listed & {n.lstrip("+") for n in crisis_numbers(client)}:
        warnings.append(_("No crisis line or emergency number is listed."))
    if not s.get("environment") and not content.get("environment_reason"):
        warnings.append(_("Nothing is said about making the surroundings safer (firearms, medicines, other means)."))
    if not content.get("kept_at"):
        warnings.append(_("Where the client will keep the plan is not written down."))
    return warnings


def readers(client: Client) -> list[str]:
    """Who can read the plan in CarePath: the care team and the practice's supervisors (told to the client)."""
    team = [str(e) for e in client.care_team.filter(is_active=True).select_related("member") if e.member_id]
    return team


def handover_lines(case: SafetyCase) -> list[str]:
    """The current (finalised) safety plan as lines of text, for a hand-over summary."""
    version = current_version(plan_of(case.client))
    if version is None:
        return ["No finalised safety plan."]
    lines = [f"Version {version.number}, finalised {version.occurred_at:%d %b %Y} by {version.actor}."]
    content = version.content.get("sections", {}) if isinstance(version.content, dict) else {}
    for section in sections.SECTIONS:
        entries = [entry_text(section, e) for e in content.get(section.id, []) if isinstance(e, dict)]
        entries = [e for e in entries if e]
        if entries:
            lines.append(f"{section.heading}: " + "; ".join(entries))
    return lines
