from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carepath.audit"
    label = "audit"
