from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/<uuid:member_id>/", views.member_edit, name="member_edit"),
    path("members/<uuid:member_id>/unlock/", views.member_unlock, name="member_unlock"),
]
