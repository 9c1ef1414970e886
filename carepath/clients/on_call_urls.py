"""The on-call rota, mounted at /on-call/ (supervisors)."""

from django.urls import path

from . import views

app_name = "on_call"
urlpatterns = [
    path("", views.on_call, name="rota"),
    path("<uuid:shift_id>/end/", views.on_call_cancel, name="cancel"),
]
