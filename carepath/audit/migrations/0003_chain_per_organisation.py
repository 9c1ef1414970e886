"""A chain per organisation: each entry's place in its chain (seq), unique per chain.

Existing entries keep seq NULL: they stay the legacy global chain, verified in id order, and every
organisation's chain starts from its last hash. On SQLite, adding a nullable column and partial unique
indexes alters the table in place (a table rebuild would drop the append-only triggers); the triggers are
installed again at the end all the same, and tests/audit checks that UPDATE and DELETE are still refused.
"""

from django.db import migrations, models


def reinstall_triggers(apps, schema_editor):
    from carepath.audit import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(condition=models.Q(('seq__isnull', False)), fields=('organisation_id', 'seq'), name='audit_chain_place'),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(condition=models.Q(('organisation_id__isnull', True), ('seq__isnull', False)), fields=('seq',), name='audit_chain_place_no_org'),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='audit_legacy'),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
