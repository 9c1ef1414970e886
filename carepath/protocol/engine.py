"""The protocol engine: a pure function from a case's facts to the ordered steps it calls for.

Inputs are the risk level, the resolved jurisdiction (or None when the client's jurisdiction has no
pack), the client's facts and the organisation's policy; the clinical rules are data
(``data/protocol/rules.yaml``, see ``rules.py``). Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from carepath.jurisdictions.packs import Jurisdiction

from .rules import RISK_LEVELS, STAGES, DoneBy, Policy, Rules, StepRule, When, rules

UNKNOWN = "unknown"
# Steps any step can be completed by, whatever its own done_by says: the generic tick and "not applicable".
STEP_DONE = "protocol_step_done"
STEP_NOT_APPLICABLE = "protocol_step_not_applicable"


@dataclass(frozen=True)
class ClientFacts:
    """What the engine needs to know about the client and the case."""

    age: int | None = None
    is_minor: bool = False
    sud_protected: bool = False
    at_risk: str = "self"  # self / others / both
    firearm_access: bool = False


@dataclass(frozen=True)
class Step:
    id: str
    stage: str
    title: str
    required: bool
    reason: str
    legal_basis: str | None  # citation from the pack, "unknown", or None for a purely clinical step
    legal_reviewed: str | None  # ISO date the pack's fact was last reviewed
    done_by: list[dict] = field(default_factory=list)  # [{"kind": ..., "details": {...}}]
    sources: list[str] = field(default_factory=list)  # titles of clinical sources, or the policy version
    due_within_minutes: int | None = None
    cautions: list[str] = field(default_factory=list)
    origin: str = "rules"  # rules / jurisdiction / policy

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def kinds(self) -> set[str]:
        return {d["kind"] for d in self.done_by} | {STEP_DONE, STEP_NOT_APPLICABLE}


def _holds(when: When, risk_level: str, facts: ClientFacts) -> bool:
    if when.risk is not None and risk_level not in when.risk:
        return False
    if when.at_risk is not None and facts.at_risk not in when.at_risk:
        return False
    if when.minor is not None and facts.is_minor != when.minor:
        return False
    if when.sud_protected is not None and facts.sud_protected != when.sud_protected:
        return False
    if when.firearm_access is not None and facts.firearm_access != when.firearm_access:
        return False
    return True


def _basis(section: str, jurisdiction: Jurisdiction | None) -> tuple[str | None, str | None]:
    """The citation the pack gives for a step's legal basis, and when it was reviewed."""
    if section == "none":
        return None, None
    if jurisdiction is None:
        return UNKNOWN, None
    if section == "disclosure_self_harm":
        bases = [b for b in (jurisdiction.disclosure_bases or []) if "self_harm" in b.applies_to]
        known = [b for b in bases if b.status == "known"]
        if not known:
            return UNKNOWN, None
        return "; ".join(b.citation for b in known), max(b.reviewed for b in known).isoformat()
    fact = jurisdiction.section(section)
    if fact is None or fact.status != "known" or not fact.citation:
        return UNKNOWN, None
    return fact.citation, fact.reviewed.isoformat() if fact.reviewed else None


def _title_values(jurisdiction: Jurisdiction | None) -> dict[str, str]:
    emergency = jurisdiction.emergency if jurisdiction else None
    hold = jurisdiction.emergency_hold if jurisdiction else None
    return {
        "emergency_number": emergency.numbers[0]
        if emergency is not None and emergency.status == "known" and emergency.numbers
        else "the emergency number",
        "jurisdiction": jurisdiction.name if jurisdiction else "this jurisdiction",
        "hold_name": hold.name if hold is not None and hold.status == "known" and hold.name else "an emergency hold",
    }


def _done_by(items: list[DoneBy]) -> list[dict]:
    return [{"kind": d.kind, "details": dict(d.details)} for d in items]


def _from_rule(
    rule: StepRule, risk_level: str, facts: ClientFacts, jurisdiction, the_rules: Rules, origin: str = "rules"
) -> Step:
    citation, reviewed = _basis(rule.basis, jurisdiction)
    return Step(
        id=rule.id,
        stage=rule.stage,
        title=rule.title.format(**_title_values(jurisdiction)),
        required=rule.is_required_at(risk_level),
        reason=rule.reason.strip(),
        legal_basis=citation,
        legal_reviewed=reviewed,
        done_by=_done_by(rule.done_by),
        sources=[the_rules.sources[s].title for s in rule.sources] or ([rule.source_note] if rule.source_note else []),
        due_within_minutes=rule.due_within_minutes,
        cautions=[c.text for c in rule.cautions if _holds(c.when, risk_level, facts)],
        origin=origin,
    )


