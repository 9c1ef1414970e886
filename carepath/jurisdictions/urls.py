"""URLs of the jurisdictions app: the public help page (name `help`)."""

from django.urls import path

from . import views

urlpatterns = [path("help/", views.help_page, name="help")]
