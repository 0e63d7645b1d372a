"""A decision as a document: the same text for the HTML print view and the .docx.

Offices sign and file a printed copy. The .docx is there so an office can adjust the wording to its own template
(letterhead, recipients, a local article) in a word processor before signing; the HTML view prints as is.
Layout follows the administrative document rules (Decree 30/2020/NĐ-CP): national motto top right, authority
top left, number, place and date, title, legal basis, articles, recipients and signature.
"""

import io
import re
from dataclasses import dataclass
from decimal import Decimal

from core.templatetags.vn_format import format_vnd

from . import workflow
from .models import Decision, Dossier

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
UNIT_PREFIXES = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Huyện", "Quận", "Phường", "Tỉnh", "Xã")

SUBJECTS = {
    Dossier.Kind.MONTHLY: "trợ cấp xã hội hàng tháng",
    Dossier.Kind.CARE: "hỗ trợ kinh phí chăm sóc, nuôi dưỡng",
    Dossier.Kind.FUNERAL: "hỗ trợ chi phí mai táng",
}


@dataclass
class Paragraph:
    lead: str  # bold lead-in, e.g. "Điều 1."
    text: str


@dataclass
class DecisionDocument:
    authority: list[str]  # ["ỦY BAN NHÂN DÂN", "HUYỆN CAO LÃNH"]
    number: str
    place_date: str
    title: str  # "QUYẾT ĐỊNH", or "" for a letter
    subject: str  # "Về việc …" / "V/v …"
    issuer: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CAO LÃNH", or "" for a letter
    addressee: str  # "Kính gửi: …" for a letter
    basis: list[str]
    paragraphs: list[Paragraph]
    recipients: list[str]
    signer_lines: list[str]
    signer_name: str
    decides: bool = True  # a decision ("QUYẾT ĐỊNH:" before the articles) or a letter
    motto: tuple[str, str] = MOTTO


