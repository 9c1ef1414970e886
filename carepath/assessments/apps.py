from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carepath.assessments"
    label = "assessments"
