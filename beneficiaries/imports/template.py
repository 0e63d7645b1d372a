"""The downloadable import template (SPEC §4).

Sheet «Danh sách»: the header row the reader expects, columns that must keep leading zeros or dd/mm/yyyy
formatted as Text, and drop-down lists for the columns with a fixed set of values. Sheet «Hướng dẫn»: what each
column means and one filled-in example row (kept off the data sheet so it is never imported by mistake).
Sheet «Danh mục»: the lists, with the province's categories by code and name.
"""

from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from beneficiaries.ethnicity import ETHNIC_GROUPS
from policy.models import Kind
from policy.selectors import category_list_for_province

from .columns import COLUMNS, LIST_VALUES, TITLES

DATA_SHEET = "Danh sách"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
FORMATTED_ROWS = 2000  # rows pre-formatted as Text; validation lists cover many more
VALIDATED_ROWS = 100_000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _header(sheet, titles) -> None:
    sheet.append(list(titles))
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    sheet.freeze_panes = "A2"


def write_template(out: IO[bytes], *, province=None, commune_code: str = "") -> None:
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    _header(data, TITLES)
    letters = {}
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        letters[column.key] = letter
        data.column_dimensions[letter].width = column.width
        if column.text_format:
            for row in range(2, FORMATTED_ROWS + 2):
                data.cell(row=row, column=index).number_format = "@"

    lists = workbook.create_sheet(LISTS_SHEET)
    categories = [
        (category.code, category.name)
        for category in category_list_for_province(province, kind=Kind.MONTHLY).order_by("sort_order", "code")
        if category.effective_to is None
    ]
    columns = {
        "category": ("Diện hưởng", [code for code, _ in categories]),
        "sex": ("Giới tính", LIST_VALUES["sex"]),
        "poverty": ("Hộ nghèo/cận nghèo", LIST_VALUES["poverty"]),
        "disability_level": ("Mức độ khuyết tật", LIST_VALUES["disability_level"]),
        "studying": ("Đang đi học", LIST_VALUES["studying"]),
        "payment_method": ("Hình thức chi trả", LIST_VALUES["payment_method"]),
        "ethnicity": ("Dân tộc", ETHNIC_GROUPS),
    }
    for index, (key, (title, values)) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=title).font = BOLD
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        lists.column_dimensions[letter].width = 22
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        # Ethnicity is typed freely (54 names); its list is a reference, not a forced choice.
        validation = DataValidation(
            type="list",
            formula1=reference,
            allow_blank=True,
            showErrorMessage=key != "ethnicity",
            errorTitle="Giá trị không hợp lệ",
            error=f"Chọn {title.lower()} trong danh sách.",
        )
        target = letters[key]
        validation.add(f"{target}2:{target}{VALIDATED_ROWS}")
        data.add_data_validation(validation)
    names = len(columns) + 2
    lists.cell(row=1, column=names, value="Mã diện").font = BOLD
    lists.cell(row=1, column=names + 1, value="Tên diện hưởng").font = BOLD
    for row, (code, name) in enumerate(categories, start=2):
        lists.cell(row=row, column=names, value=code)
        lists.cell(row=row, column=names + 1, value=name)
    lists.column_dimensions[get_column_letter(names + 1)].width = 90

    guide = workbook.create_sheet(GUIDE_SHEET, index=1)
    guide.append(["Nhập danh sách đối tượng đang hưởng trợ cấp xã hội hàng tháng (Nghị định 20/2021/NĐ-CP)"])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append(
        [
            "Điền mỗi đối tượng một dòng ở trang «Danh sách», từ dòng 2. Không đổi tên hay thứ tự các cột tiêu đề. "
            "Ngày ghi dd/mm/yyyy, tháng ghi MM/YYYY. Nhập lại cùng tệp không tạo trùng."
        ]
    )
    guide.append([])
    guide.append(["Cột", "Cách ghi", "Ví dụ"])
    for cell in guide[4]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for column in COLUMNS:
        example = commune_code if column.key == "commune_code" and commune_code else column.example
        guide.append([column.title, column.hint, example])
    guide.append([])
    guide.append(["Dòng ví dụ (đừng chép sang trang Danh sách nếu không phải đối tượng thật):"])
    guide.cell(row=guide.max_row, column=1).font = BOLD
    example_row = guide.max_row + 1
    guide.append(list(TITLES))
    for cell in guide[example_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    guide.append(
        [commune_code if c.key == "commune_code" and commune_code else c.example for c in COLUMNS]
    )  # fmt: skip
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 80
    guide.column_dimensions["C"].width = 22
    for row in guide.iter_rows(min_row=5, max_row=4 + len(COLUMNS)):
        for cell in row:
            cell.alignment = WRAP
    workbook.save(out)
