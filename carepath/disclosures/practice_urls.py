"""Every disclosure of the practice (supervisors), mounted at /disclosures/."""

from django.urls import path

from . import views

app_name = "practice_disclosures"
urlpatterns = [path("", views.practice_disclosures, name="list")]
