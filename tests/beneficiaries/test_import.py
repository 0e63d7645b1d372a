"""Importing existing beneficiaries from the SPEC §4 template: checks, saving, idempotency, marked copy, access."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from beneficiaries.imports.columns import TITLES
from beneficiaries.models import Entitlement, EntitlementEvent, Household, ImportBatch, Person
from beneficiaries.services.imports import import_save, import_validate
from locations.models import Village

VALID_ROWS = ImportBatch.Mode.VALID_ROWS
ALL_OR_NOTHING = ImportBatch.Mode.ALL_OR_NOTHING

# Three people who qualify in 01/2025 (standard level 500.000 ₫ since 07/2024).
GOOD_ROWS = [
    {
        "Họ và tên": "Trần Thị Mai",
        "Ngày sinh": "05/03/1950",
        "Giới tính": "Nữ",
        "Dân tộc": "Kinh",
        "Số định danh cá nhân": "087150000101",
        "Mã xã": "30001",
        "Thôn/ấp": "Ấp Mỹ Phú",
        "Hộ nghèo/cận nghèo": "Hộ nghèo",
        "Diện hưởng": "5.5.a",
        "Số quyết định": "125/QĐ-UBND",
        "Ngày quyết định": "15/01/2025",
        "Hưởng từ tháng": "01/2025",
        "Hình thức chi trả": "Tiền mặt tại xã",
    },
    {
        "Họ và tên": "Lê Văn Hùng",
        "Ngày sinh": "12/08/1990",
        "Giới tính": "Nam",
        "Số định danh cá nhân": "087090000202",
        "Mã xã": "30001",
        "Thôn/ấp": "Ấp Mỹ Phú",
        "Diện hưởng": "5.6",
        "Mức độ khuyết tật": "Đặc biệt nặng",
        "Số quyết định": "126/QĐ-UBND",
        "Ngày quyết định": "15/01/2025",
        "Hưởng từ tháng": "01/2025",
        "Hình thức chi trả": "Tài khoản ngân hàng",
        "Số tài khoản": "0123456789",
        "Ngân hàng": "Agribank",
    },
    {
        "Họ và tên": "Phạm Gia Bảo",
        "Ngày sinh": "20/06/2022",
        "Giới tính": "Nam",
        "Số định danh cá nhân": "087222000303",
        "Mã xã": "30001",
        "Diện hưởng": "5.1.b",
        "Số quyết định": "127/QĐ-UBND",
        "Ngày quyết định": "15/01/2025",
        "Hưởng từ tháng": "01/2025",
    },
]


def workbook_bytes(rows, titles=TITLES, *, formulas=None) -> bytes:
    """An .xlsx with `titles` in row 1 and one row per dict (by title); `formulas` = {(row, title): "=…"}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(list(titles))
    for row in rows:
        sheet.append([row.get(title) for title in titles])
    for (row_number, title), formula in (formulas or {}).items():
        sheet.cell(row=row_number, column=list(titles).index(title) + 1, value=formula)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(rows=GOOD_ROWS, name="doi-tuong.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(rows, **kwargs))


def with_row(changes: dict) -> list[dict]:
    """The good file with its first row changed: that row is Excel row 2."""
    return [{**GOOD_ROWS[0], **changes}, *GOOD_ROWS[1:]]


def errors_of(batch) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in batch.errors]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_good_file_saves_three_people_and_entitlements_with_exact_amounts(world):
    officer = world.user("officer_a")
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    assert (batch.status, batch.rows_total, batch.rows_valid, batch.errors) == ("validated", 3, 3, [])
    assert Person.objects.filter(id_number__in=["087150000101", "087090000202", "087222000303"]).count() == 0

    batch = import_save(actor=officer, batch=batch, mode=VALID_ROWS)

    assert (batch.status, batch.rows_created, batch.rows_unchanged) == ("saved", 3, 0)
    rows = {
        e.person.full_name: (e.category.code, e.coefficient, e.level, e.amount, e.decision_number, e.start_month)
        for e in Entitlement.objects.filter(commune=world.commune_a).select_related("person", "category")
    }
    assert rows == {
        "Trần Thị Mai": ("5.5.a", Decimal("1.50"), 500_000, 750_000, "125/QĐ-UBND", date(2025, 1, 1)),
        "Lê Văn Hùng": ("5.6", Decimal("2.00"), 500_000, 1_000_000, "126/QĐ-UBND", date(2025, 1, 1)),
        "Phạm Gia Bảo": ("5.1.b", Decimal("2.50"), 500_000, 1_250_000, "127/QĐ-UBND", date(2025, 1, 1)),
    }
    mai = Person.objects.get(id_number="087150000101")
    assert (mai.birth_date, mai.sex, mai.id_type, mai.village.name, mai.created_by) == (
        date(1950, 3, 5), "F", "cccd", "Ấp Mỹ Phú", officer,
    )  # fmt: skip
    assert (mai.household.poverty_status, mai.household.commune) == (Household.Poverty.POOR, world.commune_a)
    hung = Person.objects.get(id_number="087090000202")
    assert (hung.payment_method, hung.account_number, hung.bank_name, hung.household) == (
        "bank", "0123456789", "Agribank", None,
    )  # fmt: skip
    # One village created for both rows that name it.
    assert Village.objects.filter(commune=world.commune_a, name="Ấp Mỹ Phú").count() == 1
    # The audit trail: a "granted" event per entitlement and a history entry per person, with the officer.
    events = EntitlementEvent.objects.filter(entitlement__commune=world.commune_a)
    assert {(e.kind, e.actor, e.note) for e in events} == {
        ("granted", officer, "Nhập từ tệp doi-tuong.xlsx; quyết định số 125/QĐ-UBND"),
        ("granted", officer, "Nhập từ tệp doi-tuong.xlsx; quyết định số 126/QĐ-UBND"),
        ("granted", officer, "Nhập từ tệp doi-tuong.xlsx; quyết định số 127/QĐ-UBND"),
    }
    history = LogEntry.objects.get_for_object(mai).get()
    assert (history.action, history.actor, history.changes_text) == (
        LogEntry.Action.CREATE, officer, "Nhập từ tệp doi-tuong.xlsx",
    )  # fmt: skip


