"""The facility residents report (issue 6 «Reports») and the workbook's residents sheet: the one place to align
their columns with an official annex. Keys are filled by `reports.queries.residents` (see
`ResidentFigures.values`); rows are facilities under their ownership (public / non-public)."""

from . import Column, Group, Kind, Layout, Side

# Keys are facilities.models' choices; headers are written here (plain text, like every layout).
GROUP_HEADERS = (
    ("elderly", "Người cao tuổi"),
    ("children", "Trẻ em"),
    ("disability", "Người khuyết tật"),
    ("mental", "Người tâm thần"),
    ("general", "Tổng hợp"),
)
PATH_HEADERS = (
    ("regular", "Theo hồ sơ (Điều 28.1)"),
    ("emergency", "Khẩn cấp (Điều 28.2)"),
    ("contract", "Tự nguyện theo hợp đồng"),
    ("by_law", "Theo quyết định của cơ quan có thẩm quyền"),
)
REASON_HEADERS = (
    ("case_ended", "Hết thời hạn, hoàn cảnh thay đổi"),
    ("adopted", "Được nhận làm con nuôi"),
    ("age", "Đủ 16 (22) tuổi"),
    ("no_contact", "Tự ý rời, không liên lạc 1 tháng"),
    ("own_request", "Theo nguyện vọng"),
    ("death", "Chết"),
    ("contract_end", "Hết hạn hợp đồng"),
)

AGE_HEADERS = (
    ("under_4", "Dưới 4 tuổi"),
    ("4_15", "Từ 4 đến 15 tuổi"),
    ("16_59", "Từ 16 đến 59 tuổi"),
    ("60_79", "Từ 60 đến 79 tuổi"),
    ("80_plus", "Từ 80 tuổi trở lên"),
)
FACILITY = "Cơ sở trợ giúp xã hội"
SUBTITLE = "(Điều 24–31 Nghị định 20/2021/NĐ-CP)"

RESIDENTS_GROUPS = (
    Group("", (Column("residents", "Số đối tượng đang ở tại ngày cuối kỳ (người)", width=12),)),
    Group(
        "Chia theo nhóm đối tượng (người)",
        tuple(Column(f"group_{key}", label, width=10) for key, label in GROUP_HEADERS),
    ),
    Group("Chia theo nhóm tuổi (người)", tuple(Column(f"age_{key}", label, width=10) for key, label in AGE_HEADERS)),
    Group("Giới tính (người)", (Column("sex_M", "Nam", width=8), Column("sex_F", "Nữ", width=8))),
    Group(
        "Công suất",
        (
            Column("capacity", "Công suất (người)", width=10),
            Column("occupancy", "Tỷ lệ sử dụng (%)", Kind.PERCENT, 10, ratio=("residents", "capacity")),
        ),
    ),
    Group(
        "Trong kỳ (người)",
        (Column("admitted", "Tiếp nhận", width=10), Column("discharged", "Rời cơ sở", width=10)),
    ),
)

RESIDENTS_NOTES = (
    "Đang ở: tiếp nhận đến ngày cuối kỳ và chưa rời cơ sở đến ngày đó, theo số liệu ghi nhận đến ngày chốt.",
    "Tuổi tròn năm tại ngày cuối kỳ (người chỉ biết năm sinh tính từ ngày 01/01 năm sinh); mốc 4 tuổi theo khoản 1 "
    "Điều 25, 16 tuổi theo Điều 30, 60 và 80 tuổi theo Luật Người cao tuổi và khoản 5 Điều 5.",
)

RESIDENTS = Layout(
    code="Đối tượng tại cơ sở",
    sheet="Đối tượng tại cơ sở",
    title="BÁO CÁO ĐỐI TƯỢNG TẠI CƠ SỞ TRỢ GIÚP XÃ HỘI",
    subtitle=SUBTITLE,
    side=Side.UNITS,
    side_header=FACILITY,
    groups=RESIDENTS_GROUPS,
    notes=RESIDENTS_NOTES,
)

MOVEMENTS = Layout(
    code="Đối tượng tại cơ sở",
    sheet="Tiếp nhận, rời cơ sở",
    title="ĐỐI TƯỢNG TIẾP NHẬN VÀ RỜI CƠ SỞ TRONG KỲ",
    subtitle="(tiếp nhận: Điều 27–28; rời cơ sở: Điều 30 Nghị định 20/2021/NĐ-CP)",
    side=Side.UNITS,
    side_header=FACILITY,
    groups=(
        Group(
            "Tiếp nhận trong kỳ theo hình thức (người)",
            (
                Column("admitted", "Tổng số", width=9),
                *(Column(f"admitted_{key}", label, width=13) for key, label in PATH_HEADERS),
            ),
        ),
        Group(
            "Rời cơ sở trong kỳ theo lý do (người)",
            (
                Column("discharged", "Tổng số", width=9),
                *(Column(f"discharged_{key}", label, width=12) for key, label in REASON_HEADERS),
            ),
        ),
    ),
    notes=("Theo ngày vào cơ sở và ngày rời cơ sở trong kỳ, ghi nhận đến ngày chốt số liệu.",),
)

OCCUPANCY = Layout(
    code="Đối tượng tại cơ sở",
    sheet="Công suất theo loại",
    title="TỶ LỆ SỬ DỤNG CÔNG SUẤT THEO LOẠI",
    subtitle="(số đối tượng đang ở tại ngày cuối kỳ / công suất theo loại)",
    side=Side.UNITS,
    side_header=FACILITY,
    groups=tuple(
        Group(
            label,
            (
                Column(f"group_{key}", "Đang ở", width=8),
                Column(f"capacity_{key}", "Công suất", width=9),
                Column(f"occupancy_{key}", "Tỷ lệ (%)", Kind.PERCENT, 9, ratio=(f"group_{key}", f"capacity_{key}")),
            ),
        )
        for key, label in GROUP_HEADERS
    ),
)

WORKBOOK_RESIDENTS = Layout(
    code="Biểu 06",
    sheet="Đối tượng tại cơ sở",
    title="ĐỐI TƯỢNG TẠI CƠ SỞ TRỢ GIÚP XÃ HỘI",
    subtitle=SUBTITLE,
    side=Side.UNITS,
    side_header=FACILITY,
    groups=RESIDENTS_GROUPS,
    notes=RESIDENTS_NOTES,
)
