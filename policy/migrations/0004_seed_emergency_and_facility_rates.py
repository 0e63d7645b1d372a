"""Seed the emergency and facility rows of decree20.md §6–§7: the new multiples (Art. 13, 14, 25) and the
fixed sums and quantities (Art. 12, 15, 18, 25)."""

from django.db import migrations

from policy import seed


def forward(apps, schema_editor):
    seed.seed_national(
        apps.get_model("policy", "Category"), apps.get_model("policy", "StandardLevel"), apps.get_model("policy", "Coefficient")
    )
    seed.seed_fixed_amounts(apps.get_model("policy", "FixedAmount"))


def backward(apps, schema_editor):
    apps.get_model("policy", "FixedAmount").objects.filter(province=None).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0003_fixed_amount")]
    operations = [migrations.RunPython(forward, backward)]
