from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_triggers(sender, using="default", **kwargs):
    """After every migrate (and after a test flush), the append-only triggers are in place."""
    from django.db import connections

    from . import triggers

    connection = connections[using]
    if triggers.TABLE in connection.introspection.table_names():
        triggers.install(connection)


class AuditConfig(AppConfig):
    name = "carepath.audit"
    label = "audit"

    def ready(self):
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="carepath-audit-triggers")
