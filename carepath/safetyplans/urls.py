"""URLs of the safety plan, mounted at /clients/<client_id>/safety-plan/."""

from django.urls import path

from . import views

app_name = "safetyplans"
urlpatterns = [
    path("", views.edit, name="edit"),
    path("draft/", views.draft, name="draft"),
    path("finalise/", views.finalise, name="finalise"),
    path("versions/", views.versions, name="versions"),
    path("copy/", views.copy, name="copy"),
    path("copy.pdf", views.copy_pdf, name="pdf"),
    path("share/", views.share, name="share"),
    path("links/", views.link_create, name="link_create"),
    path("links/<uuid:link_id>/revoke/", views.link_revoke, name="link_revoke"),
    path("means/<uuid:step_id>/confirm/", views.means_confirm, name="means_confirm"),
]
