"""URLs of the crisis console, mounted at /cases/<case_id>/console/."""

from django.urls import path

from . import views

app_name = "emergency"
urlpatterns = [
    path("", views.console, name="console"),
    path("actions/<slug:kind>/", views.action_record, name="action"),
]
