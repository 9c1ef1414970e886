"""Safety plans: drafts saved as typed and merged, finalising, versions, safer-surroundings steps followed up."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from carepath.cases.services import case_change_risk_level
from carepath.followup.models import FollowUpTask
from carepath.protocol import selectors as protocol
from carepath.safetyplans import pdf, selectors, services
from carepath.safetyplans.models import MeansStep


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _entry(**fields):
    return {"id": str(uuid.uuid4()), **fields}


@pytest.fixture
def plan(clinician, case):
    return services.plan_get_or_create(actor=clinician, client=case.client)


def _draft(**sections):
    draft = {
        "sections": {
            k: [] for k in ("warning_signs", "coping", "distraction", "help", "professionals", "environment", "reasons")
        }
    }
    draft["sections"].update(sections)
    draft.update(kept_at="In my wallet", environment_reason="")
    return draft


def _full(by_when=None):
    return _draft(
        warning_signs=[_entry(text="I stop eating")],
        help=[_entry(name="Wilhelmina Zephyrine", relationship="sister", phone="+1 415 555 0102")],
        distraction=[_entry(name="Choir", phone="")],
        professionals=[_entry(name="988 Suicide & Crisis Lifeline", role="Crisis line", phone="988", hours="24/7")],
        environment=[
            _entry(
                means="firearm",
                action="The rifle goes to Wilhelmina's safe",
                holder="Wilhelmina Zephyrine",
                by_when=(by_when or dt.date.today()).isoformat(),
            )
        ],
        reasons=[_entry(text="My niece")],
    )


def _save(clinician, plan, draft):
    plan.refresh_from_db()
    done = services.plan_draft_save(actor=clinician, plan=plan, draft=draft, base_revision=plan.draft_revision)
    plan.refresh_from_db()
    return done


def test_each_autosave_raises_the_revision_and_keeps_what_was_typed(clinician, plan):
    first = _save(clinician, plan, _draft(coping=[_entry(text="Walk")]))
    second = _save(clinician, plan, _draft(coping=[_entry(text="Walk"), _entry(text="Music")]))
    assert (first.revision, second.revision) == (1, 2) and not second.merged
    plan.refresh_from_db()
    assert [e["text"] for e in plan.draft["sections"]["coping"]] == ["Walk", "Music"]


def test_a_save_from_an_older_revision_is_merged_not_overwritten(clinician, supervisor, plan):
    walk = _entry(text="Walk")
    base_saved = _save(clinician, plan, _draft(coping=[walk]))
    base = base_saved.plan.draft
    # The supervisor adds something; the clinician, still on revision 1, adds something else.
    services.plan_draft_save(
        actor=supervisor, plan=plan, draft=_draft(coping=[walk, _entry(text="Call Ana")]), base_revision=1
    )
    done = services.plan_draft_save(
        actor=clinician, plan=plan, draft=_draft(coping=[walk, _entry(text="Music")]), base_revision=1, base=base
    )
    assert done.merged and done.revision == 3
    assert sorted(e["text"] for e in done.plan.draft["sections"]["coping"]) == ["Call Ana", "Music", "Walk"]


def test_an_empty_plan_cannot_be_finalised(clinician, plan):
    _save(clinician, plan, _draft())
    with pytest.raises(ValidationError, match="empty plan cannot be finalised"):
        services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)


def test_at_high_risk_the_environment_section_needs_entries_or_a_reason(clinician, plan):
    _save(clinician, plan, _draft(reasons=[_entry(text="My niece")]))
    with pytest.raises(ValidationError) as refused:
        services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    assert "environment_reason" in refused.value.message_dict
    version = services.plan_finalise(
        actor=clinician, plan=plan, base_revision=plan.draft_revision, environment_reason="No access to any means."
    ).record
    assert version.number == 1 and version.content["environment_reason"] == "No access to any means."


def test_phone_numbers_are_checked_and_written_for_the_clients_country(clinician, plan):
    draft = _full()
    draft["sections"]["help"].append(_entry(name="Typo", relationship="friend", phone="12"))
    _save(clinician, plan, draft)
    with pytest.raises(ValidationError, match="does not look like a phone number in US"):
        services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    plan.refresh_from_db()
    draft["sections"]["help"].pop()
    _save(clinician, plan, draft)
    version = services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision).record
    assert version.content["sections"]["help"][0]["phone"] == "(415) 555-0102"


def test_a_stale_finalise_is_refused_so_nobodys_last_words_are_lost(clinician, plan):
    _save(clinician, plan, _full())
    with pytest.raises(ValidationError, match="changed the draft since you opened it"):
        services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision - 1)


def test_finalising_completes_the_protocol_step_and_schedules_the_review_and_the_means_check(clinician, case, plan):
    _save(clinician, plan, _full())
    recorded = services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    version = recorded.record
    assert recorded.created and version.event.kind == "safety_plan_finalised" and "Signed by" in version.signature
    statuses = {s.step.id: s.state for s in protocol.case_step_statuses(case, protocol.case_steps(case)[0])}
    assert statuses["safety_plan.create"] == "done" and statuses["lethal_means.counsel"] == "outstanding"
    review = FollowUpTask.objects.get(case=case, rule_id="safety_plan_review", status="open")
    assert review.kind == "safety_plan_review" and review.due_at > version.occurred_at + dt.timedelta(days=29)
    step = MeansStep.objects.get(case=case)
    check = FollowUpTask.objects.get(case=case, rule_id="lethal_means_check", status="open")
    assert check.source_key == f"lethal_means_check:{step.pk}" and "rifle" in check.title


def test_confirming_every_step_closes_the_check_and_the_lethal_means_step(clinician, case, plan):
    _save(clinician, plan, _full())
    services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    step = MeansStep.objects.get(case=case)
    with pytest.raises(ValidationError, match="Say who confirmed it"):
        services.means_step_confirm(actor=clinician, step=step, done=True, how=" ")
    services.means_step_confirm(actor=clinician, step=step, done=True, how="Wilhelmina by phone: it is in her safe.")
    step.refresh_from_db()
    assert step.status == "confirmed"
    check = FollowUpTask.objects.get(case=case, rule_id="lethal_means_check")
    assert check.status == "done" and "it is in her safe" in check.outcome
    assert case.events.filter(kind="lethal_means_secured").exists()
    statuses = {s.step.id: s.state for s in protocol.case_step_statuses(case, protocol.case_steps(case)[0])}
    assert statuses["lethal_means.counsel"] == "done"


def test_a_second_version_completes_the_open_review_and_the_diff_says_what_changed(clinician, case, plan):
    _save(clinician, plan, _full())
    services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    plan.refresh_from_db()
    draft = plan.draft
    draft["sections"]["reasons"].append(_entry(text="Finishing my degree"))
    draft["sections"]["warning_signs"] = []
    _save(clinician, plan, draft)
    second = services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision).record
    reviews = FollowUpTask.objects.filter(case=case, rule_id="safety_plan_review").order_by("created_at")
    assert [t.status for t in reviews] == ["done", "open"]
    first = plan.versions.get(number=1)
    changes = {c.heading: c for c in selectors.changes(first.content, second.content)}
    assert changes["My reasons for living"].added == ["Finishing my degree"]
    assert changes["Signs that a crisis may be starting"].removed == ["I stop eating"]


def test_lethal_means_counselling_without_access_secures_the_step(clinician, case):
    services.lethal_means_counsel(
        actor=clinician,
        case=case,
        answers=[services.MeansAnswer(means=m, access="no") for m in ("firearm", "medication", "other")],
    )
    statuses = {s.step.id: s.state for s in protocol.case_step_statuses(case, protocol.case_steps(case)[0])}
    assert statuses["lethal_means.counsel"] == "done"
    assert case.events.filter(kind="lethal_means_counselled").exists()


def test_counselling_agreements_become_steps_in_the_draft_and_stay_open_until_confirmed(
    clinician, case, consented_contact
):
    steps = services.lethal_means_counsel(
        actor=clinician,
        case=case,
        answers=[
            services.MeansAnswer(
                means="firearm", access="yes", action="Rifle to his sister's safe", holder_contact=consented_contact
            ),
            services.MeansAnswer(means="medication", access="unknown"),
        ],
    )
    assert len(steps) == 1 and steps[0].holder_contact == consented_contact and steps[0].status == "agreed"
    plan = selectors.plan_of(case.client)
    assert plan.draft["sections"]["environment"][0]["action"] == "Rifle to his sister's safe"
    statuses = {s.step.id: s.state for s in protocol.case_step_statuses(case, protocol.case_steps(case)[0])}
    assert statuses["lethal_means.counsel"] == "outstanding"
    with pytest.raises(ValidationError) as refused:
        services.lethal_means_counsel(
            actor=clinician, case=case, answers=[services.MeansAnswer(means="firearm", access="yes", action="")]
        )
    assert "firearm_action" in refused.value.message_dict


def test_the_completeness_warnings_name_what_is_missing(clinician, case):
    warnings = selectors.completeness(_draft(), case.client)
    assert any("ask for help" in w for w in warnings) and any("crisis line" in w for w in warnings)
    assert not selectors.completeness(_full(), case.client)


def test_the_pdf_has_the_plan_and_its_fixed_text_in_spanish_with_accents(clinician, case, plan):
    _save(clinician, plan, _full())
    version = services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision).record
    english = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.plan_pdf(version, client=case.client, language="en"))).pages
    )
    assert "My safety plan" in english and "(415) 555-0102" in english and "Making my surroundings safer" in english
    data = pdf.plan_pdf(version, client=case.client, language="es")
    reader = PdfReader(io.BytesIO(data))
    spanish = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) <= 2
    assert "Mi plan de seguridad" in spanish and "Señales de que puede empezar una crisis" in spanish
    assert "Línea de Prevención del Suicidio y Crisis" in spanish and "Las 24 horas" in spanish


def test_markup_in_a_plan_is_never_markup_in_the_pdf_or_the_page(signed_in, clinician, case, plan):
    draft = _full()
    draft["sections"]["coping"] = [_entry(text="<script>alert(1)</script> & <b>bold</b>")]
    _save(clinician, plan, draft)
    version = services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision).record
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.plan_pdf(version, client=case.client, language="en"))).pages
    )
    assert "<script>alert(1)</script> & <b>bold</b>" in text
    page = signed_in(clinician).get(f"/clients/{case.client_id}/safety-plan/copy/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_link_shows_the_plan_until_it_is_revoked_or_expires_and_every_opening_is_audited(
    client, clinician, case, plan
):
    from carepath.audit.models import AuditEntry
    from carepath.core import clock

    _save(clinician, plan, _full())
    services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    token = services.plan_link_create(actor=clinician, plan=plan)
    assert client.get(f"/plan/{token}/").status_code == 200
    assert AuditEntry.objects.filter(action="safety_plan.link_open", client_id=case.client_id).count() == 1
    with clock.at(clock.now() + dt.timedelta(days=31)):
        assert services.plan_link_open(token=token) is None
    services.plan_link_revoke(actor=clinician, link=plan.links.get())
    assert client.get(f"/plan/{token}/").status_code == 404
    assert client.get("/plan/not-a-token/").status_code == 404


def test_the_command_line_writes_the_pdf_or_exits_2_with_one_line(clinician, case, plan, tmp_path, capsys):
    from carepath import cli

    out = tmp_path / "plan.pdf"
    assert cli.main(["safetyplan", "pdf", str(case.client_id), "--out", str(out)]) == 2
    assert "no finalised safety plan" in capsys.readouterr().err
    assert cli.main(["safetyplan", "pdf", str(uuid.uuid4()), "--out", str(out)]) == 2
    assert cli.main(["safetyplan", "pdf", "nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "no client with id" in err
    _save(clinician, plan, _full())
    services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    assert cli.main(["safetyplan", "pdf", str(case.client_id), "--language", "es", "--out", str(out)]) == 0
    assert "Mi plan de seguridad" in PdfReader(str(out)).pages[0].extract_text()


def test_risk_lowered_after_finalising_keeps_the_plan_done(clinician, supervisor, case, plan):
    _save(clinician, plan, _full())
    services.plan_finalise(actor=clinician, plan=plan, base_revision=plan.draft_revision)
    case_change_risk_level(actor=supervisor, case=case, risk_level="moderate", reason="Safer after the plan.")
    statuses = {s.step.id: s.state for s in protocol.case_step_statuses(case, protocol.case_steps(case)[0])}
    assert statuses["safety_plan.create"] == "done"


def test_two_first_opens_at_once_share_one_plan(clinician, supervisor, client_record, monkeypatch):
    """The second of two requests that both found no plan gets the first one's, not an error (load test: 500s)."""
    from carepath.safetyplans.models import SafetyPlan

    first = services.plan_get_or_create(actor=clinician, client=client_record)
    real_filter = SafetyPlan.objects.filter
    misses = iter([True])

    def filter_missing_once(*args, **kwargs):  # as if the other request had not committed yet when we looked
        found = real_filter(*args, **kwargs)
        return found.none() if next(misses, False) else found

    monkeypatch.setattr(SafetyPlan.objects, "filter", filter_missing_once)
    second = services.plan_get_or_create(actor=supervisor, client=client_record)
    assert second.pk == first.pk and SafetyPlan.objects.count() == 1
    saved = services.plan_draft_save(actor=supervisor, plan=second, draft=second.draft, base_revision=0)
    assert saved.revision == 1
