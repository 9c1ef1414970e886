from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<uuid:client_id>/", views.client_detail, name="detail"),
    path("<uuid:client_id>/edit/", views.client_edit, name="edit"),
    path("<uuid:client_id>/break-glass/", views.break_glass, name="break_glass"),
    path("<uuid:client_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("<uuid:client_id>/contacts/<uuid:contact_id>/", views.contact_edit, name="contact_edit"),
    path("<uuid:client_id>/care-team/new/", views.care_team_add, name="care_team_add"),
    path("<uuid:client_id>/care-team/<uuid:entry_id>/remove/", views.care_team_remove, name="care_team_remove"),
    path("<uuid:client_id>/documents/<uuid:document_id>/", views.document_download, name="document"),
    path("<uuid:client_id>/authorisations/new/", views.authorisation_create, name="authorisation_create"),
    path(
        "<uuid:client_id>/authorisations/<uuid:authorisation_id>/revoke/",
        views.authorisation_revoke,
        name="authorisation_revoke",
    ),
]
