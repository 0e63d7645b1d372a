"""The layout of each form and workbook sheet (decree20.md §8, Circular 02/2021 Art. 6). The official annexes'
exact columns are [U]: these follow the forms' subjects (people and funds by Art. 5 category, elderly, disability)
and are the one place to align them with the annex.

Column keys are what `reports.queries` fill: `people_<group>` / `money_<group>` for an Art. 5 group (see
`CATEGORY_GROUPS`), and named keys for the rest.
"""

from . import Column, Group, Kind, Layout, Side

# Art. 5 clause → header; "local" is a province's own categories (Art. 4.3). Queries map codes to these keys.
CATEGORY_GROUPS = (
    ("5_1", "Trẻ em mồ côi, bị bỏ rơi (K1)"),
    ("5_2", "Người 16–22 tuổi đang học (K2)"),
    ("5_3", "Trẻ em nhiễm HIV (K3)"),
    ("5_4", "Người đơn thân nghèo nuôi con (K4)"),
    ("5_5", "Người cao tuổi (K5)"),
    ("5_6", "Người khuyết tật (K6)"),
    ("5_7", "Trẻ em dưới 3 tuổi vùng ĐBKK (K7)"),
    ("5_8", "Người nhiễm HIV nghèo (K8)"),
    ("local", "Đối tượng khác của địa phương"),
)
CARE_GROUPS = (
    ("20_1", "Nhận nuôi trẻ em, NCT (K1)"),
    ("20_2", "NKT mang thai, nuôi con < 36 tháng (K2)"),
    ("20_3", "Hộ có NKT đặc biệt nặng (K3)"),
    ("20_4", "Nhận chăm sóc NKT đặc biệt nặng (K4)"),
)
UNIT = "Đơn vị"


def _by_group(prefix: str, groups, kind: str, total: str) -> tuple[Column, ...]:
    columns = [Column(f"{prefix}_{key}", header, kind, 13 if kind == Kind.MONEY else 10) for key, header in groups]
    return (Column(f"{prefix}_total", total, kind, 15 if kind == Kind.MONEY else 10), *columns)


PEOPLE_BY_CATEGORY = Group(
    "Số đối tượng hưởng trợ cấp xã hội hàng tháng (người, tại ngày cuối kỳ)",
    _by_group("people", CATEGORY_GROUPS, Kind.COUNT, "Tổng số người"),
)
MONEY_BY_CATEGORY = Group(
    "Kinh phí trợ cấp xã hội hàng tháng đã chi trong kỳ (đồng)",
    _by_group("money", CATEGORY_GROUPS, Kind.MONEY, "Tổng kinh phí"),
)

F10A = Layout(
    code="Mẫu số 10a",
    sheet="10a",
    title="BÁO CÁO KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI THƯỜNG XUYÊN",
    subtitle="(Điều 36 Nghị định 20/2021/NĐ-CP; Điều 6 Thông tư 02/2021/TT-BLĐTBXH)",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(PEOPLE_BY_CATEGORY, MONEY_BY_CATEGORY),
    notes=(
        "Số người: người đang hưởng tại ngày cuối kỳ; một người hưởng hai diện (khoản 4 và khoản 5, 6, 8) được "
        "tính ở cả hai cột nhưng một lần ở cột tổng.",
        "Kinh phí: theo danh sách chi trả đã phê duyệt của các tháng trong kỳ; truy lĩnh, truy thu tính vào "
        "tháng chi trả.",
    ),
)