def _duty_steps(risk_level: str, facts: ClientFacts, jurisdiction, the_rules: Rules) -> list[Step]:
    duty_rules = the_rules.duty_to_warn
    if not _holds(duty_rules.when, risk_level, facts):
        return []
    duty = jurisdiction.duty_to_warn if jurisdiction is not None else None
    if duty is None or duty.type == "unknown" or duty.status != "known":
        return [_from_rule(duty_rules.unknown, risk_level, facts, jurisdiction, the_rules, origin="jurisdiction")]
    if duty.type == "none":
        return [_from_rule(duty_rules.none, risk_level, facts, jurisdiction, the_rules, origin="jurisdiction")]
    mandatory = duty.type == "mandatory"
    name = jurisdiction.name
    summary = (duty.summary or "").strip()
    steps = []
    # A mandatory duty whose discharge the pack does not list: one step pointing at the law's own words. Where the
    # law only permits a warning there is no duty to discharge: the steps say what is permitted, and "the other
    # steps the law names" is left out.
    options = duty.discharge or ["other"]
    if not mandatory:
        options = [o for o in options if o != "other"] or ["other"]
    for option in options:
        template = duty_rules.discharge[option]
        if mandatory:
            reason = f"The law of {name} requires this to discharge the duty to warn/protect."
        else:
            reason = f"The law of {name} permits this (it does not require it): decide and record why."
        if summary:
            reason += f" {summary}"
        steps.append(
            Step(
                id=template.id,
                stage=template.stage,
                title=template.title if mandatory else (template.permitted_title or template.title),
                required=mandatory,
                reason=reason,
                legal_basis=duty.citation or UNKNOWN,
                legal_reviewed=duty.reviewed.isoformat() if duty.reviewed else None,
                done_by=_done_by(template.done_by),
                sources=[duty.source] if duty.source else [],
                origin="jurisdiction",
            )
        )
    return steps


def _report_steps(risk_level: str, facts: ClientFacts, jurisdiction) -> list[Step]:
    """A report the pack says the law requires of the treating clinician (e.g. New York's SAFE Act report) is a
    required step when the case is about what the report is about, at high or imminent risk."""
    if jurisdiction is None or risk_level not in ("high", "imminent"):
        return []
    about = {"self": {"self_harm"}, "others": {"harm_to_others"}, "both": {"self_harm", "harm_to_others"}}
    steps = []
    for report in jurisdiction.mandatory_reports or []:
        if report.status != "known" or not about.get(facts.at_risk, {"self_harm"}) & set(report.applies_to):
            continue
        when = f" within {report.within}" if report.within and report.within != "not stated in the sources read" else ""
        reason = "The law requires it" + (f" of {report.who_must_report.rstrip('.')}" if report.who_must_report else "")
        reason += f": {report.trigger.rstrip('.')}." if report.trigger else "."
        if report.to_whom:
            reason += f" To: {report.to_whom}"
        steps.append(
            Step(
                id=f"disclosure.report_{re.sub(r'[^a-z0-9_]', '_', report.id.lower())}",
                stage="disclosure",
                title=f"{report.title}{when}",
                required=True,
                reason=reason,
                legal_basis=report.citation or UNKNOWN,
                legal_reviewed=report.reviewed.isoformat() if report.reviewed else None,
                done_by=[{"kind": "disclosure", "details": {"recipient_type": report.recipient_type}}],
                sources=[report.source] if report.source else [],
                due_within_minutes=int(report.within_hours * 60) if report.within_hours else None,
                origin="jurisdiction",
            )
        )
    return steps


def _apply_policy(
    steps: list[Step], policy: Policy | None, policy_label: str, risk_level: str, facts, jurisdiction, the_rules
) -> list[Step]:
    if policy is None:
        return steps
    locked = {r.id for r in the_rules.steps if r.locked} | {
        s.id for s in steps if s.origin == "jurisdiction" and s.required
    }
    by_id = {s.id: s for s in steps}
    for override in policy.overrides:
        step = by_id.get(override.step)
        if step is None:
            continue
        changes = {}
        if override.required is not None and not (step.id in locked and not override.required):
            changes["required"] = override.required
        if override.due_within_minutes is not None:
            changes["due_within_minutes"] = override.due_within_minutes
        if changes:
            changes["sources"] = [*step.sources, policy_label]
            by_id[step.id] = Step(**{**step.as_dict(), **changes})
    result = [by_id[s.id] for s in steps]
    for rule in policy.steps:
        if _holds(rule.when, risk_level, facts):
            step = _from_rule(rule, risk_level, facts, jurisdiction, the_rules, origin="policy")
            result.append(Step(**{**step.as_dict(), "sources": [policy_label]}))
    return result


def compute(
    *,
    risk_level: str,
    jurisdiction: Jurisdiction | None,
    facts: ClientFacts,
    policy: Policy | None = None,
    policy_label: str = "Organisation policy",
    the_rules: Rules | None = None,
) -> list[Step]:
    """The steps the case calls for, ordered by stage (emergency first), then as the rules list them."""
    if risk_level not in RISK_LEVELS:
        raise ValueError(f"unknown risk level '{risk_level}'")
    the_rules = the_rules or rules()
    steps = [
        _from_rule(rule, risk_level, facts, jurisdiction, the_rules)
        for rule in the_rules.steps
        if _holds(rule.when, risk_level, facts)
    ]
    steps += _duty_steps(risk_level, facts, jurisdiction, the_rules)
    steps += _report_steps(risk_level, facts, jurisdiction)
    steps = _apply_policy(steps, policy, policy_label, risk_level, facts, jurisdiction, the_rules)
    order = {stage: i for i, stage in enumerate(STAGES)}
    return sorted(steps, key=lambda s: order[s.stage])  # sorted() is stable: rule order holds within a stage


def step_from_dict(data: dict) -> Step:
    return Step(**data)


def due_at(step: Step, since: dt.datetime) -> dt.datetime | None:
    return since + dt.timedelta(minutes=step.due_within_minutes) if step.due_within_minutes else None
