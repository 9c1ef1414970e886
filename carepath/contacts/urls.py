"""URLs of contact attempts, mounted at /cases/<case_id>/contact-attempts/."""

from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [path("", views.attempt_record, name="attempt")]
