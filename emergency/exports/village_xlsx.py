"""The village lists of an incident (Decree 20 Art. 17, forms 5a/5b), one sheet per form.

Each village is a section: «Thôn/ấp … – xã …», the header row, its households (STT from 1), a «Cộng» row and the
signature block (village head, commune officer), with a page break before the next village so each prints on
its own pages. 5a lists households whose house was lost, relocated or seriously damaged, with the amount proposed
for the house (Art. 15); 5b households short of food (rice in kg, Art. 12) or with someone seriously injured,
dead or missing, with the amount proposed for them (Art. 13, 14.1).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO

from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break

from payments.exports.cells import BOLD

from ..models import HouseDamage
from .figures import VillageGroup, VillageRow
from .sheets import Sheet, header, signature_block, title_block, write_row

FORM_5A_TITLE = "DANH SÁCH HỘ GIA ĐÌNH CÓ NHÀ Ở BỊ ĐỔ, SẬP, TRÔI, CHÁY, HƯ HỎNG NẶNG, PHẢI DI DỜI (Mẫu số 5a)"
FORM_5B_TITLE = "DANH SÁCH HỘ GIA ĐÌNH THIẾU ĐÓI, CÓ NGƯỜI BỊ THƯƠNG NẶNG, CHẾT, MẤT TÍCH (Mẫu số 5b)"
FORM_5A_HEAD = (
    "STT",
    "Họ và tên chủ hộ",
    "Hộ nghèo, cận nghèo, hoàn cảnh khó khăn",
    "Số nhân khẩu",
    "Nhà đổ, sập, trôi, cháy hoàn toàn",
    "Phải di dời khẩn cấp",
    "Nhà hư hỏng nặng",
    "Số tiền đề nghị hỗ trợ (đồng)",
    "Ghi chú",
)
FORM_5B_HEAD = (
    "STT",
    "Họ và tên chủ hộ",
    "Số nhân khẩu",
    "Số người thiếu đói",
    "Số tháng thiếu đói",
    "Gạo đề nghị hỗ trợ (kg)",
    "Người bị thương nặng",
    "Người chết, mất tích",
    "Số tiền đề nghị hỗ trợ (đồng)",
    "Ghi chú",
)
SIGNERS = {"left": "TRƯỞNG THÔN/ẤP", "right": "CÁN BỘ CẤP XÃ"}
MARK = "x"


DAMAGES = (HouseDamage.LOST, HouseDamage.RELOCATION, HouseDamage.SERIOUS)


def _row_5a(index: int, row: VillageRow) -> list:
    marks = [MARK if row.house_damage == damage else "" for damage in DAMAGES]
    return [index, row.household, row.poverty, row.members, *marks, row.house_amount, row.note]


def _total_5a(village: str, rows: list[VillageRow]) -> list:
    counts = [sum(1 for r in rows if r.house_damage == damage) for damage in DAMAGES]
    return [
        None,
        f"Cộng {village}",
        None,
        sum(r.members for r in rows),
        *counts,
        sum(r.house_amount for r in rows),
        None,
    ]


def _row_5b(index: int, row: VillageRow) -> list:
    return [
        index,
        row.household,
        row.members,
        row.food_short_members,
        row.food_months,
        row.rice_kg,
        "; ".join(row.injured),
        "; ".join(row.dead_or_missing),
        row.hurt_amount,
        row.note,
    ]


def _total_5b(village: str, rows: list[VillageRow]) -> list:
    return [
        None,
        f"Cộng {village}",
        sum(r.members for r in rows),
        sum(r.food_short_members for r in rows),
        None,
        sum((r.rice_kg for r in rows), 0),
        sum(len(r.injured) for r in rows) or None,
        sum(len(r.dead_or_missing) for r in rows) or None,
        sum(r.hurt_amount for r in rows),
        None,
    ]


@dataclass(frozen=True)
class Form:
    sheet: str
    title: str
    head: tuple[str, ...]
    rows: Callable[[VillageGroup], list[VillageRow]]
    row: Callable[[int, VillageRow], list]
    total: Callable[[str, list[VillageRow]], list]
    money: frozenset[int]
    widths: tuple[int, ...]


FORMS = (
    Form(
        "Mẫu 5a",
        FORM_5A_TITLE,
        FORM_5A_HEAD,
        lambda group: group.house_rows,
        _row_5a,
        _total_5a,
        frozenset({8}),
        (5, 26, 18, 10, 13, 12, 12, 16, 24),
    ),
    Form(
        "Mẫu 5b",
        FORM_5B_TITLE,
        FORM_5B_HEAD,
        lambda group: group.food_rows,
        _row_5b,
        _total_5b,
        frozenset({9}),
        (5, 26, 10, 10, 10, 12, 28, 28, 16, 24),
    ),
)


def write_village_xlsx(out: IO[bytes], *, incident, groups: list[VillageGroup], scope_name: str, today: date) -> None:
    book = Workbook(write_only=True)
    for form in FORMS:
        sheet = Sheet(book, form.sheet, form.widths)
        row = title_block(sheet, incident=incident, title=form.title, scope_name=scope_name, today=today)
        sections = [(group, form.rows(group)) for group in groups if form.rows(group)]
        if not sections:
            sheet.put(row + 1, 1, "Không có hộ gia đình nào thuộc danh sách này.")
            continue
        for number, (group, rows) in enumerate(sections):
            if number:
                sheet.sheet.row_breaks.append(Break(id=row))
            row += 1
            sheet.put(row, 1, f"Thôn/ấp: {group.village} – {group.commune}", font=BOLD)
            row = header(sheet, row + 1, form.head)
            for index, village_row in enumerate(rows, start=1):
                row = write_row(sheet, row, form.row(index, village_row), money_columns=form.money)
            row = write_row(sheet, row, form.total(group.village, rows), money_columns=form.money, bold=True)
            row = signature_block(sheet, row + 1, **SIGNERS, left_column=2, right_column=len(form.head) - 1)
    book.save(out)
