"""URLs of collaboration, mounted at /cases/<case_id>/collaboration/."""

from django.urls import path

from . import views

app_name = "collaboration"
urlpatterns = [
    path("", views.case_page, name="case"),
    path("consultations/", views.consult, name="consult"),
    path("consultations/<uuid:request_id>/answer/", views.answer, name="answer"),
    path("review/", views.review, name="review"),
    path("referrals/", views.referral, name="referral"),
    path("referrals/<uuid:referral_id>/status/", views.referral_status, name="referral_status"),
    path("handovers/", views.handover_new, name="handover_new"),
    path("handovers/<uuid:handover_id>/", views.handover_page, name="handover"),
    path("handovers/<uuid:handover_id>/pdf/", views.handover_pdf, name="handover_pdf"),
    path("notes/", views.note, name="note"),
]
