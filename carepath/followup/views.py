"""Follow-up pages: worklists, a task with its forms, the case panel, notifications, calendar feed, rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carepath.accounts.selectors import clinical_member_choices, clinical_members
from carepath.assessments import riskpolicy
from carepath.cases.selectors import access_case
from carepath.cases.vocabulary import RISK_LEVELS
from carepath.clients.access import access_client
from carepath.core import clock
from carepath.core.errors import add_service_errors
from carepath.core.views import form_post, role_required, safe_next

from . import ical, rules, selectors, services
from .forms import (
    ApproveForm,
    CancelForm,
    CompleteForm,
    DriverForm,
    MissForm,
    RuleOverrideForm,
    SettingsForm,
    TaskCreateForm,
    progress_choices,
)
from .models import FollowUpSettings, Notification, RiskDriver


def _owners(member):
    return clinical_member_choices(member.organisation_id)


# ---------------------------------------------------------------- panels


def case_panel_context(request, case):
    member = request.user
    if not getattr(member, "is_clinical", False):
        return None
    now = clock.now()
    tasks = selectors.case_tasks(case)
    drivers = selectors.case_drivers(case)
    return {
        "case": case,
        "rate_risk": case.is_open and riskpolicy.reassess_every_contact(case.risk_level),
        "rate_kinds": services.CONTACT_KINDS,
        "risk_levels": RISK_LEVELS,
        "tasks": tasks,
        "open_count": sum(1 for t in tasks if t.is_open),
        "now": now,
        # what is due within a day (or overdue) is recorded here; later ones on their own page (the panel draws
        # three forms for each, and a case may have dozens planned)
        "soon": now + dt.timedelta(hours=24),
        "create_form": TaskCreateForm(owners=_owners(member), auto_id="id_fu_%s"),
        "driver_form": DriverForm(auto_id="id_drv_%s"),
        "drivers": drivers,
        "active_drivers": [d for d in drivers if d.is_active],
        "caring_series": services.org_settings(case.organisation_id).get_caring_series_display(),
    }


def dashboard_panel_context(request, obj):
    member = request.user
    if not getattr(member, "is_clinical", False):
        return None
    now = clock.now()
    return {
        "after_discharge": selectors.discharges_without_seven_day_visit(member, now=now),
        "now": now,
        **selectors.worklist_summary(member, now=now),
    }


# ---------------------------------------------------------------- worklists


@role_required("clinical")
def my_followups(request):
    groups = selectors.worklist(request.user)
    return render(
        request,
        "followup/worklist.html",
        {"groups": groups, "whole_practice": False, "has_feed": selectors.has_feed(request.user)},
    )


@role_required("supervisor")
def practice_followups(request):
    groups = selectors.worklist(request.user, whole_practice=True)
    return render(request, "followup/worklist.html", {"groups": groups, "whole_practice": True})


# ---------------------------------------------------------------- one task


def _task_context(request, task, **forms):
    drivers = [d for d in selectors.case_drivers(task.case) if d.is_active] if task.case_id else []
    return {
        "task": task,
        "client": task.client,
        "complete_form": forms.get("complete_form") or CompleteForm(),
        "miss_form": forms.get("miss_form") or MissForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(initial={"text": task.draft_text}),
        "drivers": drivers,
        "progress_choices": progress_choices(),
        "now": clock.now(),
    }


@role_required("clinical")
def task_detail(request, task_id):
    task = selectors.access_task(request.user, task_id)
    return render(request, "followup/task_detail.html", _task_context(request, task))


def _task_action(request, task_id, form_class, form_name, call, done_message):
    task = selectors.access_task(request.user, task_id, audit_action=None)
    if request.method != "POST":
        return redirect("followup:task", task_id=task.pk)
    form = form_class(request.POST)
    done = form_post(
        request,
        form,
        lambda data: call(task, data),
        redirect_to=safe_next(request, f"/cases/{task.case_id}/" if task.case_id else "/followup/"),
        message=done_message,
        draft=f"{form_name}-{task.pk}",
    )
    context = _task_context(request, task, **{form_name: form})
    return done or render(request, "followup/task_detail.html", context, status=400)


def _progress(request, task):
    if not task.case_id:
        return []
    result = []
    for driver in RiskDriver.objects.filter(case_id=task.case_id, is_active=True):
        direction = request.POST.get(f"progress-{driver.pk}", "")
        if direction:
            result.append((driver, direction, request.POST.get(f"progress-note-{driver.pk}", "")))
    return result


@role_required("clinical")
def task_complete(request, task_id):
    return _task_action(
        request,
        task_id,
        CompleteForm,
        "complete_form",
        lambda task, data: services.followup_complete(
            actor=request.user,
            task=task,
            outcome=data["outcome"],
            occurred_at=data.get("occurred_at"),
            progress=_progress(request, task),
            risk_now=data.get("risk_now") or None,
        ),
        "Follow-up done; it is on the timeline.",
    )


@role_required("clinical")
def task_miss(request, task_id):
    return _task_action(
        request,
        task_id,
        MissForm,
        "miss_form",
        lambda task, data: services.followup_miss(actor=request.user, task=task, **data),
        "Marked missed.",
    )


@role_required("clinical")
def task_cancel(request, task_id):
    return _task_action(
        request,
        task_id,
        CancelForm,
        "cancel_form",
        lambda task, data: services.followup_cancel(actor=request.user, task=task, **data),
        "Follow-up cancelled.",
    )


@role_required("clinical")
def task_approve(request, task_id):
    return _task_action(
        request,
        task_id,
        ApproveForm,
        "approve_form",
        lambda task, data: services.followup_approve_message(actor=request.user, task=task, **data),
        "Message approved; send it, then mark the caring contact done.",
    )


# ---------------------------------------------------------------- from the case page


@role_required("clinical")
def case_task_create(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    owners = _owners(request.user)
    form = TaskCreateForm(request.POST or None, owners=owners)

    def save(data):
        owner = clinical_members(case.organisation_id).filter(pk=data["owner"]).first() if data["owner"] else None
        return services.followup_create(
            actor=request.user,
            case=case,
            kind=data["kind"],
            title=data["title"],
            due_at=data["due_at"],
            owner=owner,
            next_contact=data["next_contact"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=f"/cases/{case.pk}/",
        message="Follow-up scheduled.",
        draft=f"followup-new-{case.pk}",
    )
    return done or render(
        request,
        "followup/task_create.html",
        {"form": form, "case": case},
        status=400 if request.method == "POST" else 200,
    )


@role_required("clinical")
@require_POST
def case_caring_start(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    try:
        tasks = services.caring_series_start(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{len(tasks)} caring contacts scheduled; approve each message before it goes.")
    return redirect("cases:detail", case_id=case.pk)


@role_required("clinical")
@require_POST
def case_drivers(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    try:
        if request.POST.get("resolve"):
            driver = RiskDriver.objects.filter(case=case, pk=_uuid(request.POST["resolve"])).first()
            if driver is None:
                raise Http404("No such driver.")
            services.risk_driver_resolve(actor=request.user, driver=driver)
            messages.success(request, "Driver marked resolved.")
        else:
            form = DriverForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choose what drives the risk.")
            services.risk_driver_add(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, "Driver of risk added.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:detail", case_id=case.pk)


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record.")


@role_required("clinical")
@require_POST
def client_caring_opt_out(request, client_id):
    client = access_client(request.user, client_id, audit_action=None)
    count = services.caring_contacts_opt_out(actor=request.user, client=client, note=request.POST.get("note", ""))
    messages.success(request, f"Opt-out recorded; {count} caring contacts cancelled.")
    return redirect(safe_next(request, f"/clients/{client.pk}/"))


# ---------------------------------------------------------------- notifications


@login_required
def notification_list(request):
    if request.method == "POST":
        services.notification_mark_read(actor=request.user)
        messages.success(request, "All notifications marked read.")
        return redirect("followup:notifications")
    return render(request, "followup/notifications.html", {"notifications": selectors.notifications(request.user)})


@login_required
def notification_open(request, notification_id):
    found = Notification.objects.filter(member=request.user, pk=_uuid(notification_id)).first()
    if found is None:
        raise Http404("No such notification.")
    if request.method != "POST":
        return redirect("followup:notifications")
    services.notification_mark_read(actor=request.user, notification_ids=[found.pk])
    return redirect(found.link if found.link.startswith("/") else "followup:notifications")


# ---------------------------------------------------------------- calendar feed


@role_required("clinical")
def calendar_settings(request):
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=request.user)
            messages.success(request, "Calendar link revoked; calendars using it stop updating.")
            return redirect("followup:calendar")
        token = services.calendar_feed_create(actor=request.user)
    url = request.build_absolute_uri(f"/followup/calendar/{token}.ics") if token else None
    return render(request, "followup/calendar.html", {"feed_url": url, "has_feed": selectors.has_feed(request.user)})


def calendar_feed(request, token):
    member = selectors.feed_member(token)
    if member is None:
        raise Http404("No such calendar.")
    body = ical.render_feed(member, selectors.feed_tasks(member))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---------------------------------------------------------------- rules and settings (admins)


def _rule_rows(member):
    effective = rules.effective_rules(member.organisation_id)
    defaults = rules.default_rules()
    rows = []
    for rule_id, rule in effective.items():
        initial = {"rule_id": rule_id, "enabled": rule.enabled}
        if rule.by_risk:
            initial.update({level: off.days + 7 * off.weeks for level, off in rule.by_risk.items()})
        else:
            initial["offsets"] = ", ".join(rules.format_offset(s.after) for s in rule.steps)
        rows.append(
            {
                "rule": rule,
                "default": defaults[rule_id],
                "form": RuleOverrideForm(initial=initial, auto_id=f"id_{rule_id}_%s"),
            }
        )
    return rows


@role_required("admin")
def rules_page(request):
    member = request.user
    settings_form = SettingsForm(instance=services.org_settings(member.organisation_id), auto_id="id_set_%s")
    status = 200
    if request.method == "POST" and request.POST.get("form") == "settings":
        settings_form = SettingsForm(
            request.POST, instance=FollowUpSettings(organisation_id=member.organisation_id), auto_id="id_set_%s"
        )
        if settings_form.is_valid():
            try:
                services.followup_settings_update(
                    actor=member, **{name: settings_form.cleaned_data[name] for name in SettingsForm.Meta.fields}
                )
            except ValidationError as exc:
                add_service_errors(settings_form, exc)
            else:
                messages.success(request, "Follow-up settings saved.")
                return redirect("followup:rules")
        status = 400
    elif request.method == "POST":
        form = RuleOverrideForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["reset"]:
                    services.rule_override_remove(actor=member, rule_id=data["rule_id"])
                else:
                    levels = {lv: data[lv] for lv in ("low", "moderate", "high", "imminent") if data[lv]}
                    services.rule_override_set(
                        actor=member,
                        rule_id=data["rule_id"],
                        enabled=data["enabled"],
                        offsets=data["offsets"] or None,
                        by_risk_days=levels or None,
                        reason=data["reason"],
                    )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 400
            else:
                messages.success(request, "Rule saved.")
                return redirect("followup:rules")
        else:
            messages.error(request, "Check the values: " + "; ".join(e for es in form.errors.values() for e in es))
            status = 400
    context = {
        "settings_form": settings_form,
        "rows": _rule_rows(member),
        "reviewed": rules.book().reviewed,
        "next_contact_limits": rules.book().next_contact_limits,
        "next_contact_source": rules.book().next_contact_source,
    }
    return render(request, "followup/rules.html", context, status=status)
