"""Reconciling an approved roll with the payment organisation's result file: the template, reading .xlsx/.csv by
content, matching by ID number and amount, every problem listed by row, nothing applied before confirmation,
confirmation applied once, who may, and unpaid lines carried to the next month as arrears."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from beneficiaries.models import PaymentMethod
from payments.generation import roll_generate
from payments.models import PaymentLine, PaymentRoll, Reconciliation, RollEvent
from payments.reconciliation import (
    AMOUNT,
    ID,
    PAID,
    FileRejected,
    RollLine,
    parse_amount,
    parse_paid,
    read_table,
    reconcile,
)
from payments.services_reconciliation import reconciliation_apply, reconciliation_check, reconciliation_discard
from tests import factories as f

from .conftest import approve, granted, person_in

MONTH = date(2026, 11, 1)
TODAY = date(2026, 11, 20)
Status = PaymentRoll.Status
NBSP = "\u00a0"

PEOPLE = [
    # (name, ID number, total)
    ("Trần Thị Lan", "087150000001", 1_350_000),
    ("Lê Văn Hùng", "087052000002", 540_000),
    ("Nguyễn Thị Mai", "087150000003", 810_000),
]
HEADER = ["STT", "Số định danh cá nhân", "Họ và tên", "Số tiền", "Đã nhận", "Ngày nhận", "Ghi chú"]


@pytest.fixture(autouse=True)
def _today(set_today):
    set_today(TODAY)


def make_roll(commune, *, status=Status.APPROVED, month=MONTH, people=PEOPLE) -> PaymentRoll:
    """An approved roll as generation and approval leave it (test setup: both have their own tests)."""
    roll = PaymentRoll.objects.create(
        commune=commune,
        month=month,
        status=status,
        generated_at=timezone.now(),
        lines_count=len(people),
        monthly_total=sum(total for *_, total in people),
        total=sum(total for *_, total in people),
    )
    village = f.VillageFactory(commune=commune)
    for row_no, (name, id_number, total) in enumerate(people, start=1):
        person = f.PersonFactory(full_name=name, id_number=id_number, commune=commune, village=village)
        PaymentLine.objects.create(
            roll=roll,
            row_no=row_no,
            person=person,
            categories="5.6",
            monthly_amount=total,
            total=total,
            payment_method=PaymentMethod.CASH,
        )
    return roll


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, header=HEADER, *, delimiter=";", bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def upload(content: bytes, name="ket-qua.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def results(roll) -> dict[str, tuple]:
    return {
        line.person.full_name: (line.paid, line.paid_on, line.unpaid_reason)
        for line in PaymentLine.objects.filter(roll=roll).select_related("person")
    }


NOTHING_RECORDED = {
    "Trần Thị Lan": (None, None, ""),
    "Lê Văn Hùng": (None, None, ""),
    "Nguyễn Thị Mai": (None, None, ""),
}

GOOD_ROWS = [
    (1, "087150000001", "Trần Thị Lan", 1_350_000, "Có", "05/11/2026", ""),
    (2, "087052000002", "Lê Văn Hùng", 540_000, "Không", "", "Đi làm ăn xa"),
    (3, "087150000003", "Nguyễn Thị Mai", 810_000, 1, "06/11/2026", ""),
]


def problems_of(reconciliation) -> list[tuple]:
    return [(p["row"], p["column"], p["message"]) for p in reconciliation.problems]


# --- A good file ----------------------------------------------------------------------------------------------


def test_a_good_file_is_checked_first_then_every_match_is_applied_on_confirmation(world):
    roll = make_roll(world.commune_a)
    officer = world.user("officer_a")

    checked = reconciliation_check(actor=officer, roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS)))

    assert checked.status == Reconciliation.Status.CHECKED
    assert checked.problems == []
    assert [(m["row"], m["paid"], m["paid_on"], m["note"]) for m in checked.matches] == [
        (2, True, "2026-11-05", ""),
        (3, False, None, "Đi làm ăn xa"),
        (4, True, "2026-11-06", ""),
    ]
    assert results(roll) == NOTHING_RECORDED  # nothing applied before the officer confirms
    assert checked.file.read()[:2] == b"PK"  # the file is kept

    reconciliation_apply(actor=officer, reconciliation=checked)

    assert results(roll) == {
        "Trần Thị Lan": (True, date(2026, 11, 5), ""),
        "Lê Văn Hùng": (False, None, "Đi làm ăn xa"),
        "Nguyễn Thị Mai": (True, date(2026, 11, 6), ""),
    }
    assert Reconciliation.objects.get(pk=checked.pk).status == Reconciliation.Status.APPLIED
    event = RollEvent.objects.get(roll=roll, action="reconciled")
    assert (event.actor, event.data["paid"], event.data["unpaid"], event.reason) == (officer, 2, 1, "ket-qua.xlsx")
    roll.refresh_from_db()
    assert (roll.status, roll.total) == (Status.APPROVED, 2_700_000)  # amounts and status untouched


def test_a_csv_with_bom_and_semicolons_or_plain_commas_reads_like_the_xlsx(world):
    roll = make_roll(world.commune_a)
    officer = world.user("officer_a")
    rows = [
        ("1", "087150000001", "Trần Thị Lan", "1.350.000", "1", "05/11/2026", ""),
        ("2", "087052000002", "Lê Văn Hùng", "540000", "0", "", "Ốm nằm viện"),
        ("3", "087150000003", "Nguyễn Thị Mai", "810.000 ₫", "có", "6/11/2026", ""),
    ]
    semicolons = reconciliation_check(actor=officer, roll=roll, uploaded_file=upload(csv_bytes(rows), "kq.csv"))
    commas = reconciliation_check(
        actor=officer, roll=roll, uploaded_file=upload(csv_bytes(rows, delimiter=",", bom=False), "kq.csv")
    )
    for checked in (semicolons, commas):
        assert checked.problems == []
        assert [(m["row"], m["paid"], m["paid_on"], m["note"]) for m in checked.matches] == [
            (2, True, "2026-11-05", ""),
            (3, False, None, "Ốm nằm viện"),
            (4, True, "2026-11-06", ""),
        ]


def test_the_format_is_recognised_by_content_not_by_name(world):
    roll = make_roll(world.commune_a)
    officer = world.user("officer_a")
    xlsx_named_csv = reconciliation_check(
        actor=officer, roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS), "a.csv")
    )
    csv_named_xlsx = reconciliation_check(
        actor=officer, roll=roll, uploaded_file=upload(csv_bytes(GOOD_ROWS), "b.xlsx")
    )
    assert len(xlsx_named_csv.matches) == len(csv_named_xlsx.matches) == 3
    assert xlsx_named_csv.file.name.endswith(".xlsx") and csv_named_xlsx.file.name.endswith(".csv")


def test_an_id_typed_as_a_number_in_excel_still_matches_despite_the_lost_leading_zero(world):
    roll = make_roll(world.commune_a)
    rows = [(1, 87150000001, "Trần Thị Lan", 1350000, "Có", None, None)]  # a number cell: 087… became 87…
    checked = reconciliation_check(actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(rows)))
    assert [(m["row"], m["paid"]) for m in checked.matches] == [(2, True)]
    reconciliation_apply(actor=world.user("officer_a"), reconciliation=checked)
    # No «Ngày nhận»: the day it was recorded.
    assert results(roll)["Trần Thị Lan"] == (True, TODAY, "")


# --- Bad input: every problem by row, nothing applied ---------------------------------------------------------


def test_every_bad_row_is_listed_with_its_row_column_and_message_and_only_matches_are_applied(world):
    people = PEOPLE + [("Phạm Văn Tư", "087052000004", 540_000), ("Võ Thị Năm", "087150000005", 540_000)]
    roll = make_roll(world.commune_a, people=people)
    officer = world.user("officer_a")
    header = HEADER + ["Số tài khoản"]
    rows = [
        (1, "087150000001", "Trần Thị Lan", 1_250_000, "Có", "05/11/2026", "", ""),  # row 2: amount differs
        (2, "087052000002", "Lê Văn Hùng", 540_000, "Có", "05/11/2026", "", ""),  # row 3: same ID twice
        (3, "087052000002", "Lê Văn Hùng", 540_000, "Có", "06/11/2026", "", ""),  # row 4: same ID twice
        (4, "001099000999", "Người Lạ", 540_000, "Có", "05/11/2026", "", ""),  # row 5: not on this roll
        (5, "087052000004", "Phạm Văn Tư", 540_000, "Có", "31/02/2026", "", ""),  # row 6: bad date
        (6, "087150000003", "Nguyễn Thị Mai", 810_000, "Có", "05/11/2026", "", ""),  # row 7: good
        (7, "", "Không Số", 540_000, "Có", "", "", ""),  # row 8: no ID
        (8, "087150000005", "Võ Thị Năm", 540_000, "Rồi", "", "", ""),  # row 9: «Đã nhận» unreadable
    ]

    checked = reconciliation_check(actor=officer, roll=roll, uploaded_file=upload(xlsx_bytes(rows, header)))

    assert problems_of(checked) == [
        (1, "Số tài khoản", "Cột H «Số tài khoản» không có trong mẫu kết quả chi trả, được bỏ qua."),
        (2, "Số tiền", f"Số tiền 1.250.000{NBSP}₫ khác danh sách 1.350.000{NBSP}₫."),
        (
            3,
            "Số định danh cá nhân",
            "Số định danh cá nhân 087052000002 (Lê Văn Hùng) có ở nhiều dòng: 3, 4. Mỗi người chỉ một dòng kết quả.",
        ),
        (
            4,
            "Số định danh cá nhân",
            "Số định danh cá nhân 087052000002 (Lê Văn Hùng) có ở nhiều dòng: 3, 4. Mỗi người chỉ một dòng kết quả.",
        ),
        (
            5,
            "Số định danh cá nhân",
            "Số định danh cá nhân 001099000999 không có trong danh sách chi trả tháng 11/2026.",
        ),
        (6, "Ngày nhận", "Ngày nhận «31/02/2026» không hợp lệ (cần dạng dd/mm/yyyy)."),
        (8, "Số định danh cá nhân", "Thiếu số định danh cá nhân."),
        (9, "Đã nhận", "«Đã nhận» phải là Có hoặc Không (1 hoặc 0), không phải «Rồi»."),
    ]
    assert [(m["row"], m["paid"]) for m in checked.matches] == [(7, True)]
    assert results(roll) == {**NOTHING_RECORDED, "Phạm Văn Tư": (None, None, ""), "Võ Thị Năm": (None, None, "")}

    reconciliation_apply(actor=officer, reconciliation=checked)

    assert results(roll) == {
        **NOTHING_RECORDED,
        "Nguyễn Thị Mai": (True, date(2026, 11, 5), ""),
        "Phạm Văn Tư": (None, None, ""),
        "Võ Thị Năm": (None, None, ""),
    }


def test_lines_the_file_does_not_mention_are_listed_as_without_result(world):
    roll = make_roll(world.commune_a)
    checked = reconciliation_check(
        actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS[:1]))
    )
    line_ids = dict(PaymentLine.objects.filter(roll=roll).values_list("person__full_name", "pk"))
    assert [(p["row"], p["kind"], p["line"], p["message"]) for p in checked.problems] == [
        (None, "missing", line_ids["Lê Văn Hùng"], "Chưa có kết quả trong tệp."),
        (None, "missing", line_ids["Nguyễn Thị Mai"], "Chưa có kết quả trong tệp."),
    ]


def test_a_paid_day_after_today_is_a_problem(world):
    roll = make_roll(world.commune_a)
    rows = [(1, "087150000001", "Trần Thị Lan", 1_350_000, "Có", "21/11/2026", "")]
    checked = reconciliation_check(actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(rows)))
    assert problems_of(checked)[0] == (2, "Ngày nhận", "Ngày nhận 21/11/2026 sau ngày hôm nay (20/11/2026).")
    assert checked.matches == []


OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\xff\nendstream"


def docx_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PDF, "ket-qua.csv", "Tệp không phải tệp Excel .xlsx hoặc tệp .csv (mã UTF-8), không đọc được."),
        (docx_bytes(), "ket-qua.xlsx", "Tệp không phải tệp Excel .xlsx hoặc tệp .csv (mã UTF-8), không đọc được."),
        (
            "STT;Số định danh cá nhân;Số tiền;Đã nhận\n1;087150000001;1350000;Có\n".encode("utf-16"),
            "ket-qua.csv",
            "Tệp không phải tệp Excel .xlsx hoặc tệp .csv (mã UTF-8), không đọc được.",
        ),
        (
            OLD_XLS,
            "ket-qua.xls",
            "Tệp là định dạng Excel 97–2003 (.xls) hoặc đã đặt mật khẩu. "
            "Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dưới dạng .xlsx hoặc .csv.",
        ),
        (b"", "ket-qua.csv", "Tệp rỗng, không có dữ liệu."),
        ("\ufeff\n\n".encode(), "ket-qua.csv", "Tệp rỗng, không có dữ liệu."),
        (
            xlsx_bytes([]),
            "ket-qua.xlsx",
            "Tệp chỉ có dòng tiêu đề, không có dòng kết quả chi trả nào.",
        ),
        (
            xlsx_bytes(
                [(1, "087150000001", "Trần Thị Lan", "Có")],
                header=["STT", "Số định danh cá nhân", "Họ và tên", "Đã nhận"],
            ),
            "ket-qua.xlsx",
            "Dòng 1: thiếu cột «Số tiền».",
        ),
        (
            csv_bytes([("087150000001", "1350000", "Có", "1")], header=["CCCD", "Số tiền", "Đã nhận", "Số tiền"]),
            "ket-qua.csv",
            "Dòng 1, cột D: cột «Số tiền» bị lặp lại.",
        ),
    ],
    ids=["pdf", "docx", "csv-utf16", "xls", "empty", "blank-lines", "header-only", "missing-column", "repeated"],
)
def test_a_file_that_cannot_be_read_is_refused_whole_and_nothing_is_stored(world, content, name, message):
    roll = make_roll(world.commune_a)
    with pytest.raises(ValidationError) as caught:
        reconciliation_check(actor=world.user("officer_a"), roll=roll, uploaded_file=upload(content, name))
    assert caught.value.message_dict == {"file": [message]}
    assert Reconciliation.objects.count() == 0
    assert results(roll) == NOTHING_RECORDED


def test_the_upload_page_shows_a_refused_file_message_and_stores_nothing(world, login):
    roll = make_roll(world.commune_a)
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("payments:reconciliation_upload", args=[roll.pk]), {"file": upload(PDF, "ket-qua.xlsx")}
    )
    assert response.status_code == 400
    assert "Tệp không phải tệp Excel .xlsx hoặc tệp .csv (mã UTF-8), không đọc được." in response.content.decode()
    assert Reconciliation.objects.count() == 0


def test_the_result_page_lists_problems_and_matches_and_applies_only_on_confirmation(world, login):
    roll = make_roll(world.commune_a)
    client = login(world.user("officer_a"))
    rows = [GOOD_ROWS[0], (2, "087052000002", "Lê Văn Hùng", 500_000, "Có", "05/11/2026", "")]
    response = client.post(
        reverse("payments:reconciliation_upload", args=[roll.pk]), {"file": upload(xlsx_bytes(rows))}
    )
    reconciliation = Reconciliation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:reconciliation_detail", args=[reconciliation.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"Số tiền 500.000{NBSP}₫ khác danh sách 540.000{NBSP}₫." in page
    assert "Chưa ghi nhận gì vào danh sách." in page
    assert 'data-testid="match-row-2"' in page and "chưa có kết quả" in page  # Nguyễn Thị Mai: not in the file
    assert results(roll) == NOTHING_RECORDED

    confirmed = client.post(reverse("payments:reconciliation_apply", args=[reconciliation.pk]))
    assert confirmed["Location"] == reverse("payments:roll_detail", args=[roll.pk])
    assert results(roll) == {**NOTHING_RECORDED, "Trần Thị Lan": (True, date(2026, 11, 5), "")}


# --- Confirmation applies once --------------------------------------------------------------------------------


def test_confirming_twice_applies_once(world, login):
    roll = make_roll(world.commune_a)
    officer = world.user("officer_a")
    checked = reconciliation_check(actor=officer, roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS)))
    reconciliation_apply(actor=officer, reconciliation=checked)
    # Someone changes a result by hand afterwards; a second confirmation of the same file must not undo it.
    PaymentLine.objects.filter(roll=roll, person__full_name="Lê Văn Hùng").update(
        paid=True, paid_on=TODAY, unpaid_reason=""
    )

    stale = Reconciliation.objects.get(pk=checked.pk)
    stale.status = Reconciliation.Status.CHECKED  # the page was opened before the first click landed
    with pytest.raises(ValidationError) as caught:
        reconciliation_apply(actor=officer, reconciliation=stale)
    assert caught.value.messages[0].startswith("Kết quả chi trả trong tệp này đã được ghi nhận lúc ")

    client = login(officer)
    response = client.post(reverse("payments:reconciliation_apply", args=[checked.pk]), follow=True)
    assert "đã được ghi nhận" in response.content.decode()
    assert results(roll)["Lê Văn Hùng"] == (True, TODAY, "")
    assert RollEvent.objects.filter(roll=roll, action="reconciled").count() == 1


def test_a_discarded_check_can_no_longer_be_applied(world):
    roll = make_roll(world.commune_a)
    officer = world.user("officer_a")
    checked = reconciliation_check(actor=officer, roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS)))
    reconciliation_discard(actor=officer, reconciliation=checked)
    stale = Reconciliation.objects.get(pk=checked.pk)
    stale.status = Reconciliation.Status.CHECKED
    with pytest.raises(ValidationError) as caught:
        reconciliation_apply(actor=officer, reconciliation=stale)
    assert caught.value.messages == ["Lần đối soát này đã huỷ; hãy tải tệp lên lại nếu cần."]
    assert results(roll) == NOTHING_RECORDED


def test_a_roll_closed_after_the_check_refuses_the_confirmation(world):
    roll = make_roll(world.commune_a, status=Status.PAID)
    officer = world.user("officer_a")
    checked = reconciliation_check(actor=officer, roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS)))
    PaymentRoll.objects.filter(pk=roll.pk).update(status=Status.CLOSED)
    checked = Reconciliation.objects.select_related("roll").get(pk=checked.pk)
    with pytest.raises(ValidationError) as caught:
        reconciliation_apply(actor=officer, reconciliation=checked)
    assert caught.value.messages == ["Danh sách tháng 11/2026 đã khoá sổ, không ghi nhận thêm kết quả chi trả."]
    assert results(roll) == NOTHING_RECORDED
    assert Reconciliation.objects.get(pk=checked.pk).status == Reconciliation.Status.CHECKED


# --- Who may, and on which roll -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_a_roll_not_yet_approved_cannot_be_reconciled(world, status):
    roll = make_roll(world.commune_a, status=status)
    with pytest.raises(ValidationError) as caught:
        reconciliation_check(actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS)))
    assert caught.value.messages == ["Chỉ ghi nhận kết quả chi trả trên danh sách đã được phê duyệt."]
    assert Reconciliation.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader_a", "district_officer", "district_leader", "province_officer", "auditor"])
def test_other_roles_are_refused_403_and_nothing_is_stored_or_applied(world, login, persona):
    roll = make_roll(world.commune_a)
    checked = reconciliation_check(
        actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS))
    )
    client = login(world.user(persona))
    upload_url = reverse("payments:reconciliation_upload", args=[roll.pk])
    assert client.post(upload_url, {"file": upload(xlsx_bytes(GOOD_ROWS))}).status_code == 403
    assert client.get(reverse("payments:reconciliation_template", args=[roll.pk])).status_code == 403
    assert client.post(reverse("payments:reconciliation_apply", args=[checked.pk])).status_code == 403
    assert client.post(reverse("payments:reconciliation_discard", args=[checked.pk])).status_code == 403
    assert Reconciliation.objects.count() == 1
    assert Reconciliation.objects.get().status == Reconciliation.Status.CHECKED
    assert results(roll) == NOTHING_RECORDED
    with pytest.raises(PermissionDenied):
        reconciliation_apply(actor=world.user(persona), reconciliation=checked)
    assert results(roll) == NOTHING_RECORDED


@pytest.mark.parametrize("persona", ["officer_b", "officer_c", "officer_2level"])
def test_an_officer_of_another_commune_gets_404_and_nothing_changes(world, login, persona):
    roll = make_roll(world.commune_a)
    checked = reconciliation_check(
        actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS))
    )
    client = login(world.user(persona))
    assert (
        client.post(
            reverse("payments:reconciliation_upload", args=[roll.pk]), {"file": upload(xlsx_bytes(GOOD_ROWS))}
        ).status_code
        == 404
    )
    assert client.get(reverse("payments:reconciliation_template", args=[roll.pk])).status_code == 404
    assert client.get(reverse("payments:reconciliation_detail", args=[checked.pk])).status_code == 404
    assert client.post(reverse("payments:reconciliation_apply", args=[checked.pk])).status_code == 404
    assert client.post(reverse("payments:reconciliation_discard", args=[checked.pk])).status_code == 404
    assert Reconciliation.objects.count() == 1
    assert Reconciliation.objects.get().status == Reconciliation.Status.CHECKED
    assert results(roll) == NOTHING_RECORDED
    with pytest.raises(PermissionDenied):
        reconciliation_check(actor=world.user(persona), roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS)))
    assert Reconciliation.objects.count() == 1


def test_the_district_can_read_the_result_but_not_confirm_it(world, login):
    roll = make_roll(world.commune_a)
    checked = reconciliation_check(
        actor=world.user("officer_a"), roll=roll, uploaded_file=upload(xlsx_bytes(GOOD_ROWS))
    )
    url = reverse("payments:reconciliation_detail", args=[checked.pk])
    page = login(world.user("district_leader")).get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="confirm"' not in content
    assert "087150000001" in content
    # The auditor reads it too, with ID numbers masked (no view_full_id_number).
    audited = login(world.user("auditor")).get(url).content.decode()
    assert "087******001" in audited and "087150000001" not in audited


# --- The template ---------------------------------------------------------------------------------------------


def test_the_template_lists_the_roll_and_reads_back_once_filled(world, login):
    roll = make_roll(world.commune_a)
    client = login(world.user("officer_a"))
    response = client.get(reverse("payments:reconciliation_template", args=[roll.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-chi-tra-30001-2026-11.xlsx"'
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        HEADER,
        [1, "087150000001", "Trần Thị Lan", 1_350_000, None, None, None],
        [2, "087052000002", "Lê Văn Hùng", 540_000, None, None, None],
        [3, "087150000003", "Nguyễn Thị Mai", 810_000, None, None, None],
    ]
    assert sheet["B2"].number_format == "@"
    assert workbook.sheetnames == ["Kết quả chi trả", "Hướng dẫn"]

    for row, paid in zip(range(2, 5), ("Có", "Không", "Có"), strict=True):
        sheet.cell(row=row, column=5).value = paid
    sheet["F2"] = "03/11/2026"
    filled = io.BytesIO()
    workbook.save(filled)
    posted = client.post(reverse("payments:reconciliation_upload", args=[roll.pk]), {"file": upload(filled.getvalue())})
    checked = Reconciliation.objects.get()
    assert posted["Location"] == reverse("payments:reconciliation_detail", args=[checked.pk])
    assert [(m["row"], m["paid"], m["paid_on"]) for m in checked.matches] == [
        (2, True, "2026-11-03"),
        (3, False, None),
        (4, True, None),
    ]
    assert checked.problems == []


# --- The pure parts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "amount"),
    [(1350000, 1_350_000), (1350000.0, 1_350_000), ("1.350.000", 1_350_000), ("1,350,000", 1_350_000),
     ("1.350.000 ₫", 1_350_000), ("1350000đ", 1_350_000), ("1.35", None), ("abc", None), ("", None), (None, None),
     (1350000.5, None)],
)  # fmt: skip
def test_amounts_are_read_in_whole_dong(value, amount):
    assert parse_amount(value) == amount


@pytest.mark.parametrize(
    ("value", "paid"),
    [("Có", True), ("co", True), ("1", True), (1, True), (True, True), ("x", True), ("Không", False),
     ("KHÔNG", False), ("0", False), (0, False), ("Chưa nhận", False), ("", None), ("Rồi", None)],
)  # fmt: skip
def test_received_is_yes_or_no(value, paid):
    assert parse_paid(value) is paid


def test_matching_is_pure_and_needs_both_the_id_and_the_amount():
    table = read_table(csv_bytes([("087150000001", "1350000", "Có"), ("087052000002", "540001", "Có")],
                                 header=["Số định danh cá nhân", "Số tiền", "Đã nhận"]))  # fmt: skip
    lines = [RollLine(10, 1, "087150000001", "Trần Thị Lan", 1_350_000), RollLine(11, 2, "087052000002", "Lê", 540_000)]
    outcome = reconcile(table, lines, month=MONTH, today=TODAY)
    assert [(m.line, m.row, m.paid) for m in outcome.matches] == [(10, 2, True)]
    assert [(p.row, p.column, p.kind) for p in outcome.problems] == [(3, "Số tiền", "amount")]
    assert (ID, AMOUNT, PAID) == ("id", "amount", "paid")


def test_read_table_refuses_a_png_renamed_csv():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    with pytest.raises(FileRejected) as caught:
        read_table(png)
    assert caught.value.messages == ["Tệp không phải tệp Excel .xlsx hoặc tệp .csv (mã UTF-8), không đọc được."]


# --- Unpaid lines carry to the next month ---------------------------------------------------------------------


def test_a_line_reconciled_as_not_received_is_paid_again_next_month_as_arrears(world, set_today):
    a = world.commune_a
    officer = world.user("officer_a")
    collected = person_in(a, full_name="Lê Thị Ba", birth_date=date(1950, 5, 17), id_number="087150000011")
    absent = person_in(a, full_name="Đặng Văn Út", birth_date=date(1950, 5, 17), id_number="087052000012")
    granted(world, collected, "5.5.a", date(2026, 7, 1), decision_number="01/QĐ")
    granted(world, absent, "5.5.a", date(2026, 7, 1), decision_number="02/QĐ")

    set_today(date(2026, 10, 20))
    october = approve(roll_generate(commune=a, month=date(2026, 11, 1)))
    lines = {line.person.full_name: line for line in PaymentLine.objects.filter(roll=october).select_related("person")}
    assert (lines["Lê Thị Ba"].total, lines["Đặng Văn Út"].total) == (810_000, 810_000)  # 1.5 × 540.000 ₫

    set_today(date(2026, 11, 18))
    rows = [
        (1, "087150000011", "Lê Thị Ba", 810_000, "Có", "05/11/2026", ""),
        (2, "087052000012", "Đặng Văn Út", 810_000, "Không", "", "Đi vắng"),
    ]
    checked = reconciliation_check(actor=officer, roll=october, uploaded_file=upload(xlsx_bytes(rows)))
    reconciliation_apply(actor=officer, reconciliation=checked)

    set_today(date(2026, 11, 20))
    december = roll_generate(commune=a, month=date(2026, 12, 1))
    after = {
        line.person.full_name: (line.monthly_amount, line.arrears_amount, line.arrears_months, line.total)
        for line in PaymentLine.objects.filter(roll=december).select_related("person")
    }
    assert after == {
        "Lê Thị Ba": (810_000, 0, [], 810_000),
        "Đặng Văn Út": (810_000, 810_000, ["2026-11"], 1_620_000),
    }


def test_the_upload_page_of_a_draft_roll_says_why_and_offers_no_upload(world, login):
    roll = make_roll(world.commune_a, status=Status.DRAFT)
    page = login(world.user("officer_a")).get(reverse("payments:reconciliation_upload", args=[roll.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Chỉ ghi nhận kết quả chi trả trên danh sách đã được phê duyệt." in content
    assert 'data-testid="upload-form"' not in content


def test_the_officer_discards_a_check_from_its_page_and_nothing_is_recorded(world, login):
    roll = make_roll(world.commune_a)
    client = login(world.user("officer_a"))
    client.post(reverse("payments:reconciliation_upload", args=[roll.pk]), {"file": upload(xlsx_bytes(GOOD_ROWS))})
    checked = Reconciliation.objects.get()
    response = client.post(reverse("payments:reconciliation_discard", args=[checked.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("payments:reconciliation_upload", args=[roll.pk])
    assert "Đã huỷ lần đối soát «ket-qua.xlsx»; không ghi nhận gì." in response.content.decode()
    assert Reconciliation.objects.get().status == Reconciliation.Status.DISCARDED
    assert results(roll) == NOTHING_RECORDED
