from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "carepath.disclosures"
    label = "disclosures"
