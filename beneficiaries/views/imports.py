"""Import pages: upload and check, see the errors, download the marked copy, save."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.jurisdiction import active_assignment
from locations.models import Level

from ..imports.forms import ImportSaveForm, ImportUploadForm
from ..imports.marked import write_marked_copy
from ..imports.selectors import import_batch_get_for_user, import_batch_list_for_user
from ..imports.template import write_template
from ..models import ImportBatch
from ..services.imports import import_save, import_validate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500  # the rest are in the marked copy


def _xlsx_response(write, filename: str) -> FileResponse:
    # Spooled: a small workbook stays in memory, a large marked copy goes to disk while it is written.
    buffer = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)
    write(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


@require_http_methods(["GET", "POST"])
@permission_required("beneficiaries.add_importbatch", raise_exception=True)
def import_upload(request):
    unit = active_assignment(request.user).unit
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_validate(actor=request.user, unit=unit, uploaded_file=form.cleaned_data["file"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error("file" if field not in form.fields else field, errors)
        else:
            return redirect("beneficiaries:import_detail", pk=batch.pk)
    return render(
        request,
        "beneficiaries/import_upload.html",
        {"form": form, "unit": unit, "batches": import_batch_list_for_user(request.user).defer("errors")[:20]},
    )


@permission_required("beneficiaries.add_importbatch", raise_exception=True)
def import_template(request):
    unit = active_assignment(request.user).unit
    code = unit.code if unit.level == Level.COMMUNE else ""
    return _xlsx_response(
        lambda out: write_template(out, province=unit.province or unit, commune_code=code), "mau-nhap-doi-tuong.xlsx"
    )


@permission_required("beneficiaries.view_importbatch", raise_exception=True)
def import_detail(request, pk):
    batch = import_batch_get_for_user(request.user, pk)
    can_save = batch.status == ImportBatch.Status.VALIDATED and request.user.has_perm("beneficiaries.add_importbatch")
    return render(
        request,
        "beneficiaries/import_detail.html",
        {
            "batch": batch,
            "errors": batch.errors[:ERRORS_SHOWN],
            "errors_hidden": max(len(batch.errors) - ERRORS_SHOWN, 0),
            "rows_with_errors": batch.rows_with_errors,
            "rows_new": batch.rows_valid - batch.rows_unchanged,
            "save_form": ImportSaveForm() if can_save else None,
        },
    )


@require_POST
@permission_required("beneficiaries.add_importbatch", raise_exception=True)
def import_commit(request, pk):
    batch = import_batch_get_for_user(request.user, pk)
    form = ImportSaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn cách lưu."))
        return redirect("beneficiaries:import_detail", pk=batch.pk)
    try:
        batch = import_save(actor=request.user, batch=batch, mode=form.cleaned_data["mode"])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("beneficiaries:import_detail", pk=batch.pk)
    if batch.status == ImportBatch.Status.SAVED:
        messages.success(
            request,
            _("Đã lưu: %(created)d chế độ mới, %(unchanged)d dòng đã có từ trước (không thay đổi).")
            % {"created": batch.rows_created, "unchanged": batch.rows_unchanged},
        )
    else:
        messages.warning(request, _("Không lưu dòng nào: tệp còn dòng có lỗi. Hãy sửa tệp và tải lên lại."))
    return redirect("beneficiaries:import_detail", pk=batch.pk)


@permission_required("beneficiaries.view_importbatch", raise_exception=True)
def import_marked(request, pk):
    batch = import_batch_get_for_user(request.user, pk)
    stem = Path(batch.original_name).stem or "tep"

    def write(out):
        with batch.file.open("rb") as source:
            write_marked_copy(source, batch.errors, out)

    return _xlsx_response(write, f"{stem}-danh-dau-loi.xlsx")
