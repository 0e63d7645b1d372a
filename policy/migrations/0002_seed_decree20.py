"""Seed categories, national standard levels and coefficients from decree20.md (policy/seed.py)."""

from django.db import migrations

from policy import seed


def forward(apps, schema_editor):
    Category = apps.get_model("policy", "Category")
    StandardLevel = apps.get_model("policy", "StandardLevel")
    Coefficient = apps.get_model("policy", "Coefficient")
    for order, (code, kind, name, basis, form, sensitive, effective_to) in enumerate(seed.category_rows()):
        Category.objects.update_or_create(
            code=code,
            province=None,
            defaults=dict(
                kind=kind,
                name=name,
                legal_basis=basis,
                application_form=form,
                sensitive=sensitive,
                effective_from=seed.DECREE20_START,
                effective_to=effective_to,
                sort_order=order,
            ),
        )
    for amount, effective_from, basis in seed.NATIONAL_LEVELS:
        StandardLevel.objects.update_or_create(
            province=None, effective_from=effective_from, defaults=dict(amount=amount, legal_basis=basis)
        )
    for rule, value, label, basis, effective_to in seed.coefficient_rows():
        Coefficient.objects.update_or_create(
            rule=rule,
            province=None,
            effective_from=seed.DECREE20_START,
            defaults=dict(value=value, label=label, legal_basis=basis, effective_to=effective_to),
        )


def backward(apps, schema_editor):
    for name in ("Coefficient", "StandardLevel", "Category"):
        apps.get_model("policy", name).objects.filter(province=None).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
