"""Every write of safety plans: the draft saved as it is typed (merged, never overwritten), finalising a version,
confirming the steps that make the surroundings safer, sharing a version, and the client's links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from carepath.audit.services import audit_record
from carepath.cases.models import CaseStatus, RiskLevel, SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import case_append_event, check_occurred_at, require_case_access
from carepath.clients.access import can_see_client
from carepath.clients.models import Client, SupportContact
from carepath.core import clock

from . import events, merge, sections
from .models import MeansStatus, MeansStep, PlanLink, PlanShare, SafetyPlan, SafetyPlanVersion
from .phones import check_phone, region_of

MAX_ENTRIES = 30
MAX_TEXT = 1000
LINK_DAYS = 30
SUPPORTED_LANGUAGES = ("en", "es")


def _require_client(actor, client: Client) -> None:
    if not actor.is_clinical or client.organisation_id != actor.organisation_id or not can_see_client(actor, client):
        raise PermissionDenied("You are not on this client's care team.")


def open_case_of(client: Client) -> SafetyCase | None:
    return SafetyCase.objects.filter(client=client).exclude(status=CaseStatus.CLOSED).first()


# ---------------------------------------------------------------- the draft


def clean_draft(raw: Any) -> dict:
    """The draft in its one shape, whatever a browser sent: known sections, entries with an id and text fields."""
    if not isinstance(raw, dict):
        raise ValidationError("A safety plan draft is an object with sections.")
    out = sections.empty_plan()
    given = raw.get("sections") or {}
    if not isinstance(given, dict):
        raise ValidationError({"sections": "The sections of the plan are missing."})
    unknown = set(given) - set(sections.SECTION_IDS)
    if unknown:
        raise ValidationError({"sections": f"Unknown section: {', '.join(sorted(unknown))}."})
    for section in sections.SECTIONS:
        entries = given.get(section.id) or []
        if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
            raise ValidationError({section.id: f"At most {MAX_ENTRIES} entries in a section."})
        names = {f.name for f in section.fields}
        for entry in entries:
            if not isinstance(entry, dict):
                raise ValidationError({section.id: "Each entry is an object."})
            clean = {"id": str(entry.get("id") or uuid.uuid4())[:64]}
            for name in names:
                value = entry.get(name, "")
                if not isinstance(value, str):
                    raise ValidationError({section.id: f"'{name}' must be text."})
                clean[name] = value.strip()[:MAX_TEXT]
            if any(clean[name] for name in names):  # an entry left empty is not kept
                out["sections"][section.id].append(clean)
    for name in ("kept_at", "environment_reason"):
        value = raw.get(name, "")
        if not isinstance(value, str):
            raise ValidationError({name: "Must be text."})
        out[name] = value.strip()[:MAX_TEXT]
    return out


def prefilled_draft(client: Client, jurisdiction_numbers: dict | None, care_team: list) -> dict:
    """A new plan starts with the client's professionals and the crisis lines and emergency number where they are."""
    draft = sections.empty_plan()
    professionals = draft["sections"]["professionals"]
    for entry in care_team:
        name = entry.external_name or str(entry.member or "")
        phone = entry.external_phone or ""
        if name:
            role = entry.role + (f", {entry.external_organisation}" if entry.external_organisation else "")
            professionals.append({"id": str(uuid.uuid4()), "name": name, "role": role, "phone": phone, "hours": ""})
    numbers = jurisdiction_numbers or {}
    for line in numbers.get("crisis_lines", [])[:3]:
        if line.get("status") == "known" and line.get("phone"):
            professionals.append(
                {
                    "id": str(uuid.uuid4()),
                    "name": line["name"],
                    "role": "Crisis line",
                    "phone": line["phone"].split(",")[0].strip(),
                    "hours": line.get("hours") or "",
                }
            )
    emergency = numbers.get("emergency") or {}
    if emergency.get("status") == "known" and emergency.get("numbers"):
        professionals.append(
            {
                "id": str(uuid.uuid4()),
                "name": "Emergency services",
                "role": "Emergency",
                "phone": emergency["numbers"][0]["number"],
                "hours": "24/7",
            }
        )
    return draft


