"""The console's offline worker, served at the site's root so that its scope covers the console pages."""

from django.urls import path

from . import views

app_name = "emergency_offline"
urlpatterns = [path("console-offline.js", views.offline_worker, name="worker")]
