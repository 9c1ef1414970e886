"""What the follow-up step adds: tasks and reminders on every case, worklists, notifications, the worker."""

from django.urls import reverse

from carepath.cases.hooks import CaseHooks
from carepath.cases.kit import StepApp
from carepath.core.extensions import NavItem, PanelSpec

from . import events, rules, selectors, services, views

PLUGIN = StepApp(
    label="followup",
    stage="follow_up",
    event_kinds=events.LABELS,
    step_pages={
        events.FOLLOWUP_SCHEDULED: (
            "Schedule the next contact",
            lambda case, details: reverse("followup:create", kwargs={"case_id": case.pk}),
        )
    },
    hooks=CaseHooks(
        on_case_opened=services.on_case_opened,
        on_risk_changed=services.on_risk_changed,
        close_blockers=services.close_blockers,
        on_case_closed=services.on_case_closed,
        # The follow-up rules react to other apps' events (data/rules.yaml `triggers` and `completed_by`).
        on_event={kind: services.on_event for kind in rules.event_kinds()},
    ),
    panels=(
        PanelSpec("case", "side", "followup/_case_panel.html", context=views.case_panel_context, order=30),
        PanelSpec(
            "dashboard", "main", "followup/_dashboard_panel.html", context=views.dashboard_panel_context, order=20
        ),
    ),
    nav=(
        NavItem("My follow-ups", "followup:mine", roles=("clinical",), order=30),
        NavItem("Notifications", "followup:notifications", roles=("any",), order=60, badge=selectors.unread_count),
        NavItem("Follow-up rules", "followup:rules", roles=("admin",), order=93),
    ),
    urgent=(selectors.overdue_for_queue,),
    urls=(("followup/", "carepath.followup.urls"),),
    api_routers=(("/followup", "carepath.followup.api.router"),),
    demo="carepath.followup.demo.seed",
    demo_order=60,
    cli="carepath.followup.cli.add_parsers",
)
