from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carepath.accounts"
    label = "accounts"
