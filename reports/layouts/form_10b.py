"""Form 10b (emergency assistance, Art. 12–17) and the workbook's emergency sheet: the one place to align their
columns with the official annex (decree20.md §8: the exact layout is [U]). Keys are filled by
`reports.queries.emergency` (`EmergencyFigures.values`)."""

from emergency.models import FundingSource

from . import Column, Group, Kind, Layout, Side

SOURCE_HEADERS = {
    FundingSource.CENTRAL: "Dự phòng ngân sách trung ương",
    FundingSource.PROVINCE: "Ngân sách tỉnh",
    FundingSource.DISTRICT: "Ngân sách huyện (đến 30/6/2025)",
    FundingSource.COMMUNE: "Ngân sách xã",
    FundingSource.COMMUNITY: "Vận động xã hội, quyên góp",
}

GROUPS = (
    Group("", (Column("incidents", "Số sự kiện (thiên tai, hỏa hoạn…)", width=11),)),
    Group(
        "Hộ gia đình, nhân khẩu",
        (
            Column("households", "Số hộ được đánh giá, xét duyệt (hộ)", width=11),
            Column("households_supported", "Số hộ được hỗ trợ (hộ)", width=10),
            Column("people", "Số nhân khẩu (người)", width=10),
            Column("food_short", "Số người thiếu đói (người)", width=10),
        ),
    ),
    Group(
        "Thiệt hại về người (người)",
        (
            Column("injured", "Bị thương nặng", width=9),
            Column("dead", "Chết", width=8),
            Column("missing", "Mất tích", width=8),
        ),
    ),
    Group(
        "Nhà ở (hộ)",
        (
            Column("houses_lost", "Đổ, sập, trôi, cháy hoàn toàn", width=11),
            Column("houses_relocated", "Phải di dời khẩn cấp", width=10),
            Column("houses_serious", "Hư hỏng nặng", width=10),
        ),
    ),
    Group(
        "Hỗ trợ gạo đã cấp",
        (
            Column("rice_kg", "Ki-lô-gam", width=11),
            Column("rice_tonnes", "Quy ra tấn", Kind.DECIMAL, width=10),
        ),
    ),
    Group(
        "Kinh phí (đồng)",
        (
            Column("approved", "Đã quyết định hỗ trợ", Kind.MONEY, 15),
            Column("disbursed_total", "Đã cấp phát", Kind.MONEY, 15),
        ),
    ),
    Group(
        "Kinh phí đã cấp phát theo nguồn (đồng)",
        (
            *(Column(f"disbursed_{source}", header, Kind.MONEY, 14) for source, header in SOURCE_HEADERS.items()),
            Column(
                "community_share",
                "Tỷ lệ vận động xã hội (%)",
                Kind.PERCENT,
                10,
                ratio=("disbursed_community", "disbursed_total"),
            ),
        ),
    ),
)

NOTES = (
    "Sự kiện: xảy ra trong kỳ; một sự kiện ảnh hưởng nhiều xã được tính ở mỗi xã và một lần ở dòng cộng, dòng "
    "tổng cộng.",
    "Hộ, nhân khẩu, thiệt hại về người và nhà ở: các hộ có quyết định (hỗ trợ hoặc không hỗ trợ) ký trong kỳ và "
    "đã ghi nhận đến ngày chốt số liệu; số hộ được hỗ trợ và kinh phí đã quyết định: các quyết định hỗ trợ.",
    "Gạo và kinh phí đã cấp phát: các lần cấp phát có ngày cấp trong kỳ, ghi nhận đến ngày chốt số liệu; nguồn "
    "kinh phí theo từng lần cấp phát (Điều 17 Nghị định 20/2021/NĐ-CP).",
)

F10B = Layout(
    code="Mẫu số 10b",
    sheet="10b",
    title="BÁO CÁO KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI KHẨN CẤP",
    subtitle="(Điều 12–17 Nghị định 20/2021/NĐ-CP; Điều 6 Thông tư 02/2021/TT-BLĐTBXH)",
    side=Side.UNITS,
    side_header="Đơn vị",
    groups=GROUPS,
    notes=NOTES,
    # Incidents are counted once however many communes they touched: the query gives the totals row.
    totals=False,
)

WORKBOOK_EMERGENCY = Layout(
    code="Biểu 05",
    sheet="Trợ giúp khẩn cấp",
    title="KẾT QUẢ TRỢ GIÚP XÃ HỘI KHẨN CẤP",
    subtitle=F10B.subtitle,
    side=Side.UNITS,
    side_header="Đơn vị",
    groups=GROUPS,
    notes=NOTES,
    totals=False,
)
