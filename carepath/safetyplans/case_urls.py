"""Lethal-means counselling on a case, mounted at /cases/<case_id>/lethal-means/."""

from django.urls import path

from . import views

app_name = "lethal_means"
urlpatterns = [path("", views.counsel, name="counsel")]
