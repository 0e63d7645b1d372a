"""Import existing beneficiaries from the SPEC §4 Excel template: check first, then save in one go.

`import_validate` vets the file, checks every row and keeps the file and the errors on an `ImportBatch` — nothing
else is written. `import_save` checks the stored file again (the database may have changed since) and writes the
valid rows, or none in all-or-nothing mode, in one transaction: a failure anywhere saves nothing. Re-importing
the same file creates nothing: an entitlement with the same person, category and decision number is "unchanged".

Who: a commune officer imports into their commune, a district officer for the communes of their district
(permission beneficiaries.add_importbatch). The command line (`import_beneficiaries`) passes no actor.
"""

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from accounts.jurisdiction import units_visible_to
from locations.models import Level

from ..imports.reader import FileRejected
from ..imports.save import save_rows
from ..imports.validate import Outcome, check_file, recheck
from ..models import ImportBatch

PERMISSION = "beneficiaries.add_importbatch"
Mode = ImportBatch.Mode
Status = ImportBatch.Status


def _check_actor(actor, unit) -> None:
    if unit.level not in (Level.COMMUNE, Level.DISTRICT):
        raise ValidationError({"unit": "Chỉ cấp xã hoặc cấp huyện được nhập danh sách đối tượng."})
    if actor is None:
        return  # the command line, run by the server's operator
    if not actor.has_perm(PERMISSION) or not units_visible_to(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "Bạn không có quyền nhập danh sách đối tượng cho đơn vị này."})


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _check(file, unit) -> Outcome:
    try:
        return check_file(file, unit, today=timezone.localdate())
    except FileRejected as exc:
        raise ValidationError({"file": exc.messages}) from None


def _recheck(batch: ImportBatch) -> Outcome:
    """The batch's rows checked again against the database as it is now.

    When the same `batch` object comes back from `import_validate` (the command line), the rows it read are reused
    and only the database and cross-row checks run again; a batch loaded from the database (the page's «Lưu»)
    reads its stored file again.
    """
    checked = batch.__dict__.pop("_checked", None)
    if checked is not None and checked.lookups.today == timezone.localdate():
        return recheck(checked.rows, checked.lookups)
    with batch.file.open("rb") as stored:
        return _check(stored, batch.unit)


@transaction.atomic
def import_validate(*, actor, unit, uploaded_file) -> ImportBatch:
    """Check every row of `uploaded_file` for an import into `unit`; keep the file and the result as a batch.

    A file that cannot be read at all (not a real .xlsx, too big, wrong header) raises ValidationError on
    "file" and leaves nothing behind.
    """
    _check_actor(actor, unit)
    outcome = _check(uploaded_file, unit)
    name = Path(uploaded_file.name or "tep.xlsx").name[:255]
    batch = ImportBatch(
        unit=unit,
        original_name=name,
        sha256=_sha256(uploaded_file),
        status=Status.VALIDATED,
        rows_total=outcome.rows_total,
        rows_valid=outcome.rows_valid,
        rows_unchanged=outcome.rows_unchanged,
        errors=outcome.errors,
        uploaded_by=actor,
    )
    batch.file.save(name, File(uploaded_file, name=name), save=False)
    batch.save()
    batch._checked = outcome
    return batch


@transaction.atomic
def import_save(*, actor, batch: ImportBatch, mode: str) -> ImportBatch:
    """Save the batch's valid rows (mode valid_rows) or, in all_or_nothing mode, all rows only if none has an error.

    The batch is claimed by a compare-and-set on its status, so two clicks on «Lưu» save once.
    """
    if mode not in Mode.values:
        raise ValidationError({"mode": "Cách lưu không hợp lệ."})
    if batch.status != Status.VALIDATED:
        raise ValidationError({"batch": "Lần nhập này đã được xử lý; hãy tải tệp lên lại để nhập tiếp."})
    _check_actor(actor, batch.unit)
    outcome = _recheck(batch)
    results = {
        "mode": mode,
        "rows_total": outcome.rows_total,
        "rows_valid": outcome.rows_valid,
        "errors": outcome.errors,
        "saved_at": timezone.now(),
    }
    if (mode == Mode.ALL_OR_NOTHING and outcome.errors) or not outcome.valid:
        results.update(status=Status.REJECTED, rows_created=0, rows_unchanged=outcome.rows_unchanged)
        _claim(batch, **results)
        return batch
    # Claim first: a second click finds the batch no longer "validated" and saves nothing.
    _claim(batch, status=Status.SAVED, **results)
    saved = save_rows(outcome.valid, actor=actor, batch_id=batch.pk, file_name=batch.original_name)
    ImportBatch.objects.filter(pk=batch.pk).update(rows_created=saved.created, rows_unchanged=saved.unchanged)
    batch.rows_created, batch.rows_unchanged = saved.created, saved.unchanged
    return batch


def _claim(batch: ImportBatch, **changes) -> None:
    updated = ImportBatch.objects.filter(pk=batch.pk, status=Status.VALIDATED).update(**changes)
    if not updated:
        raise ValidationError({"batch": "Lần nhập này vừa được người khác lưu; hãy tải lại trang."})
    for name, value in changes.items():
        setattr(batch, name, value)
