"""The client's own link to their plan, mounted at /plan/ (no sign-in; a secret in the address)."""

from django.urls import path

from . import views

app_name = "safetyplan_link"
urlpatterns = [path("<str:token>/", views.link_open, name="open")]
