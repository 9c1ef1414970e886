"""Demo safety plans: Ellie Voss with two versions (the second after a review), Lucía Fernández's plan in Spanish
with her husband keeping the medicines (confirmed), Tyler Brooks's draft in progress, and the lethal-means
counselling of Danny Whitaker's crisis: the handgun to his sister's safe tonight, not confirmed yet."""

from __future__ import annotations

import datetime as dt
import uuid

from carepath.core import clock

from . import services
from .models import MeansStep, SafetyPlan


def _e(**fields) -> dict:
    return {"id": str(uuid.uuid4()), **fields}


def _plan(ctx, family: str, actor, when: dt.datetime) -> SafetyPlan:
    client = ctx.clients[family]
    with clock.at(when):
        return services.plan_get_or_create(actor=actor, client=client, prefill=_professionals(client))


def _professionals(client) -> dict:
    from carepath.jurisdictions.selectors import resolved_jurisdiction

    j = resolved_jurisdiction(client.jurisdiction)
    numbers = {
        "crisis_lines": [line.model_dump() for line in (j.crisis_lines or [])] if j else [],
        "emergency": {"status": "known", "numbers": [{"number": n} for n in j.emergency.numbers]} if j else None,
    }
    return services.prefilled_draft(client, numbers, list(client.care_team.filter(is_active=True)))


def _save(plan, actor, when, change):
    plan.refresh_from_db()
    draft = services.clean_draft(plan.draft)
    change(draft)
    with clock.at(when):
        services.plan_draft_save(actor=actor, plan=plan, draft=draft, base_revision=plan.draft_revision)
    plan.refresh_from_db()


def _finalise(plan, actor, when, reason=None):
    with clock.at(when):
        return services.plan_finalise(
            actor=actor, plan=plan, base_revision=plan.draft_revision, environment_reason=reason
        ).record


def seed(ctx) -> None:
    if SafetyPlan.objects.filter(organisation=ctx.organisation).exists():
        return
    now = ctx.now
    sam, priya = ctx.members["sam"], ctx.members["priya"]

    def ago(days=0, hours=0, minutes=0):
        return now - dt.timedelta(days=days, hours=hours, minutes=minutes)

    # Ellie Voss (Priya's client): version 1 during the anniversary crisis, version 2 at its review.
    voss = _plan(ctx, "Voss", priya, ago(days=11, hours=2))

    def voss_first(d):
        s = d["sections"]
        s["warning_signs"] += [_e(text="Setting two places at the table"), _e(text="Not answering Peter's calls")]
        s["coping"] += [_e(text="Walk to the lake with the dog"), _e(text="Play the piano pieces Tom liked")]
        s["distraction"] += [_e(name="Saturday choir at St Mark's", phone="")]
        s["help"] += [_e(name="Peter Voss", relationship="son", phone="+1 206 555 0191")]
        s["environment"] += [
            _e(
                means="medication",
                action="Peter keeps the sleeping tablets; a week's supply at a time",
                holder="Peter Voss",
                by_when=ago(days=10).date().isoformat(),
            )
        ]
        s["reasons"] += [_e(text="My granddaughter's first year at school"), _e(text="The garden Tom planted")]
        d["kept_at"] = "On the fridge, and a photo on my phone"

    _save(voss, priya, ago(days=11, hours=1), voss_first)
    _finalise(voss, priya, ago(days=11))
    step = MeansStep.objects.filter(client=ctx.clients["Voss"]).first()
    with clock.at(ago(days=9)):
        services.means_step_confirm(
            actor=priya,
            step=step,
            done=True,
            how="Peter, by phone: the tablets are in his house, one week given at a time.",
        )

    def voss_review(d):
        s = d["sections"]
        s["distraction"] += [_e(name="Bereavement group, Thursdays", phone="+1 206 555 0147")]
        s["help"] += [_e(name="Margit Lund", relationship="neighbour", phone="+1 206 555 0168")]
        s["warning_signs"] += [_e(text="Thinking the anniversary will never stop hurting")]

    _save(voss, priya, ago(days=4, hours=1), voss_review)
    _finalise(voss, priya, ago(days=4))

    # Lucía Fernández (Sam's client, Spanish): one version; her husband keeps the sleeping pills (confirmed).
    fernandez = _plan(ctx, "Fernández", sam, ago(days=29, hours=3))

    def fernandez_plan(d):
        s = d["sections"]
        s["warning_signs"] += [_e(text="No puedo dormir y pienso en el bebé toda la noche")]
        s["coping"] += [_e(text="Llamar a mi hermana en Guadalajara"), _e(text="Rezar y escuchar música")]
        s["distraction"] += [_e(name="La panadería de mi prima", phone="")]
        s["help"] += [_e(name="Andrés Fernández", relationship="esposo", phone="+1 510 555 0179")]
        s["environment"] += [
            _e(
                means="medication",
                action="Andrés guarda las pastillas para dormir",
                holder="Andrés Fernández",
                by_when=ago(days=28).date().isoformat(),
            )
        ]
        s["reasons"] += [_e(text="Mis dos hijos"), _e(text="Volver a pintar")]
        d["kept_at"] = "En mi bolso"

    _save(fernandez, sam, ago(days=29, hours=2), fernandez_plan)
    _finalise(fernandez, sam, ago(days=29))
    step = MeansStep.objects.filter(client=ctx.clients["Fernández"]).first()
    with clock.at(ago(days=27)):
        services.means_step_confirm(
            actor=sam, step=step, done=True, how="Andrés in session: the pills are in a locked box at work."
        )

    # Tyler Brooks (high-risk minor): a draft written yesterday, not finalised yet.
    brooks = _plan(ctx, "Brooks", sam, ago(days=1, hours=4))

    def brooks_draft(d):
        s = d["sections"]
        s["warning_signs"] += [_e(text="Staying in my room after school"), _e(text="Reading about overdoses")]
        s["coping"] += [_e(text="Drawing"), _e(text="Gaming with headphones on")]
        s["help"] += [_e(name="Karen Brooks", relationship="mum", phone="+1 415 555 0103")]

    _save(brooks, sam, ago(days=1, hours=3), brooks_draft)

    # Danny Whitaker (imminent): counselling during the crisis; the handgun agreement is not confirmed yet.
    case = ctx.cases.get("Whitaker")
    if case is not None:
        contacts = {c.name: c for c in case.client.support_contacts.all()}
        with clock.at(ago(hours=2)):
            services.lethal_means_counsel(
                actor=sam,
                case=case,
                answers=[
                    services.MeansAnswer(
                        means="firearm",
                        access="yes",
                        action="The handgun goes to Rachel's gun safe tonight; Danny keeps no key",
                        holder_contact=contacts.get("Rachel Whitaker"),
                        by_when=now.date(),
                    ),
                    services.MeansAnswer(means="medication", access="no"),
                    services.MeansAnswer(means="other", access="unknown"),
                ],
                note="Danny agreed on video while police were on the way; Rachel to confirm when she has it.",
            )
