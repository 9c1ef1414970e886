from django.db.models.signals import post_migrate

from carepath.core import extensions


def _ensure_triggers(sender, using="default", **kwargs):
    """After every migrate (and after a test flush), the append-only triggers are in place."""
    from django.db import connections

    from . import triggers

    connection = connections[using]
    if triggers.TABLE in connection.introspection.table_names():
        triggers.install(connection)


class AuditConfig(extensions.PluginAppConfig):
    name = "carepath.audit"
    label = "audit"
    plugin = "carepath.audit.plugin.PLUGIN"

    def ready(self):
        super().ready()
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="carepath-audit-triggers")
