"""The client's accounting of disclosures, mounted at /clients/<client_id>/disclosures/."""

from django.urls import path

from . import views

app_name = "accounting"
urlpatterns = [path("accounting/", views.accounting, name="client")]
