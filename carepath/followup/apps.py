from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "carepath.followup"
    label = "followup"