F10C = Layout(
    code="Mẫu số 10c",
    sheet="10c",
    title="BÁO CÁO KẾT QUẢ THỰC HIỆN CHÍNH SÁCH ĐỐI VỚI NGƯỜI CAO TUỔI",
    subtitle="(người từ đủ 60 tuổi trở lên hưởng trợ cấp xã hội hàng tháng)",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(
        Group(
            "Số người cao tuổi hưởng trợ cấp (người)",
            (
                Column("elderly_total", "Tổng số", width=10),
                Column("elderly_60_79", "Từ 60 đến dưới 80 tuổi", width=11),
                Column("elderly_80", "Từ 80 tuổi trở lên", width=11),
            ),
        ),
        Group(
            "Chia theo diện (người)",
            (
                Column("elderly_5_5_a", "Điểm a khoản 5", width=10),
                Column("elderly_5_5_b", "Điểm b khoản 5", width=10),
                Column("elderly_5_5_c", "Điểm c khoản 5", width=10),
                Column("elderly_5_5_d", "Điểm d khoản 5", width=10),
                Column("elderly_other", "Diện khác (khuyết tật, HIV, đơn thân…)", width=13),
            ),
        ),
        Group("", (Column("health_insurance", "Được cấp thẻ BHYT (người)", width=12),)),
        Group("", (Column("elderly_money", "Kinh phí trợ cấp đã chi (đồng)", Kind.MONEY, 16),)),
    ),
    notes=(
        "Tuổi tính tại ngày cuối kỳ. Thẻ BHYT: mọi người hưởng trợ cấp hàng tháng được cấp thẻ (Điều 9).",
        "Kinh phí: khoản hàng tháng, truy lĩnh, truy thu của người cao tuổi trong danh sách chi trả đã phê duyệt.",
    ),
)

_AGES = (("child", "Trẻ em dưới 16 tuổi"), ("adult", "Từ 16 đến dưới 60 tuổi"), ("elderly", "Từ 60 tuổi trở lên"))

F10D = Layout(
    code="Mẫu số 10d",
    sheet="10d",
    title="BÁO CÁO KẾT QUẢ THỰC HIỆN CHÍNH SÁCH ĐỐI VỚI NGƯỜI KHUYẾT TẬT",
    subtitle="(người khuyết tật nặng, đặc biệt nặng hưởng trợ cấp xã hội hàng tháng, khoản 6 Điều 5)",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(
        Group("", (Column("disabled_total", "Tổng số người (người)", width=11),)),
        Group(
            "Khuyết tật đặc biệt nặng (người)",
            (
                Column("especially_severe_total", "Cộng", width=9),
                *(Column(f"especially_severe_{key}", label, width=10) for key, label in _AGES),
            ),
        ),
        Group(
            "Khuyết tật nặng (người)",
            (
                Column("severe_total", "Cộng", width=9),
                *(Column(f"severe_{key}", label, width=10) for key, label in _AGES),
            ),
        ),
        Group("", (Column("disabled_money", "Kinh phí trợ cấp đã chi (đồng)", Kind.MONEY, 16),)),
        Group(
            "Hỗ trợ kinh phí chăm sóc (khoản 2–4 Điều 20)",
            (
                Column("care_people", "Số người (người)", width=10),
                Column("care_money", "Kinh phí (đồng)", Kind.MONEY, 15),
            ),
        ),
    ),
    notes=("Mức độ khuyết tật và tuổi tại ngày cuối kỳ theo quyết định đang hưởng.",),
)

CASHLESS = Layout(
    code="Chi trả không dùng tiền mặt",
    sheet="Không dùng tiền mặt",
    title="BÁO CÁO KẾT QUẢ CHI TRẢ TRỢ GIÚP XÃ HỘI KHÔNG DÙNG TIỀN MẶT",
    subtitle="(Điều 34 Nghị định 20/2021/NĐ-CP; Chỉ thị 21/CT-TTg ngày 25/11/2022)",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(
        Group(
            "Số người được chi trả (người)",
            (
                Column("paid_people", "Tổng số", width=11),
                Column("account_people", "Qua tài khoản, ví điện tử", width=12),
                Column("account_share", "Tỷ lệ (%)", Kind.PERCENT, 9, ratio=("account_people", "paid_people")),
            ),
        ),
        Group(
            "Số tiền đã chi (đồng)",
            (
                Column("paid_money", "Tổng số", Kind.MONEY, 16),
                Column("account_money", "Qua tài khoản, ví điện tử", Kind.MONEY, 16),
                Column("account_money_share", "Tỷ lệ (%)", Kind.PERCENT, 9, ratio=("account_money", "paid_money")),
            ),
        ),
    ),
    notes=(
        "Người được chi trả qua tài khoản: người có ít nhất một lần nhận qua tài khoản ngân hàng hoặc ví điện tử "
        "trong kỳ (số tài khoản đã mở).",
    ),
)

