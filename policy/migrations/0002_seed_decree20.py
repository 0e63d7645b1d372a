"""Seed categories, national standard levels and coefficients from decree20.md (policy/seed.py)."""

from django.db import migrations

from policy import seed


def forward(apps, schema_editor):
    seed.seed_national(
        apps.get_model("policy", "Category"), apps.get_model("policy", "StandardLevel"), apps.get_model("policy", "Coefficient")
    )


def backward(apps, schema_editor):
    for name in ("Coefficient", "StandardLevel", "Category"):
        apps.get_model("policy", name).objects.filter(province=None).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
