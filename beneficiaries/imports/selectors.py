"""Reads of import batches, scoped to the user's unit: a batch belongs to the commune or district that uploaded
it, so it is visible inside that unit and above it (accounts.jurisdiction.units_visible_to); elsewhere 404."""

from django.db.models import F
from django.http import Http404

from accounts.jurisdiction import units_visible_to
from beneficiaries.models import ImportBatch


def import_batch_list_for_user(user):
    return (
        ImportBatch.objects.filter(unit__in=units_visible_to(user))
        .select_related("unit", "uploaded_by")
        .annotate(rows_with_errors=F("rows_total") - F("rows_valid"))
        .order_by("-created_at", "-id")
    )


def import_batch_get_for_user(user, pk: int) -> ImportBatch:
    try:
        return import_batch_list_for_user(user).get(pk=pk)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc
