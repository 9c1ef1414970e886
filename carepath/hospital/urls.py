"""The hospital page of a case, mounted at /cases/<case_id>/hospital/."""

from django.urls import path

from . import views

app_name = "hospital"
urlpatterns = [
    path("", views.case_page, name="case"),
    path("decision/", views.disposition, name="decision"),
    path("new/", views.start, name="start"),
    path("<uuid:hospitalisation_id>/status/", views.advance, name="advance"),
    path("<uuid:hospitalisation_id>/hold/", views.hold_start, name="hold"),
    path("holds/<uuid:hold_id>/end/", views.hold_end, name="hold_end"),
    path("<uuid:hospitalisation_id>/discharge/", views.discharge, name="discharge"),
    path("<uuid:hospitalisation_id>/summary/", views.summary, name="summary"),
]