def test_saved_person_shows_the_import_in_their_history(world, login):
    officer = world.user("officer_a")
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    import_save(actor=officer, batch=batch, mode=VALID_ROWS)
    mai = Person.objects.get(id_number="087150000101")
    page = login(officer).get(reverse("beneficiaries:person_detail", args=[mai.pk]))
    history = page.context["history"]
    assert [(row.actor, row.subject) for row in history] == [(officer, "Đối tượng: Trần Thị Mai")]
    assert ("Họ và tên", "—", "Trần Thị Mai") in history[0].changes
    assert "01/2025: Được hưởng" in page.content.decode()
    assert "Nhập từ tệp doi-tuong.xlsx; quyết định số 125/QĐ-UBND" in page.content.decode()


def _future() -> str:
    return f"15/01/{timezone.localdate().year + 1}"


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Ngày sinh": "31/02/1950"}, "Ngày sinh", "«31/02/1950» không phải là ngày có thật."),
        ({"Ngày sinh": "1950-03-05"}, "Ngày sinh", "«1950-03-05» không đúng dạng ngày dd/mm/yyyy."),
        (
            {"Số định danh cá nhân": "0871500001"},
            "Số định danh cá nhân",
            "«0871500001»: Số định danh phải có 12 chữ số (đang có 10 chữ số).",
        ),
        ({"Ngày sinh": "01/06/1979"}, "Ngày sinh", "Diện 5.5.a yêu cầu từ đủ 60 tuổi (đang 45 tuổi)."),
        ({"Mã xã": "99999"}, "Mã xã", "Mã xã «99999» không có trong danh mục đơn vị hành chính."),
        ({"Mã xã": "30002"}, "Mã xã", "Mã xã «30002» không phải xã của bạn (Thị trấn Mỹ Thọ, mã 30001)."),
        ({"Hộ nghèo/cận nghèo": ""}, "Hộ nghèo/cận nghèo", "Diện 5.5.a yêu cầu thuộc hộ nghèo."),
        (
            {"Diện hưởng": "9.9"},
            "Diện hưởng",
            "Diện hưởng «9.9» không có trong danh mục (ví dụ đúng: 5.1.b, 5.5.a, 5.6).",
        ),
        ({"Giới tính": "Khác"}, "Giới tính", "«Khác» không phải giới tính hợp lệ (dùng: Nam, Nữ)."),
        ({"Hưởng từ tháng": "13/2025"}, "Hưởng từ tháng", "«13/2025»: tháng phải từ 01 đến 12."),
        (
            {"Hình thức chi trả": "Ví điện tử"},
            "Số tài khoản",
            "Bắt buộc khi chi trả qua tài khoản ngân hàng hoặc ví điện tử.",
        ),
        ({"Họ và tên": ""}, "Họ và tên", "Không được để trống."),
    ],
)
def test_each_bad_cell_is_reported_by_row_and_column_in_vietnamese(world, changes, column, message):
    batch = import_validate(
        actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload(with_row(changes))
    )
    assert errors_of(batch) == [(2, column, message)]
    assert (batch.rows_total, batch.rows_valid) == (3, 2)


