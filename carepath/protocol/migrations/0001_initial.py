# The protocol's models, moved from the `jurisdictions` app; their tables keep their names (state only).

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_apitoken'),
        ('cases', '0001_initial'),
        ('jurisdictions', '0002_protocol_moves_to_its_own_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ProtocolPolicy',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField()),
                ('text', models.TextField(blank=True, help_text='The policy as the admin wrote it (YAML).')),
                ('rules', models.JSONField(blank=True, default=dict)),
                ('note', models.TextField(help_text='What changed and why.')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation')),
            ],
            options={
                'ordering': ['-version'],
                'db_table': 'jurisdictions_protocolpolicy',
            },
        ),
        migrations.CreateModel(
            name='CaseProtocol',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='protocol', serialize=False, to='cases.safetycase')),
                ('risk_level', models.CharField(max_length=12)),
                ('rules_version', models.PositiveIntegerField()),
                ('steps', models.JSONField(default=list)),
                ('computed_at', models.DateTimeField()),
                ('policy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='protocol.protocolpolicy')),
            ],
            options={'db_table': 'jurisdictions_caseprotocol'},
        ),
        migrations.AddConstraint(
            model_name='protocolpolicy',
            constraint=models.UniqueConstraint(fields=('organisation', 'version'), name='one_policy_version_number'),
        ),
    ]
        )
    ]
