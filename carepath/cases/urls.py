"""URLs of safety cases (mounted at the root): the dashboard, a case and its forms, reporting risk on a client."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.dashboard, name="dashboard"),
    path("cases/urgent/", views.urgent_queue, name="urgent"),
    path("cases/<uuid:case_id>/", views.case_detail, name="detail"),
    path("cases/<uuid:case_id>/timeline/", views.case_full_timeline, name="timeline"),
    path("cases/<uuid:case_id>/note/", views.case_note, name="note"),
    path("cases/<uuid:case_id>/risk-level/", views.case_risk_level, name="risk_level"),
    path("cases/<uuid:case_id>/close/", views.case_close, name="close"),
    path("cases/<uuid:case_id>/location/", views.case_location, name="location"),
    path("cases/<uuid:case_id>/events/<uuid:event_id>/amend/", views.event_amend, name="amend"),
    path("clients/<uuid:client_id>/report-risk/", views.report_risk, name="report_risk"),
]