def test_a_57_child_must_be_under_3_and_live_in_an_especially_difficult_village(world):
    Village.objects.create(commune=world.commune_a, name="Bản Nậm Cang", especially_difficult=True)
    child = {**GOOD_ROWS[2], "Diện hưởng": "5.7", "Thôn/ấp": "bản nậm cang", "Hộ nghèo/cận nghèo": "Hộ cận nghèo"}
    rows = [
        {**child, "Ngày sinh": "01/06/2019"},  # 5 years old in 01/2025
        {**child, "Ngày sinh": "01/06/2022", "Số định danh cá nhân": "087222000404"},  # 2 years old
        {**child, "Ngày sinh": "01/06/2022", "Số định danh cá nhân": "087222000505", "Thôn/ấp": "Ấp Mới"},
    ]
    officer = world.user("officer_a")
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload(rows))
    assert errors_of(batch) == [
        (2, "Ngày sinh", "Diện 5.7 chỉ dành cho trẻ em dưới 3 tuổi (đang 5 tuổi)."),
        (4, "Thôn/ấp", "Diện 5.7 yêu cầu sống ở xã, thôn đặc biệt khó khăn."),
    ]
    import_save(actor=officer, batch=batch, mode=VALID_ROWS)
    saved = Entitlement.objects.select_related("person__village").get()
    assert (saved.person.id_number, saved.person.village.name, saved.amount) == (
        "087222000404",
        "Bản Nậm Cang",
        750_000,
    )


def test_a_birth_date_in_the_future_is_refused(world):
    future = _future()
    batch = import_validate(
        actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload(with_row({"Ngày sinh": future}))
    )
    assert (2, "Ngày sinh", f"Ngày sinh {future} sau ngày hôm nay.") in errors_of(batch)
    assert batch.rows_valid == 2