@transaction.atomic
def plan_get_or_create(*, actor, client: Client, prefill: dict | None = None) -> SafetyPlan:
    _require_client(actor, client)
    plan = SafetyPlan.objects.filter(client=client).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            plan = SafetyPlan.objects.create(
                organisation_id=client.organisation_id,
                client=client,
                draft=prefill or sections.empty_plan(),
                created_at=clock.now(),
            )
    except IntegrityError:
        # Two first opens at once (two clinicians, or an autosave beside a page load): the other one made it.
        return SafetyPlan.objects.get(client=client)
    audit_record(actor=actor, action="safety_plan.create", obj=plan, client_id=client.pk)
    return plan


@dataclass
class DraftSaved:
    plan: SafetyPlan
    revision: int
    merged: bool = False
    conflicts: list[str] = field(default_factory=list)


@transaction.atomic
def plan_draft_save(*, actor, plan: SafetyPlan, draft: Any, base_revision: int, base: Any | None = None) -> DraftSaved:
    """Save the draft as typed. From an older revision (someone else saved meanwhile), the two are merged and the
    conflicts said, so that no one's changes are silently lost."""
    _require_client(actor, plan.client)
    mine = clean_draft(draft)
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    merged, conflicts = False, []
    if base_revision != plan.draft_revision:
        if base_revision > plan.draft_revision:
            raise ValidationError({"revision": "This draft is newer than the saved one; reload the page."})
        result = merge.merge(clean_draft(base) if base else sections.empty_plan(), mine, plan.draft or {})
        mine, conflicts, merged = clean_draft(result.draft), result.conflicts, True
    plan.draft = mine
    plan.draft_revision += 1
    plan.draft_updated_at, plan.draft_updated_by = clock.now(), actor
    plan.save(update_fields=["draft", "draft_revision", "draft_updated_at", "draft_updated_by"])
    audit_record(
        actor=actor,
        action="safety_plan.draft",
        obj=plan,
        client_id=plan.client_id,
        detail={"revision": plan.draft_revision, "merged": merged},
    )
    return DraftSaved(plan, plan.draft_revision, merged, conflicts)


# ---------------------------------------------------------------- finalising


def checked_content(draft: dict, client: Client) -> tuple[dict, dict[str, str]]:
    """The draft with its phone numbers written for the client's country, and the errors by field."""
    region = region_of(client.jurisdiction)
    content = clean_draft(draft)
    errors: dict[str, str] = {}
    for section in sections.SECTIONS:
        for index, entry in enumerate(content["sections"][section.id]):
            if "phone" in entry:
                formatted, error = check_phone(entry["phone"], region)
                entry["phone"] = formatted
                if error:
                    errors[f"{section.id}.{index}.phone"] = f"{entry.get('name') or entry['phone']}: {error}"
            if section.id == "environment" and entry.get("by_when"):
                try:
                    dt.date.fromisoformat(entry["by_when"])
                except ValueError:
                    errors[f"environment.{index}.by_when"] = f"{entry.get('action') or 'A step'}: give the date."
    return content, errors


def plan_language(client: Client) -> str:
    language = (client.preferred_language or "en").split("-")[0].lower()
    return language if language in SUPPORTED_LANGUAGES else "en"


