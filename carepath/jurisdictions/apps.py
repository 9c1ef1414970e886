from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "carepath.jurisdictions"
    label = "jurisdictions"
