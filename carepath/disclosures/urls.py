"""URLs of disclosures, mounted at /cases/<case_id>/disclosures/."""

from django.urls import path

from . import views

app_name = "disclosures"
urlpatterns = [path("new/", views.disclosure_record, name="record")]
