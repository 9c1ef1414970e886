from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "carepath.emergency"
    label = "emergency"