@transaction.atomic
def plan_finalise(
    *, actor, plan: SafetyPlan, base_revision: int, environment_reason: str | None = None
) -> Recorded[SafetyPlanVersion]:
    """Make the draft an immutable version, signed by the clinician, on the client's open safety case."""
    client = plan.client
    case = open_case_of(client)
    if case is None:
        raise ValidationError("Finalising needs an open safety case for this client; the draft is kept.")
    require_case_access(actor, case)
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if base_revision != plan.draft_revision:
        raise ValidationError(
            {"revision": "Someone changed the draft since you opened it: check their changes, then finalise again."}
        )
    draft = dict(plan.draft or {})
    if environment_reason is not None:
        draft["environment_reason"] = environment_reason
    content, errors = checked_content(draft, client)
    filled = [s for s in sections.SECTION_IDS if content["sections"][s]]
    if not filled:
        raise ValidationError("An empty plan cannot be finalised: write at least one section with the client.")
    high = case.risk_level in (RiskLevel.HIGH, RiskLevel.IMMINENT)
    if high and not content["sections"]["environment"] and not content["environment_reason"]:
        errors["environment_reason"] = (
            "At high and imminent risk the plan says how the surroundings will be made safer; "
            "if that section stays empty, write why."
        )
    if errors:
        raise ValidationError(errors)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    now = clock.now()
    signature = f"Signed by {actor} on {case.organisation.format_time(now)}"

    def write_means() -> tuple[dict, dict]:
        created = _means_steps_from(actor, case, content["sections"]["environment"])
        return {}, {"means_steps": [str(s.pk) for s in created]}

    def prepare() -> Entry:
        return Entry(
            kind=events.PLAN_FINALISED,
            summary=f"Safety plan version {number} finalised with the client ({', '.join(filled)}).",
            occurred_at=now,
            details={"plan": str(plan.pk), "version": number, "sections": filled},
            fields={
                "plan": plan,
                "number": number,
                "content": content,
                "language": plan_language(client),
                "signature": signature,
            },
            audit_action="safety_plan.finalise",
            audit_detail={"version": number},
            also=write_means,
        )

    return case_record_append(actor=actor, case=case, model=SafetyPlanVersion, prepare=prepare)


def _means_steps_from(actor, case: SafetyCase, entries: list[dict]) -> list[MeansStep]:
    """Each agreed step of the environment section becomes something to confirm (once per entry)."""
    created = []
    contacts = list(SupportContact.objects.filter(client_id=case.client_id, is_active=True))
    for entry in entries:
        if not entry.get("action"):
            continue
        if MeansStep.objects.filter(case=case, entry_id=entry["id"]).exists():
            continue
        holder = entry.get("holder", "")
        contact = next((c for c in contacts if holder and c.name.lower() in holder.lower()), None)
        by_when = dt.date.fromisoformat(entry["by_when"]) if entry.get("by_when") else None
        step = MeansStep.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            client_id=case.client_id,
            entry_id=entry["id"],
            means=entry.get("means") or "other",
            action=entry["action"][:500],
            holder=holder[:200],
            holder_contact=contact,
            by_when=by_when,
            created_by=actor,
            created_at=clock.now(),
        )
        due = _due_at(case, by_when)
        case_append_event(
            actor=actor,
            case=case,
            kind=events.MEANS_AGREED,
            summary=f"To make the surroundings safer: {step.action}"
            + (f" ({holder})" if holder else "")
            + (f", by {by_when:%d %b %Y}" if by_when else "")
            + ". To be confirmed.",
            details={"step": str(step.pk), "means": step.means, "due_at": due.isoformat()},
        )
        created.append(step)
    return created


def _due_at(case: SafetyCase, by_when: dt.date | None) -> dt.datetime:
    """When the step should be confirmed: the end of its day, else two days from now."""
    if by_when is None:
        return clock.now() + dt.timedelta(days=2)
    return dt.datetime.combine(by_when, dt.time(18, 0), tzinfo=case.organisation.zone)


@transaction.atomic
def means_step_confirm(
    *, actor, step: MeansStep, done: bool, how: str, occurred_at: dt.datetime | None = None
) -> MeansStep:
    """Someone confirmed the step was done (or that it was not); when every step of the case is confirmed, the
    surroundings count as made safer (the protocol's lethal-means step)."""
    case = SafetyCase.objects.get(pk=step.case_id)
    require_case_access(actor, case)
    if step.status != MeansStatus.AGREED:
        raise ValidationError("This step was already confirmed or marked not done.")
    how = (how or "").strip()
    if not how:
        raise ValidationError(
            {"how": "Say who confirmed it and how (e.g. 'Rachel, by phone: the gun is at her house')."}
        )
    when = check_occurred_at(occurred_at, case)
    step.status = MeansStatus.CONFIRMED if done else MeansStatus.NOT_DONE
    step.confirmed_how, step.confirmed_by, step.confirmed_at = how[:300], actor, when
    step.save(update_fields=["status", "confirmed_how", "confirmed_by", "confirmed_at"])
    kind = events.MEANS_CONFIRMED if done else events.MEANS_NOT_DONE
    verb = "Confirmed" if done else "Not done"
    case_append_event(
        actor=actor,
        case=case,
        kind=kind,
        summary=f"{verb}: {step.action}. {how.rstrip('.')}.",
        details={"step": str(step.pk), "how": how},
        occurred_at=when,
    )
    audit_record(actor=actor, action=f"safety_plan.means_{'confirmed' if done else 'not_done'}", obj=step)
    if done and not MeansStep.objects.filter(case=case).exclude(status=MeansStatus.CONFIRMED).exists():
        case_append_event(
            actor=actor,
            case=case,
            kind=events.MEANS_SECURED,
            summary="Every step agreed to make the surroundings safer is confirmed.",
            details={"steps": list(MeansStep.objects.filter(case=case).values_list("entry_id", flat=True))},
            occurred_at=when,
        )
    return step


