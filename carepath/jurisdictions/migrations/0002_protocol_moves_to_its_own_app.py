# The protocol's models moved to the `protocol` app; their tables stay where they are (state only).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("jurisdictions", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CaseProtocol"),
                migrations.DeleteModel(name="ProtocolPolicy"),
            ],
            database_operations=[],
        )
    ]
