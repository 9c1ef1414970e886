"""URLs of the follow-up pages (mounted at /followup/)."""

from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.my_followups, name="mine"),
    path("practice/", views.practice_followups, name="practice"),
    path("tasks/<uuid:task_id>/", views.task_detail, name="task"),
    path("tasks/<uuid:task_id>/complete/", views.task_complete, name="complete"),
    path("tasks/<uuid:task_id>/miss/", views.task_miss, name="miss"),
    path("tasks/<uuid:task_id>/cancel/", views.task_cancel, name="cancel"),
    path("tasks/<uuid:task_id>/approve/", views.task_approve, name="approve"),
    path("cases/<uuid:case_id>/new/", views.case_task_create, name="create"),
    path("cases/<uuid:case_id>/caring-contacts/", views.case_caring_start, name="caring_start"),
    path("cases/<uuid:case_id>/drivers/", views.case_drivers, name="drivers"),
    path("clients/<uuid:client_id>/caring-opt-out/", views.client_caring_opt_out, name="caring_opt_out"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<uuid:notification_id>/open/", views.notification_open, name="notification_open"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("rules/", views.rules_page, name="rules"),
]