# ---------------------------------------------------------------- sharing and links


@transaction.atomic
def plan_share_record(*, actor, version: SafetyPlanVersion, contact: SupportContact, how: str) -> Recorded[PlanShare]:
    """A support person received a version of the plan (who, which version, how)."""
    case = SafetyCase.objects.get(pk=version.case_id)

    def prepare() -> Entry:
        if contact.client_id != case.client_id:
            raise ValidationError({"contact": "That person is not a support contact of this client."})
        text = (how or "").strip()
        if not text:
            raise ValidationError({"how": "Say how they received it (printed copy, read over the phone...)."})
        return Entry(
            kind=events.PLAN_SHARED,
            summary=f"Safety plan version {version.number} given to {contact} ({text}).",
            occurred_at=clock.now(),
            details={"version": version.number, "contact": str(contact.pk)},
            fields={"version": version, "contact": contact, "how": text[:100]},
            audit_action="safety_plan.share",
            audit_detail={"version": version.number},
        )

    return case_record_append(actor=actor, case=case, model=PlanShare, prepare=prepare)


def link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def plan_link_create(*, actor, plan: SafetyPlan, days: int = LINK_DAYS) -> str:
    """A link for the client's phone, showing only their current plan; returns the secret once."""
    _require_client(actor, plan.client)
    if not plan.versions.exists():
        raise ValidationError("Finalise the plan before giving the client a link to it.")
    if not 1 <= days <= 90:
        raise ValidationError({"days": "A link lasts from 1 to 90 days."})
    token = secrets.token_urlsafe(24)
    link = PlanLink.objects.create(
        plan=plan,
        token_hash=link_token_hash(token),
        created_by=actor,
        created_at=clock.now(),
        expires_at=clock.now() + dt.timedelta(days=days),
    )
    audit_record(actor=actor, action="safety_plan.link_create", obj=link, client_id=plan.client_id)
    return token


@transaction.atomic
def plan_link_revoke(*, actor, link: PlanLink) -> PlanLink:
    _require_client(actor, link.plan.client)
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = clock.now(), actor
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, action="safety_plan.link_revoke", obj=link, client_id=link.plan.client_id)
    return link


@transaction.atomic
def plan_link_open(*, token: str, ip: str | None = None) -> SafetyPlanVersion | None:
    """The plan behind a client's link, or None (unknown, expired or revoked); every opening is audited."""
    link = (
        PlanLink.objects.select_related("plan", "plan__client").filter(token_hash=link_token_hash(token or "")).first()
    )
    now = clock.now()
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        return None
    version = link.plan.versions.order_by("-number").first()
    PlanLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    audit_record(
        actor=None,
        actor_label="client link",
        action="safety_plan.link_open",
        obj=link,
        client_id=link.plan.client_id,
        organisation_id=link.plan.organisation_id,
        ip=ip,
    )
    return version


# ---------------------------------------------------------------- lethal-means counselling


@dataclass
class MeansAnswer:
    """What counselling found for one kind of means: is there access, and what was agreed about it."""

    means: str  # firearm / medication / other
    access: str  # yes / no / unknown
    action: str = ""
    holder: str = ""
    holder_contact: SupportContact | None = None
    by_when: dt.date | None = None
    confirmed_how: str = ""  # filled when the step is already confirmed (e.g. the holder said so on the phone)


ACCESS = ("yes", "no", "unknown")


