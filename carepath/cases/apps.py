from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "carepath.cases"
    label = "cases"
