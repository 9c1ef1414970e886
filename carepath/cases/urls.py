from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/note/", views.case_note, name="note"),
    path("<uuid:case_id>/risk-level/", views.case_risk_level, name="risk_level"),
    path("<uuid:case_id>/close/", views.case_close, name="close"),
    path("<uuid:case_id>/events/<uuid:event_id>/amend/", views.event_amend, name="amend"),
]
