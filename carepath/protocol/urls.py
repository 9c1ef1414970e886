"""URLs of the protocol: the checklist's forms and the organisation's policy (`protocol:`), under /protocol/."""

from django.urls import path

from . import views

app_name = "protocol"
urlpatterns = [
    path("cases/<uuid:case_id>/not-applicable/", views.step_not_applicable, name="step_not_applicable"),
    path("cases/<uuid:case_id>/done/", views.step_done, name="step_done"),
    path(
        "cases/<uuid:case_id>/consultations/<uuid:event_id>/confirm/",
        views.consultation_confirm,
        name="consultation_confirm",
    ),
    path("policy/", views.policy, name="policy"),
]