def test_a_formula_cell_is_refused_with_its_row_and_column(world):
    batch = import_validate(
        actor=world.user("officer_a"),
        unit=world.commune_a,
        uploaded_file=upload(formulas={(3, "Ngày sinh"): "=DATE(1990,8,12)"}),
    )
    assert errors_of(batch) == [
        (3, "Ngày sinh", "Ô chứa công thức; hãy dán giá trị (Paste Values) thay cho công thức.")
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Ho va ten;Ngay sinh\nNguyen Van A;01/01/1950\n", "danh-sach.xlsx",
         "Tệp không phải là tệp Excel .xlsx (hãy dùng tệp mẫu tải từ trang nhập dữ liệu)."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "cu.xlsx",
         "Tệp là định dạng Excel 97–2003 (.xls) hoặc đã đặt mật khẩu. "
         "Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dưới dạng .xlsx."),
        (b"PK\x03\x04broken", "hong.xlsx", "Tệp bị hỏng, không đọc được như tệp Excel .xlsx."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_real_xlsx_is_refused_and_nothing_is_kept(world, content, name, message):
    with pytest.raises(ValidationError) as caught:
        import_validate(
            actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=SimpleUploadedFile(name, content)
        )
    assert caught.value.message_dict == {"file": [message]}
    assert ImportBatch.objects.count() == 0


def test_extra_and_missing_columns_are_named(world):
    titles = [title for title in TITLES if title != "Ngân hàng"] + ["Ghi chú"]
    with pytest.raises(ValidationError) as caught:
        import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload(titles=titles))
    assert caught.value.message_dict == {
        "file": ["Dòng 1, cột R: cột «Ghi chú» không có trong tệp mẫu.", "Dòng 1: thiếu cột «Ngân hàng»."]
    }
    assert ImportBatch.objects.count() == 0


def test_columns_in_another_order_are_read_by_their_titles(world):
    titles = list(reversed(TITLES))
    batch = import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload(titles=titles))
    assert (batch.rows_valid, batch.errors) == (3, [])


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=big)
    assert caught.value.message_dict == {"file": ["Tệp nặng 3,0 MB, vượt giới hạn 2,0 MB. Hãy chia nhỏ tệp."]}
    assert ImportBatch.objects.count() == 0


def test_a_file_with_more_rows_than_the_limit_is_refused(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError) as caught:
        import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload())
    assert caught.value.message_dict == {"file": ["Tệp có hơn 2 dòng dữ liệu. Hãy chia nhỏ tệp."]}
    assert ImportBatch.objects.count() == 0


def test_a_workbook_with_macros_is_refused(world):
    buffer = io.BytesIO(workbook_bytes(GOOD_ROWS))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 64)
    with pytest.raises(ValidationError) as caught:
        import_validate(
            actor=world.user("officer_a"),
            unit=world.commune_a,
            uploaded_file=SimpleUploadedFile("macro.xlsx", buffer.getvalue()),
        )
    assert caught.value.message_dict == {
        "file": ["Tệp có macro (VBA). Hãy lưu lại dưới dạng .xlsx thường, không có macro."]
    }


def test_all_or_nothing_saves_nothing_when_one_row_is_bad(world):
    officer = world.user("officer_a")
    people_before = Person.objects.count()
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload(with_row({"Mã xã": "99999"})))
    batch = import_save(actor=officer, batch=batch, mode=ALL_OR_NOTHING)
    assert (batch.status, batch.mode, batch.rows_created) == ("rejected", ALL_OR_NOTHING, 0)
    assert Person.objects.count() == people_before
    assert Entitlement.objects.count() == 0
    assert ImportBatch.objects.get(pk=batch.pk).status == "rejected"


def test_valid_rows_mode_saves_the_good_rows_and_keeps_the_errors(world):
    officer = world.user("officer_a")
    batch = import_validate(
        actor=officer, unit=world.commune_a, uploaded_file=upload(with_row({"Ngày sinh": "31/02/1950"}))
    )
    batch = import_save(actor=officer, batch=batch, mode=VALID_ROWS)
    assert (batch.status, batch.rows_created, batch.rows_valid) == ("saved", 2, 2)
    assert sorted(Entitlement.objects.values_list("person__full_name", flat=True)) == ["Lê Văn Hùng", "Phạm Gia Bảo"]
    assert errors_of(ImportBatch.objects.get(pk=batch.pk)) == [
        (2, "Ngày sinh", "«31/02/1950» không phải là ngày có thật.")
    ]


