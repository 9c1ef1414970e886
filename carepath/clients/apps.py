from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "carepath.clients"
    label = "clients"
