# Disclosure becomes a case record (cases.models.CaseRecord): `recorded_by` is now `actor`, its column keeps
# the name recorded_by_id, and the reverse accessors from cases and events go (state only: no change in data).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0001_initial"),
        ("cases", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RenameField(model_name="disclosure", old_name="recorded_by", new_name="actor"),
                migrations.AlterField(
                    model_name="disclosure",
                    name="actor",
                    field=models.ForeignKey(
                        db_column="recorded_by_id",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        )
    ]
