"""Assessment pages."""

from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("client/<uuid:client_id>/<slug:instrument>/", views.fill_for_client, name="fill_client"),
    path("client/<uuid:client_id>/<slug:instrument>/preview/", views.preview, name="preview"),
    path("case/<uuid:case_id>/<slug:instrument>/", views.fill_for_case, name="fill_case"),
    path("<uuid:assessment_id>/", views.detail, name="detail"),
    path("<uuid:assessment_id>/open-case/", views.open_case, name="open_case"),
    path("<uuid:assessment_id>/update-risk/", views.update_risk, name="update_risk"),
    path("policy/", views.policy, name="policy"),
]
