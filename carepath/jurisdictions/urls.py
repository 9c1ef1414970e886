"""URLs of the jurisdictions app: the public help page (name `help`) and the protocol's pages (`protocol:`)."""

from django.urls import include, path

from . import views

protocol_patterns = [
    path("cases/<uuid:case_id>/not-applicable/", views.step_not_applicable, name="step_not_applicable"),
    path("cases/<uuid:case_id>/done/", views.step_done, name="step_done"),
    path("policy/", views.policy, name="policy"),
]

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("protocol/", include((protocol_patterns, "protocol"))),
]
