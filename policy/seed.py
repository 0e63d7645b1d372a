"""The national rows seeded from decree20.md §1, §3, §4 and §5 (Art. 11). Data, not code: the province officer
corrects or extends them in the browser; the data migration copies these lists once."""

from datetime import date
from decimal import Decimal

DECREE20_START = date(2021, 7, 1)
ELDERLY_PENSION_SWITCH = date(2025, 6, 30)  # 5.5.b and 5.5.c end: moved to the social pension (Decree 176/2025)

A5 = "Khoản {clause} Điều 5 Nghị định 20/2021/NĐ-CP"

# (code, kind, name, legal basis, application form, sensitive, effective_to)
CATEGORIES = [
    (
        "5.1.a",
        "monthly",
        "Trẻ em dưới 16 tuổi bị bỏ rơi chưa có người nhận làm con nuôi",
        "Điểm a khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    ("5.1.b", "monthly", "Trẻ em dưới 16 tuổi mồ côi cả cha và mẹ", "Điểm b khoản 1 Điều 5", "1a", False, None),
    (
        "5.1.c",
        "monthly",
        "Trẻ em dưới 16 tuổi mồ côi cha hoặc mẹ, người còn lại bị tuyên bố mất tích",
        "Điểm c khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.d",
        "monthly",
        "Trẻ em dưới 16 tuổi mồ côi cha hoặc mẹ, người còn lại đang hưởng chế độ chăm sóc, nuôi dưỡng tại cơ sở trợ giúp xã hội, nhà xã hội",
        "Điểm d khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.đ",
        "monthly",
        "Trẻ em dưới 16 tuổi mồ côi cha hoặc mẹ, người còn lại đang chấp hành án phạt tù, ở trường giáo dưỡng, cơ sở giáo dục bắt buộc, cơ sở cai nghiện bắt buộc",
        "Điểm đ khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.e",
        "monthly",
        "Trẻ em dưới 16 tuổi có cả cha và mẹ bị tuyên bố mất tích",
        "Điểm e khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.g",
        "monthly",
        "Trẻ em dưới 16 tuổi có cả cha và mẹ đang ở cơ sở trợ giúp xã hội, nhà xã hội",
        "Điểm g khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.h",
        "monthly",
        "Trẻ em dưới 16 tuổi có cả cha và mẹ đang chấp hành án phạt tù, ở trường giáo dưỡng, cơ sở giáo dục bắt buộc, cai nghiện bắt buộc",
        "Điểm h khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.i",
        "monthly",
        "Trẻ em dưới 16 tuổi có cha hoặc mẹ bị tuyên bố mất tích, người còn lại ở cơ sở trợ giúp xã hội, nhà xã hội",
        "Điểm i khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.k",
        "monthly",
        "Trẻ em dưới 16 tuổi có cha hoặc mẹ bị tuyên bố mất tích, người còn lại đang chấp hành án phạt tù hoặc tương đương",
        "Điểm k khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.1.l",
        "monthly",
        "Trẻ em dưới 16 tuổi có cha hoặc mẹ ở cơ sở trợ giúp xã hội, người còn lại đang chấp hành án phạt tù hoặc tương đương",
        "Điểm l khoản 1 Điều 5",
        "1a",
        False,
        None,
    ),
    ("5.2", "monthly", "Người từ 16 đến 22 tuổi thuộc khoản 1 đang đi học", "Khoản 2 Điều 5", "1a", False, None),
    ("5.3", "monthly", "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo", "Khoản 3 Điều 5", "1b", True, None),
    (
        "5.4",
        "monthly",
        "Người thuộc hộ nghèo, hộ cận nghèo không có chồng hoặc không có vợ, đang nuôi con",
        "Khoản 4 Điều 5",
        "1c",
        False,
        None,
    ),
    (
        "5.5.a",
        "monthly",
        "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng",
        "Điểm a khoản 5 Điều 5",
        "1d",
        False,
        None,
    ),
    (
        "5.5.b",
        "monthly",
        "Người từ 75 đến 80 tuổi thuộc hộ nghèo, cận nghèo ở xã, thôn đặc biệt khó khăn vùng đồng bào DTTS và miền núi",
        "Điểm b khoản 5 Điều 5",
        "1d",
        False,
        ELDERLY_PENSION_SWITCH,
    ),
    (
        "5.5.c",
        "monthly",
        "Người từ 80 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội, trợ cấp xã hội hàng tháng",
        "Điểm c khoản 5 Điều 5",
        "1d",
        False,
        ELDERLY_PENSION_SWITCH,
    ),
    (
        "5.5.d",
        "monthly",
        "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng, được cá nhân, hộ gia đình nhận chăm sóc tại cộng đồng",
        "Điểm d khoản 5 Điều 5",
        "1d",
        False,
        None,
    ),
    ("5.6", "monthly", "Người khuyết tật nặng, khuyết tật đặc biệt nặng", "Khoản 6 Điều 5", "1đ", False, None),
    (
        "5.7",
        "monthly",
        "Trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở xã, thôn đặc biệt khó khăn vùng đồng bào DTTS và miền núi",
        "Khoản 7 Điều 5",
        "1a",
        False,
        None,
    ),
    (
        "5.8",
        "monthly",
        "Người nhiễm HIV/AIDS thuộc hộ nghèo không có nguồn thu nhập ổn định hàng tháng",
        "Khoản 8 Điều 5",
        "1b",
        True,
        None,
    ),
    (
        "20.1",
        "care",
        "Hộ gia đình, cá nhân nhận chăm sóc, nuôi dưỡng trẻ em thuộc khoản 1 hoặc người cao tuổi thuộc điểm d khoản 5 Điều 5",
        "Khoản 1 Điều 20",
        "2a",
        False,
        None,
    ),
    (
        "20.2",
        "care",
        "Người khuyết tật nặng, đặc biệt nặng đang mang thai hoặc nuôi con dưới 36 tháng tuổi",
        "Khoản 2 Điều 20",
        "2b",
        False,
        None,
    ),
    (
        "20.3",
        "care",
        "Hộ gia đình có người khuyết tật đặc biệt nặng đang trực tiếp chăm sóc, nuôi dưỡng",
        "Khoản 3 Điều 20",
        "03",
        False,
        None,
    ),
    (
        "20.4",
        "care",
        "Người nhận chăm sóc, nuôi dưỡng người khuyết tật đặc biệt nặng",
        "Khoản 4 Điều 20",
        "03",
        False,
        None,
    ),
    (
        "11",
        "funeral",
        "Hỗ trợ chi phí mai táng cho đối tượng đang hưởng trợ cấp xã hội hàng tháng",
        "Khoản 1 Điều 11",
        "04",
        False,
        None,
    ),
]

# (amount, effective_from, legal basis)
NATIONAL_LEVELS = [
    (270_000, date(2014, 1, 1), "Nghị định 136/2013/NĐ-CP"),
    (360_000, DECREE20_START, "Khoản 2 Điều 4 Nghị định 20/2021/NĐ-CP"),
    (500_000, date(2024, 7, 1), "Nghị định 76/2024/NĐ-CP sửa đổi khoản 2 Điều 4 Nghị định 20/2021/NĐ-CP"),
    (540_000, date(2026, 7, 1), "Nghị định 335/2026/NĐ-CP (theo thông tin công bố; đối chiếu văn bản gốc)"),
]

# (rule, value, condition label, legal basis, effective_to)
COEFFICIENTS = [
    ("5.1:under_4", "2.5", "Trẻ em dưới 4 tuổi", "Điểm a khoản 1 Điều 6", None),
    ("5.1:from_4", "1.5", "Trẻ em từ đủ 4 tuổi đến dưới 16 tuổi", "Điểm b khoản 1 Điều 6", None),
    ("5.2:default", "1.5", "Người từ 16 đến 22 tuổi đang đi học", "Điểm c khoản 1 Điều 6", None),
    ("5.3:under_4", "2.5", "Trẻ em nhiễm HIV dưới 4 tuổi", "Điểm d khoản 1 Điều 6", None),
    ("5.3:from_4", "2.0", "Trẻ em nhiễm HIV từ đủ 4 tuổi đến dưới 16 tuổi", "Điểm d khoản 1 Điều 6", None),
    ("5.4:per_child", "1.0", "Mỗi con đang nuôi", "Điểm đ khoản 1 Điều 6", None),
    ("5.5.a:60_to_80", "1.5", "Người cao tuổi từ đủ 60 đến dưới 80 tuổi", "Điểm e khoản 1 Điều 6", None),
    ("5.5.a:from_80", "2.0", "Người cao tuổi từ đủ 80 tuổi trở lên", "Điểm e khoản 1 Điều 6", None),
    (
        "5.5.b:default",
        "1.0",
        "Người từ 75 đến 80 tuổi ở vùng đặc biệt khó khăn",
        "Điểm g khoản 1 Điều 6",
        ELDERLY_PENSION_SWITCH,
    ),
    (
        "5.5.c:default",
        "1.0",
        "Người từ đủ 80 tuổi trở lên không có lương hưu",
        "Điểm g khoản 1 Điều 6",
        ELDERLY_PENSION_SWITCH,
    ),
    ("5.5.d:default", "3.0", "Người cao tuổi được nhận chăm sóc tại cộng đồng", "Điểm h khoản 1 Điều 6", None),
    (
        "5.6:especially_severe:adult",
        "2.0",
        "Người khuyết tật đặc biệt nặng (16–59 tuổi)",
        "Điểm i khoản 1 Điều 6",
        None,
    ),
    (
        "5.6:especially_severe:child_or_elderly",
        "2.5",
        "Trẻ em hoặc người cao tuổi khuyết tật đặc biệt nặng",
        "Điểm i khoản 1 Điều 6",
        None,
    ),
    ("5.6:severe:adult", "1.5", "Người khuyết tật nặng (16–59 tuổi)", "Điểm k khoản 1 Điều 6", None),
    ("5.6:severe:child_or_elderly", "2.0", "Trẻ em hoặc người cao tuổi khuyết tật nặng", "Điểm k khoản 1 Điều 6", None),
    ("5.7:default", "1.5", "Trẻ em dưới 3 tuổi ở vùng đặc biệt khó khăn", "Điểm l khoản 1 Điều 6", None),
    ("5.8:default", "1.5", "Người nhiễm HIV thuộc hộ nghèo", "Điểm m khoản 1 Điều 6", None),
    ("20.1:child_under_4", "2.5", "Nhận nuôi trẻ em dưới 4 tuổi", "Điểm a khoản 1 Điều 20", None),
    ("20.1:child_from_4", "1.5", "Nhận nuôi trẻ em từ đủ 4 tuổi đến dưới 16 tuổi", "Điểm b khoản 1 Điều 20", None),
    ("20.1:elderly", "1.5", "Nhận chăm sóc người cao tuổi thuộc điểm d khoản 5 Điều 5", "Điểm b khoản 1 Điều 20", None),
    ("20.2:one", "1.5", "Mang thai hoặc nuôi một con dưới 36 tháng tuổi", "Khoản 2 Điều 20", None),
    (
        "20.2:two",
        "2.0",
        "Mang thai và nuôi một con dưới 36 tháng, hoặc nuôi từ hai con dưới 36 tháng",
        "Khoản 2 Điều 20",
        None,
    ),
    ("20.3:default", "1.0", "Mỗi người khuyết tật đặc biệt nặng trong hộ", "Khoản 3 Điều 20", None),
    ("20.4:adult", "1.5", "Nhận chăm sóc người khuyết tật đặc biệt nặng là người lớn", "Khoản 4 Điều 20", None),
    ("20.4:child", "2.5", "Nhận chăm sóc trẻ em khuyết tật đặc biệt nặng", "Khoản 4 Điều 20", None),
    ("11:default", "20", "Hỗ trợ mai táng phí: tối thiểu 20 lần mức chuẩn", "Khoản 1 Điều 11", None),
    # Emergency assistance (decree20.md §6): minimum multiples of the standard level.
    (
        "13:injured",
        "10",
        "Người bị thương nặng (điều trị từ 3 ngày trở lên): tối thiểu 10 lần mức chuẩn",
        "Điều 13",
        None,
    ),
    (
        "14.1:death",
        "50",
        "Người chết, mất tích do thiên tai, hỏa hoạn…: tối thiểu 50 lần mức chuẩn",
        "Khoản 1 Điều 14",
        None,
    ),
    (
        "14.2:burial",
        "50",
        "Cơ quan, tổ chức mai táng người không có người thân: tối thiểu 50 lần mức chuẩn",
        "Khoản 2 Điều 14",
        None,
    ),
    # Facilities (decree20.md §7): nurturing allowance and a resident's funeral.
    ("25.1:under_4", "5.0", "Đối tượng nuôi dưỡng tại cơ sở dưới 4 tuổi", "Điểm a khoản 1 Điều 25", None),
    ("25.1:from_4", "4.0", "Đối tượng nuôi dưỡng tại cơ sở từ đủ 4 tuổi trở lên", "Điểm b khoản 1 Điều 25", None),
    (
        "25.3:funeral",
        "50",
        "Mai táng phí cho đối tượng nuôi dưỡng tại cơ sở: tối thiểu 50 lần mức chuẩn",
        "Khoản 3 Điều 25",
        None,
    ),
]

# (rule, amount, unit, label, legal basis): fixed sums and quantities (decree20.md §6–§7), minimums.
FIXED_AMOUNTS = [
    ("12.1:rice", 15, "kg/người/tháng", "Hỗ trợ lương thực: 15 kg gạo/người/tháng", "Khoản 1 Điều 12"),
    ("12.1:tet_months", 1, "tháng/đợt", "Hỗ trợ dịp Tết: 1 tháng mỗi đợt", "Khoản 1 Điều 12"),
    (
        "12.1:disaster_months",
        3,
        "tháng/đợt",
        "Thiên tai, hỏa hoạn, mất mùa, giáp hạt: tối đa 3 tháng mỗi đợt",
        "Khoản 1 Điều 12",
    ),
    (
        "15.1:house_lost",
        40_000_000,
        "đồng/hộ",
        "Nhà ở bị đổ, sập, trôi, cháy hoàn toàn (hộ nghèo, cận nghèo, hoàn cảnh khó khăn)",
        "Khoản 1 Điều 15",
    ),
    (
        "15.2:relocation",
        30_000_000,
        "đồng/hộ",
        "Phải di dời khẩn cấp nhà ở theo quyết định của cơ quan có thẩm quyền",
        "Khoản 2 Điều 15",
    ),
    (
        "15.3:house_damaged",
        20_000_000,
        "đồng/hộ",
        "Nhà ở bị hư hỏng nặng (hộ nghèo, cận nghèo, hoàn cảnh khó khăn)",
        "Khoản 3 Điều 15",
    ),
    (
        "18.2:meals",
        60_000,
        "đồng/người/ngày",
        "Tiền ăn khi chăm sóc khẩn cấp tạm thời tại cộng đồng",
        "Khoản 2 Điều 18",
    ),
    ("18.2:max_months", 3, "tháng", "Thời gian chăm sóc khẩn cấp tạm thời tại cộng đồng tối đa", "Khoản 2 Điều 18"),
    (
        "25.1:medicine",
        100_000,
        "đồng/người/tháng",
        "Thuốc chữa bệnh thông thường cho đối tượng tại cơ sở (tối đa)",
        "Khoản 1 Điều 25",
    ),
]


def coefficient_rows():
    """COEFFICIENTS with Decimal values and the full citation."""
    for rule, value, label, basis, effective_to in COEFFICIENTS:
        yield rule, Decimal(value), label, f"{basis} Nghị định 20/2021/NĐ-CP", effective_to


def fixed_amount_rows():
    for rule, amount, unit, label, basis in FIXED_AMOUNTS:
        yield rule, amount, unit, label, f"{basis} Nghị định 20/2021/NĐ-CP"


def seed_fixed_amounts(FixedAmount) -> None:
    """Write FIXED_AMOUNTS (idempotent); the data migration passes its own model class."""
    for rule, amount, unit, label, basis in fixed_amount_rows():
        FixedAmount.objects.update_or_create(
            rule=rule,
            province=None,
            effective_from=DECREE20_START,
            defaults=dict(amount=amount, unit=unit, label=label, legal_basis=basis),
        )


def category_rows():
    for code, kind, name, basis, form, sensitive, effective_to in CATEGORIES:
        yield code, kind, name, f"{basis} Nghị định 20/2021/NĐ-CP", form, sensitive, effective_to


def seed_national(Category, StandardLevel, Coefficient) -> None:
    """Write the rows above (idempotent). Takes the model classes so the data migration can pass its own."""
    for order, (code, kind, name, basis, form, sensitive, effective_to) in enumerate(category_rows()):
        Category.objects.update_or_create(
            code=code,
            province=None,
            defaults=dict(
                kind=kind,
                name=name,
                legal_basis=basis,
                application_form=form,
                sensitive=sensitive,
                effective_from=DECREE20_START,
                effective_to=effective_to,
                sort_order=order,
            ),
        )
    for amount, effective_from, basis in NATIONAL_LEVELS:
        StandardLevel.objects.update_or_create(
            province=None, effective_from=effective_from, defaults=dict(amount=amount, legal_basis=basis)
        )
    for rule, value, label, basis, effective_to in coefficient_rows():
        Coefficient.objects.update_or_create(
            rule=rule,
            province=None,
            effective_from=DECREE20_START,
            defaults=dict(value=value, label=label, legal_basis=basis, effective_to=effective_to),
        )