def test_reimporting_the_same_file_creates_nothing(world):
    officer = world.user("officer_a")
    first = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    import_save(actor=officer, batch=first, mode=VALID_ROWS)
    counts = (Person.objects.count(), Entitlement.objects.count(), Household.objects.count(), Village.objects.count())

    again = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    assert (again.rows_valid, again.rows_unchanged) == (3, 3)
    again = import_save(actor=officer, batch=again, mode=ALL_OR_NOTHING)

    assert (again.status, again.rows_created, again.rows_unchanged) == ("saved", 0, 3)
    after = (Person.objects.count(), Entitlement.objects.count(), Household.objects.count(), Village.objects.count())
    assert after == counts


def test_two_uploads_of_one_file_checked_before_either_is_saved_create_once(world):
    officer = world.user("officer_a")
    first = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    second = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    assert second.rows_unchanged == 0  # nothing saved yet when it was checked
    import_save(actor=officer, batch=first, mode=VALID_ROWS)
    # Saved from the page: the batch comes from the database and its stored file is checked again.
    second = import_save(actor=officer, batch=ImportBatch.objects.get(pk=second.pk), mode=VALID_ROWS)
    assert (second.rows_created, second.rows_unchanged) == (0, 3)
    assert Entitlement.objects.count() == 3


def test_saving_twice_saves_once(world):
    officer = world.user("officer_a")
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())
    import_save(actor=officer, batch=batch, mode=VALID_ROWS)
    with pytest.raises(ValidationError) as caught:
        import_save(actor=officer, batch=ImportBatch.objects.get(pk=batch.pk), mode=VALID_ROWS)
    assert caught.value.message_dict == {"batch": ["Lần nhập này đã được xử lý; hãy tải tệp lên lại để nhập tiếp."]}
    assert Entitlement.objects.count() == 3


def test_a_crash_while_saving_saves_nothing(world, monkeypatch):
    from beneficiaries.imports import save

    officer = world.user("officer_a")
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload())

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(save.EntitlementEvent.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        import_save(actor=officer, batch=batch, mode=VALID_ROWS)
    assert Person.objects.filter(id_number="087150000101").exists() is False
    assert Entitlement.objects.count() == 0
    assert ImportBatch.objects.get(pk=batch.pk).status == "validated"


def test_an_existing_person_in_the_commune_is_reused_not_duplicated(world):
    officer = world.user("officer_a")
    existing = world.people["a"]
    rows = with_row(
        {"Họ và tên": existing.full_name, "Ngày sinh": "17/05/1950", "Giới tính": "Nam",
         "Số định danh cá nhân": existing.id_number}
    )  # fmt: skip
    batch = import_save(
        actor=officer,
        batch=import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload(rows)),
        mode=VALID_ROWS,
    )
    assert batch.rows_created == 3
    assert Person.objects.filter(id_number=existing.id_number).count() == 1
    assert existing.entitlements.get().amount == 750_000


def test_an_id_number_of_a_person_in_another_unit_is_a_row_error(world):
    other = world.people["c"]
    rows = with_row({"Số định danh cá nhân": other.id_number})
    batch = import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload(rows))
    assert errors_of(batch) == [
        (
            2,
            "Số định danh cá nhân",
            "Số định danh này đã thuộc một đối tượng do đơn vị khác quản lý; nếu đối tượng chuyển đến, hãy làm "
            "thủ tục chuyển địa bàn.",
        )
    ]


def test_the_same_entitlement_twice_in_one_file_is_an_error(world):
    rows = [*GOOD_ROWS, GOOD_ROWS[0]]
    batch = import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload(rows))
    assert errors_of(batch) == [(5, "Số quyết định", "Trùng với dòng 2 (cùng người, cùng diện, cùng số quyết định).")]


