"""`import_beneficiaries FILE --commune CODE [--all-or-nothing]` (SPEC §6)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beneficiaries.models import Entitlement, EntitlementEvent, ImportBatch, Person

from .test_import import GOOD_ROWS, with_row, workbook_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def xlsx(tmp_path):
    def _write(rows, name="doi-tuong.xlsx"):
        path = tmp_path / name
        path.write_bytes(workbook_bytes(rows))
        return str(path)

    return _write


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_beneficiaries", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_every_error_and_saves_the_valid_rows(world, xlsx):
    path = xlsx(with_row({"Ngày sinh": "31/02/1950"}))
    out, _ = run(path, "--commune", "30001")
    batch = ImportBatch.objects.get()
    assert out.splitlines() == [
        "Dòng 2, cột «Ngày sinh»: «31/02/1950» không phải là ngày có thật.",
        f"Đã kiểm tra 3 dòng: 2 hợp lệ, 1 có lỗi (1 lỗi). Lần nhập số {batch.pk}.",
        "Đã lưu: 2 chế độ mới, 0 dòng đã có từ trước (không thay đổi).",
    ]
    assert sorted(Entitlement.objects.values_list("amount", flat=True)) == [1_000_000, 1_250_000]
    assert (batch.status, batch.unit, batch.uploaded_by, batch.original_name) == (
        "saved", world.commune_a, None, "doi-tuong.xlsx",
    )  # fmt: skip
    # Run by the operator: the events carry no officer, only the file.
    assert set(EntitlementEvent.objects.values_list("actor", "note")) == {
        (None, "Nhập từ tệp doi-tuong.xlsx; quyết định số 126/QĐ-UBND"),
        (None, "Nhập từ tệp doi-tuong.xlsx; quyết định số 127/QĐ-UBND"),
    }


def test_running_the_command_twice_creates_nothing_the_second_time(world, xlsx):
    path = xlsx(GOOD_ROWS)
    run(path, "--commune", "30001")
    out, _ = run(path, "--commune", "30001")
    assert out.splitlines()[-1] == "Đã lưu: 0 chế độ mới, 3 dòng đã có từ trước (không thay đổi)."
    assert Entitlement.objects.count() == 3
    assert Person.objects.filter(id_number="087150000101").count() == 1


def test_all_or_nothing_fails_and_saves_nothing_when_a_row_is_bad(world, xlsx):
    path = xlsx(with_row({"Mã xã": "99999"}))
    out = StringIO()
    with pytest.raises(CommandError, match="Không lưu dòng nào."):
        call_command("import_beneficiaries", path, "--commune", "30001", "--all-or-nothing", stdout=out)
    assert "Dòng 2, cột «Mã xã»: Mã xã «99999» không có trong danh mục đơn vị hành chính." in out.getvalue()
    assert Entitlement.objects.count() == 0
    assert ImportBatch.objects.get().status == "rejected"


def test_rows_of_another_commune_are_errors_for_the_commune_given(world, xlsx):
    path = xlsx(GOOD_ROWS)
    out = StringIO()
    with pytest.raises(CommandError, match="Không lưu dòng nào."):
        call_command("import_beneficiaries", path, "--commune", "30002", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "Dòng 2, cột «Mã xã»: Mã xã «30001» không phải xã của bạn (Xã Mỹ Hiệp, mã 30002)."
    )
    assert Entitlement.objects.count() == 0


def test_an_unknown_commune_code_or_file_stops_the_command(world, xlsx, tmp_path):
    with pytest.raises(CommandError, match="Mã xã «77777» không có trong danh mục đơn vị hành chính."):
        call_command("import_beneficiaries", xlsx(GOOD_ROWS), "--commune", "77777")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_beneficiaries", str(tmp_path / "khong-co.xlsx"), "--commune", "30001")
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("không phải Excel")
    err = StringIO()
    with pytest.raises(CommandError, match="Không nhập được tệp."):
        call_command("import_beneficiaries", str(text), "--commune", "30001", stderr=err)
    assert err.getvalue() == ("Tệp: Tệp không phải là tệp Excel .xlsx (hãy dùng tệp mẫu tải từ trang nhập dữ liệu).\n")
    assert ImportBatch.objects.count() == 0


def test_the_command_records_the_officer_named_with_user(world, xlsx):
    run(xlsx(GOOD_ROWS), "--commune", "30001", "--user", "officer_a")
    assert set(EntitlementEvent.objects.values_list("actor__username", flat=True)) == {"officer_a"}
    assert Person.objects.get(id_number="087150000101").created_by.username == "officer_a"


def test_an_officer_of_another_commune_cannot_be_named(world, xlsx):
    with pytest.raises(CommandError, match="Tài khoản «officer_b» không được nhập dữ liệu cho xã Thị trấn Mỹ Thọ."):
        call_command("import_beneficiaries", xlsx(GOOD_ROWS), "--commune", "30001", "--user", "officer_b")
    assert ImportBatch.objects.count() == 0
