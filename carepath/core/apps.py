from pathlib import Path

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carepath.core"
    label = "core"

    def ready(self) -> None:
        from django.conf import settings

        from .i18n import compile_messages

        compile_messages(Path(settings.LOCALE_PATHS[0]))
