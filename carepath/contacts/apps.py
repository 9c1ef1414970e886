from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "carepath.contacts"
    label = "contacts"