@transaction.atomic
def lethal_means_counsel(
    *, actor, case: SafetyCase, answers: list[MeansAnswer], note: str = "", occurred_at: dt.datetime | None = None
) -> list[MeansStep]:
    """Record lethal-means counselling: for each kind of means, whether the client has access and what was agreed
    (who keeps it, by when). Each agreement becomes a step to confirm (and an entry of the plan's draft); when
    there is no access to any means, or every agreement is confirmed, the surroundings count as made safer."""
    require_case_access(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This safety case is closed.")
    errors: dict[str, str] = {}
    known = {m for m, _label in sections.MEANS}
    for answer in answers:
        if answer.means not in known:
            errors["means"] = "Unknown kind of means."
        if answer.access not in ACCESS:
            errors[f"{answer.means}_access"] = "Say whether the client has access: yes, no or not known."
        if answer.access == "yes" and not answer.action.strip():
            errors[f"{answer.means}_action"] = "Write what was agreed (e.g. 'Rachel keeps the handgun at her house')."
        if answer.holder_contact is not None and answer.holder_contact.client_id != case.client_id:
            errors[f"{answer.means}_holder"] = "That person is not a support contact of this client."
    if not answers:
        errors["means"] = "Answer at least one kind of means."
    if errors:
        raise ValidationError(errors)
    when = check_occurred_at(occurred_at, case)
    parts = []
    for answer in answers:
        label = str(dict(sections.MEANS)[answer.means]).lower()
        if answer.access == "yes":
            parts.append(f"{label}: access; agreed: {answer.action.strip().rstrip('.')}")
        elif answer.access == "no":
            parts.append(f"{label}: no access reported")
        else:
            parts.append(f"{label}: access not known")
    summary = "Lethal-means counselling. " + "; ".join(parts) + "." + (f" {note.strip()}" if note.strip() else "")
    case_append_event(
        actor=actor,
        case=case,
        kind=events.MEANS_COUNSELLED,
        summary=summary,
        details={"access": {a.means: a.access for a in answers}},
        occurred_at=when,
    )
    audit_record(actor=actor, action="safety_plan.means_counselled", obj=case, client_id=case.client_id)
    entries = []
    for answer in answers:
        if answer.access != "yes":
            continue
        holder = answer.holder.strip() or (str(answer.holder_contact) if answer.holder_contact else "")
        entries.append(
            {
                "id": str(uuid.uuid4()),
                "means": answer.means,
                "action": answer.action.strip()[:500],
                "holder": holder[:200],
                "by_when": answer.by_when.isoformat() if answer.by_when else "",
            }
        )
    steps = _means_steps_from(actor, case, entries)
    _add_to_draft(actor, case.client, entries)
    for step, answer in zip(steps, [a for a in answers if a.access == "yes"], strict=False):
        if answer.holder_contact is not None and step.holder_contact is None:
            step.holder_contact = answer.holder_contact
            step.save(update_fields=["holder_contact"])
        if answer.confirmed_how.strip():
            means_step_confirm(actor=actor, step=step, done=True, how=answer.confirmed_how, occurred_at=when)
    no_access = all(a.access == "no" for a in answers)
    if no_access:
        case_append_event(
            actor=actor,
            case=case,
            kind=events.MEANS_SECURED,
            summary="Lethal-means counselling: the client reports no access to firearms, medicines or other means.",
            details={"reason": "no_access"},
            occurred_at=when,
        )
    return steps


def _add_to_draft(actor, client: Client, entries: list[dict]) -> None:
    """What counselling agreed goes into the plan's draft too, so the plan the client takes home says it."""
    if not entries:
        return
    plan = SafetyPlan.objects.select_for_update().filter(client=client).first()
    if plan is None:
        plan = plan_get_or_create(actor=actor, client=client)
        plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    draft = clean_draft(plan.draft or sections.empty_plan())
    draft["sections"]["environment"] += entries
    plan.draft = clean_draft(draft)
    plan.draft_revision += 1
    plan.draft_updated_at, plan.draft_updated_by = clock.now(), actor
    plan.save(update_fields=["draft", "draft_revision", "draft_updated_at", "draft_updated_by"])