def test_a_second_allowance_for_the_same_person_is_refused_by_article_6(world):
    second = {**GOOD_ROWS[0], "Diện hưởng": "5.6", "Mức độ khuyết tật": "Nặng", "Số quyết định": "200/QĐ-UBND"}
    batch = import_validate(
        actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload([*GOOD_ROWS, second])
    )
    assert errors_of(batch) == [
        (
            5,
            "Diện hưởng",
            "Đối tượng đang hưởng diện 5.5.a (dòng 2); chỉ được hưởng một mức cao nhất "
            "(khoản 2 Điều 6 Nghị định 20/2021).",
        )
    ]


def test_a_district_officer_imports_for_communes_of_the_district_only(world):
    rows = [GOOD_ROWS[0], {**GOOD_ROWS[1], "Mã xã": "30002"}, {**GOOD_ROWS[2], "Mã xã": "30003"}]
    officer = world.user("district_officer")
    batch = import_validate(actor=officer, unit=world.district, uploaded_file=upload(rows))
    assert errors_of(batch) == [(4, "Mã xã", "Mã xã «30003» không thuộc Huyện Cao Lãnh.")]
    import_save(actor=officer, batch=batch, mode=VALID_ROWS)
    assert dict(Entitlement.objects.values_list("person__full_name", "commune__code")) == {
        "Trần Thị Mai": "30001",
        "Lê Văn Hùng": "30002",
    }