FUNERAL = Layout(
    code="Hỗ trợ chi phí mai táng",
    sheet="Mai táng phí",
    title="BÁO CÁO KẾT QUẢ HỖ TRỢ CHI PHÍ MAI TÁNG",
    subtitle="(Điều 11 Nghị định 20/2021/NĐ-CP: tối thiểu 20 lần mức chuẩn trợ giúp xã hội)",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(
        Group(
            "Hỗ trợ chi phí mai táng đã chi",
            (
                Column("funeral_people", "Số người được hỗ trợ (người)", width=12),
                Column("funeral_money", "Kinh phí (đồng)", Kind.MONEY, 16),
            ),
        ),
    ),
    notes=("Theo khoản mai táng phí trong danh sách chi trả đã phê duyệt của các tháng trong kỳ.",),
)

WORKBOOK_PEOPLE_MONEY = Layout(
    code="Biểu 01",
    sheet="Đối tượng và kinh phí",
    title="ĐỐI TƯỢNG VÀ KINH PHÍ TRỢ CẤP XÃ HỘI HÀNG THÁNG THEO DIỆN VÀ ĐƠN VỊ",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(PEOPLE_BY_CATEGORY, MONEY_BY_CATEGORY),
    notes=F10A.notes,
)

WORKBOOK_MONTHLY = Layout(
    code="Biểu 02",
    sheet="Chi theo tháng",
    title="KINH PHÍ CHI TRẢ THEO THÁNG",
    side=Side.MONTHS,
    side_header="Tháng",
    groups=(
        Group("", (Column("paid_people", "Số lượt người được chi trả", width=12),)),
        Group(
            "Kinh phí (đồng)",
            (
                Column("monthly_money", "Trợ cấp hàng tháng", Kind.MONEY, 16),
                Column("care_money", "Kinh phí chăm sóc", Kind.MONEY, 15),
                Column("arrears_money", "Truy lĩnh", Kind.MONEY, 14),
                Column("recovery_money", "Truy thu", Kind.MONEY, 14),
                Column("funeral_money", "Mai táng phí", Kind.MONEY, 14),
                Column("total_money", "Tổng cộng", Kind.MONEY, 17),
            ),
        ),
    ),
    notes=("Theo danh sách chi trả đã phê duyệt của từng tháng; truy thu là số đã trừ vào tổng cộng.",),
)

WORKBOOK_CARE = Layout(
    code="Biểu 03",
    sheet="Hỗ trợ chăm sóc",
    title="HỖ TRỢ KINH PHÍ CHĂM SÓC, NUÔI DƯỠNG (ĐIỀU 20)",
    side=Side.UNITS,
    side_header=UNIT,
    groups=(
        Group("Số người hưởng tại ngày cuối kỳ (người)", _by_group("care_people", CARE_GROUPS, Kind.COUNT, "Tổng số")),
        Group("Kinh phí đã chi trong kỳ (đồng)", _by_group("care_money", CARE_GROUPS, Kind.MONEY, "Tổng số")),
    ),
)

WORKBOOK_FUNERAL = Layout(
    code="Biểu 04",
    sheet="Mai táng phí",
    title=FUNERAL.title,
    subtitle=FUNERAL.subtitle,
    side=Side.UNITS,
    side_header=UNIT,
    groups=FUNERAL.groups,
    notes=FUNERAL.notes,
)

WORKBOOK_CASHLESS = Layout(
    code="Biểu 07",
    sheet="Không dùng tiền mặt",
    title=CASHLESS.title,
    subtitle=CASHLESS.subtitle,
    side=Side.UNITS,
    side_header=UNIT,
    groups=CASHLESS.groups,
    notes=CASHLESS.notes,
)
