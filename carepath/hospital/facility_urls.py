"""The practice's facilities directory (admins), mounted at /facilities/."""

from django.urls import path

from . import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_edit, name="new"),
    path("<uuid:facility_id>/", views.facility_edit, name="edit"),
]