def test_the_marked_copy_has_the_message_on_the_bad_cell(world, login):
    officer = world.user("officer_a")
    rows = with_row({"Ngày sinh": "31/02/1950"})
    batch = import_validate(actor=officer, unit=world.commune_a, uploaded_file=upload(rows))
    response = login(officer).get(reverse("beneficiaries:import_marked", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="doi-tuong-danh-dau-loi.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    bad = sheet.cell(row=2, column=TITLES.index("Ngày sinh") + 1)
    assert (bad.value, bad.comment.text, bad.fill.fgColor.rgb) == (
        "31/02/1950", "«31/02/1950» không phải là ngày có thật.", "00FFC7CE",
    )  # fmt: skip
    error_column = len(TITLES) + 1
    assert sheet.cell(row=1, column=error_column).value == "Lỗi"
    assert sheet.cell(row=2, column=error_column).value == "Ngày sinh: «31/02/1950» không phải là ngày có thật."
    assert sheet.cell(row=3, column=error_column).value is None
    assert sheet.cell(row=3, column=1).comment is None


def test_a_corrected_marked_copy_can_be_uploaded_again(world):
    officer = world.user("officer_a")
    batch = import_validate(
        actor=officer, unit=world.commune_a, uploaded_file=upload(with_row({"Ngày sinh": "31/02/1950"}))
    )
    out = io.BytesIO()
    from beneficiaries.imports.marked import write_marked_copy

    with batch.file.open("rb") as source:
        write_marked_copy(source, batch.errors, out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    workbook.active.cell(row=2, column=TITLES.index("Ngày sinh") + 1, value="28/02/1950")
    fixed = io.BytesIO()
    workbook.save(fixed)
    again = import_validate(
        actor=officer, unit=world.commune_a, uploaded_file=SimpleUploadedFile("sua.xlsx", fixed.getvalue())
    )
    assert (again.rows_valid, again.errors) == (3, [])


def test_the_template_has_the_spec_header_and_drop_down_lists(world, login):
    response = login(world.user("officer_a")).get(reverse("beneficiaries:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn", "Danh mục"]
    sheet = workbook["Danh sách"]
    assert tuple(cell.value for cell in sheet[1]) == TITLES
    # No example row to import by mistake: it is on «Hướng dẫn». Rows below are only formatted as Text.
    assert all(cell.value is None for cell in sheet[2])
    assert sheet.cell(row=2, column=TITLES.index("Số định danh cá nhân") + 1).number_format == "@"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    letter = {title: chr(ord("A") + i) for i, title in enumerate(TITLES)}
    assert lists[f"{letter['Giới tính']}2"] == "'Danh mục'!$B$2:$B$3"
    assert lists[f"{letter['Hình thức chi trả']}2"] == "'Danh mục'!$F$2:$F$5"
    codes = [row[0].value for row in workbook["Danh mục"].iter_rows(min_row=2, max_col=1) if row[0].value]
    assert codes[:2] == ["5.1.a", "5.1.b"] and "5.6" in codes and "5.5.b" not in codes
    guide = workbook["Hướng dẫn"]
    example = [cell.value for cell in guide[guide.max_row]]
    assert example[TITLES.index("Mã xã")] == "30001" and example[0] == "Nguyễn Thị Lan"


def test_the_blank_template_uploads_as_an_empty_file_with_nothing_to_save(world, login):
    client = login(world.user("officer_a"))
    template = b"".join(client.get(reverse("beneficiaries:import_template")).streaming_content)
    batch = import_validate(
        actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=SimpleUploadedFile("mau.xlsx", template)
    )
    assert (batch.rows_total, batch.rows_valid, batch.errors) == (0, 0, [])
    assert (
        "Không có dòng hợp lệ để lưu."
        in client.get(reverse("beneficiaries:import_detail", args=[batch.pk])).content.decode()
    )
    assert import_save(actor=world.user("officer_a"), batch=batch, mode=VALID_ROWS).status == "rejected"


def test_the_upload_page_checks_the_file_and_shows_the_errors(world, login):
    client = login(world.user("officer_a"))
    page = client.get(reverse("beneficiaries:import_upload"))
    assert page.status_code == 200 and "Tải tệp mẫu (.xlsx)" in page.content.decode()
    response = client.post(
        reverse("beneficiaries:import_upload"), {"file": upload(with_row({"Ngày sinh": "31/02/1950"}))}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "beneficiaries:import_detail", args=[batch.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "«31/02/1950» không phải là ngày có thật." in detail
    assert "Tải tệp đã đánh dấu lỗi" in detail

    saved = client.post(reverse("beneficiaries:import_commit", args=[batch.pk]), {"mode": VALID_ROWS}, follow=True)
    assert "Đã lưu: 2 chế độ mới, 0 dòng đã có từ trước (không thay đổi)." in saved.content.decode()
    assert Entitlement.objects.count() == 2


def test_the_upload_page_shows_why_a_file_is_refused(world, login):
    client = login(world.user("officer_a"))
    response = client.post(reverse("beneficiaries:import_upload"), {"file": SimpleUploadedFile("a.xlsx", b"hello")})
    assert response.status_code == 200
    assert "Tệp không phải là tệp Excel .xlsx" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_officer_b_cannot_see_or_save_commune_a_batch(world, login):
    batch = import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload())
    client = login(world.user("officer_b"))
    assert client.get(reverse("beneficiaries:import_detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("beneficiaries:import_marked", args=[batch.pk])).status_code == 404
    response = client.post(reverse("beneficiaries:import_commit", args=[batch.pk]), {"mode": VALID_ROWS})
    assert response.status_code == 404
    assert ImportBatch.objects.get(pk=batch.pk).status == "validated"
    assert Entitlement.objects.count() == 0
    assert batch.original_name not in client.get(reverse("beneficiaries:import_upload")).content.decode()


def test_the_district_sees_its_communes_batches(world, login):
    batch = import_validate(actor=world.user("officer_a"), unit=world.commune_a, uploaded_file=upload())
    response = login(world.user("district_leader")).get(reverse("beneficiaries:import_detail", args=[batch.pk]))
    assert response.status_code == 200
    assert 'data-testid="save-form"' not in response.content.decode()  # may look, may not save


def test_a_commune_leader_cannot_import(world, login):
    client = login(world.user("leader_a"))
    response = client.post(reverse("beneficiaries:import_upload"), {"file": upload()})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0
    with pytest.raises(ValidationError):
        import_validate(actor=world.user("leader_a"), unit=world.commune_a, uploaded_file=upload())
    assert ImportBatch.objects.count() == 0