def place_name(unit) -> str:
    """'Huyện Cao Lãnh' → 'Cao Lãnh' (the place written before the date)."""
    name = unit.name
    if unit.kind and name.startswith(unit.kind + " "):
        return name[len(unit.kind) + 1 :]
    for prefix in UNIT_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def vn_date(day) -> str:
    """'ngày 05 tháng 01 năm 2026', 'ngày 23 tháng 11 năm 2026': Decree 30/2020 writes a leading zero for days
    below 10 and for January and February only."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def coefficient_text(value: Decimal) -> str:
    """Vietnamese decimal comma: 2.50 → '2,5', 2.00 → '2'."""
    return format(value.normalize(), "f").replace(".", ",")


def honorific(person) -> str:
    return "bà" if person.sex == "F" else "ông"


def _born(person) -> str:
    return f"năm {person.birth_date.year}" if person.birth_year_only else f"ngày {person.birth_date:%d/%m/%Y}"


def _cite(text: str) -> str:
    """A citation inside a sentence: 'Khoản 6 Điều 5 …' → 'khoản 6 Điều 5 …' (articles keep their capital)."""
    return re.sub(r"^(Khoản|Điểm)\b", lambda m: m.group(1).lower(), text.strip())


def _residence(person) -> str:
    parts = [str(part) for part in (person.village, person.commune) if part]
    parent = person.commune.parent
    while parent is not None:
        parts.append(parent.name)
        parent = parent.parent
    return ", ".join(parts)


def _basis_line(text: str) -> str:
    return f"Căn cứ {_cite(text.strip().rstrip(';.'))};"


def _signer_lines(title: str, issuer_office: str) -> list[str]:
    """'Phó Chủ tịch' signs on behalf of the chairman: 'KT. CHỦ TỊCH' above 'PHÓ CHỦ TỊCH'."""
    title = title.strip()
    if title.lower().startswith("phó"):
        return [f"KT. {issuer_office.upper()}", title.upper()]
    return [title.upper()]


def decision_document(decision: Decision) -> DecisionDocument:
    dossier = decision.dossier
    unit = decision.unit
    person = dossier.person
    authority = ["ỦY BAN NHÂN DÂN", unit.name.upper()]
    place_date = f"{place_name(unit)}, {vn_date(decision.signed_on)}"
    number = f"Số: {decision.number}"
    subject_text = SUBJECTS.get(dossier.kind, "trợ giúp xã hội")
    who = f"{honorific(person)} {person.full_name}"
    same_unit = unit.pk == dossier.commune_id
    executors = [f"Văn phòng Ủy ban nhân dân {unit.name}"]
    if not same_unit:
        executors.append(f"Ủy ban nhân dân {dossier.commune.name}")
    if decision.outcome == Decision.Outcome.REJECTED:
        return _refusal(decision, authority, number, place_date, subject_text, who)

    paragraphs = [Paragraph("Điều 1.", _article_one(decision, dossier, who))]
    paragraphs.append(
        Paragraph(
            "Điều 2.",
            f"Ủy ban nhân dân {dossier.commune.name} có trách nhiệm tổ chức chi trả {subject_text} cho "
            f"{_payee(dossier)} theo quy định.",
        )
    )
    paragraphs.append(
        Paragraph(
            "Điều 3.",
            f"Quyết định này có hiệu lực kể từ ngày ký. {', '.join(executors)} và {_payee(dossier)} "
            "chịu trách nhiệm thi hành Quyết định này.",
        )
    )
    if dossier.flow == workflow.TWO_LEVEL:
        proposal = f"Xét đề nghị của công chức phụ trách lao động - xã hội và hồ sơ của {who}."
    else:
        office = unit.social_office_name or "cơ quan chuyên môn phụ trách bảo trợ xã hội"
        proposal = f"Xét đề nghị của Ủy ban nhân dân {dossier.commune.name} và kết quả thẩm định của {office}."
    return DecisionDocument(
        authority=authority,
        number=number,
        place_date=place_date,
        title="QUYẾT ĐỊNH",
        subject=f"Về việc {subject_text}",
        issuer=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.name.upper()}",
        addressee="",
        basis=[_basis_line(line) for line in decision.legal_basis.split(";\n") if line.strip()] + [proposal],
        paragraphs=paragraphs,
        recipients=["Như Điều 3;", "Lưu: VT."],
        signer_lines=_signer_lines(decision.signer_title, "Chủ tịch"),
        signer_name=decision.signer_name,
    )


def _payee(dossier: Dossier) -> str:
    if dossier.kind == Dossier.Kind.FUNERAL and dossier.organiser_name:
        return f"người tổ chức mai táng {dossier.organiser_name}"
    return f"{honorific(dossier.person)} {dossier.person.full_name}"


def _article_one(decision: Decision, dossier: Dossier, who: str) -> str:
    person = dossier.person
    amount = format_vnd(decision.amount).replace("\u00a0", " ")
    coefficient = coefficient_text(decision.coefficient) if decision.coefficient is not None else ""
    category = dossier.category
    if dossier.kind == Dossier.Kind.FUNERAL:
        organiser = dossier.organiser_name or "người tổ chức mai táng"
        died = dossier.death_date.strftime("%d/%m/%Y") if dossier.death_date else ""
        return (
            f"Hỗ trợ chi phí mai táng cho {organiser} ({dossier.organiser_relation or 'người tổ chức mai táng'}) "
            f"đã tổ chức mai táng cho {who}, sinh {_born(person)}, mất ngày {died}, cư trú tại {_residence(person)}. "
            f"Mức hỗ trợ: {amount} ({_cite(decision.explanation)})."
        )
    lead = "Trợ cấp xã hội hàng tháng đối với" if dossier.kind == Dossier.Kind.MONTHLY else (
        "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng đối với"
    )  # fmt: skip
    text = f"{lead} {who}, sinh {_born(person)}, cư trú tại {_residence(person)}"
    if dossier.kind == Dossier.Kind.CARE and dossier.subject is not None:
        subject = dossier.subject
        text += f", chăm sóc, nuôi dưỡng {honorific(subject)} {subject.full_name} (sinh {_born(subject)})"
    text += "."
    if category is not None:
        text += f" Diện hưởng: {category.name} ({_cite(category.legal_basis)})."
    text += f" Hệ số: {coefficient}. Mức hưởng hàng tháng: {amount} ({_cite(decision.explanation)})."
    if decision.effective_month:
        text += f" Thời gian hưởng: từ tháng {decision.effective_month:%m/%Y}."
    return text


def _refusal(decision, authority, number, place_date, subject_text, who) -> DecisionDocument:
    dossier = decision.dossier
    return DecisionDocument(
        authority=authority,
        number=number,
        place_date=place_date,
        title="",
        subject=f"V/v trả lời đề nghị {subject_text}",
        issuer="",
        addressee=f"Kính gửi: {who} (qua Ủy ban nhân dân {dossier.commune.name})",
        basis=[],
        paragraphs=[
            Paragraph(
                "",
                f"Ủy ban nhân dân {decision.unit.name} đã nhận hồ sơ đề nghị {subject_text} của {who}, "
                f"tiếp nhận ngày {dossier.received_on:%d/%m/%Y}.",
            ),
            Paragraph("", f"Sau khi xem xét, hồ sơ không đủ điều kiện hưởng vì: {decision.reasons.strip()}"),
            Paragraph("", f"Ủy ban nhân dân {decision.unit.name} trả lời để {who} được biết."),
        ],
        recipients=["Như trên;", f"UBND {dossier.commune.name};", "Lưu: VT."],
        signer_lines=_signer_lines(decision.signer_title, "Chủ tịch"),
        signer_name=decision.signer_name,
        decides=False,
    )


# --- .docx -------------------------------------------------------------------------------------------------


def decision_docx(decision: Decision) -> bytes:
    """The decision as a Word document (A4, Times New Roman), for offices that adapt it before signing."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = decision_document(decision)
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = word.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.paragraph_format.space_after = Pt(3)

    fresh_cells = set()  # a new table cell already holds one empty paragraph: the first line goes there

    def para(text="", *, bold=False, italic=False, align=None, size=None, cell=None, lead=""):
        if cell is not None and id(cell) in fresh_cells:
            fresh_cells.discard(id(cell))
            paragraph = cell.paragraphs[0]
        else:
            paragraph = (cell if cell is not None else word).add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if lead:
            run = paragraph.add_run(lead + " ")
            run.bold = True
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return paragraph

    def two_columns(widths):
        table = word.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        cells = table.rows[0].cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Mm(width)
            fresh_cells.add(id(cell))
        return cells

    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = two_columns((70, 95))
    for i, line in enumerate(doc.authority):
        para(line, bold=i > 0, align=center, size=12, cell=left)
    para("———", align=center, size=12, cell=left)
    para(doc.number, align=center, size=12, cell=left)
    if not doc.decides:
        para(doc.subject, align=center, size=12, cell=left)
    para(doc.motto[0], bold=True, align=center, size=12, cell=right)
    para(doc.motto[1], bold=True, align=center, cell=right)
    para("———————", align=center, size=12, cell=right)
    para(doc.place_date, italic=True, align=center, cell=right)

    para()
    if doc.decides:
        para(doc.title, bold=True, align=center, size=14)
        para(doc.subject, bold=True, align=center)
        para(doc.issuer, bold=True, align=center)
        for line in doc.basis:
            para(line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        para("QUYẾT ĐỊNH:", bold=True, align=center)
    else:
        para(doc.addressee, align=center)
    for paragraph in doc.paragraphs:
        para(paragraph.text, lead=paragraph.lead, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    para()
    left, right = two_columns((80, 85))
    para("Nơi nhận:", bold=True, italic=True, size=12, cell=left)
    for line in doc.recipients:
        para(f"- {line}", size=11, cell=left)
    for line in doc.signer_lines:
        para(line, bold=True, align=center, cell=right)
    for _line in range(4):
        para(cell=right)
    para(doc.signer_name, bold=True, align=center, cell=right)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def docx_filename(decision: Decision) -> str:
    slug = re.sub(r"[^0-9A-Za-z]+", "-", decision.number).strip("-") or str(decision.pk)
    return f"quyet-dinh-{slug}.docx"
