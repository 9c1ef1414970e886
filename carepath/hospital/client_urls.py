"""The client's crisis preferences, mounted at /clients/<client_id>/crisis-preferences/."""

from django.urls import path

from . import views

app_name = "crisis_preferences"
urlpatterns = [path("", views.preferences, name="edit")]
