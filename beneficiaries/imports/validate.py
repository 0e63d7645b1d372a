"""Check every row of an import file; nothing is written here.

Two passes, and no query per row: the unit's communes, villages, categories and rate tables are loaded once
(`Lookups`); the first pass reads each cell and checks the row against the law (Decree 20 Art. 5 through
`policy.rules.eligibility_problems`) and computes its amount (`line_for`, Art. 6); the second pass looks up the
people and entitlements already in the database for all the file's ID numbers in a few chunked queries and checks
the rows against them and against each other (same person twice, one allowance only — Art. 6.2).

Each error is `{"row": 5, "column": "Ngày sinh", "message": "…"}` with the Excel row number the user sees.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Q

from beneficiaries.models import Entitlement, Person
from core.text import fold
from locations.models import AdministrativeUnit, Level, Village
from policy.models import Category, Kind
from policy.rules import Facts, eligibility_problems, group_of, line_for
from policy.selectors import rate_tables

from .columns import COLUMNS, CellError
from .reader import RawRow, open_sheet

CHUNK = 2000
TITLE = {column.key: column.title for column in COLUMNS}
ORDER = {column.title: index for index, column in enumerate(COLUMNS)}
# policy.rules.Problem.field → the column the user fixes
PROBLEM_COLUMN = {
    "birth_date": TITLE["birth_date"],
    "studying": TITLE["studying"],
    "poverty": TITLE["poverty"],
    "children_count": TITLE["children_count"],
    "village": TITLE["village"],
    "disability_level": TITLE["disability_level"],
}
HIV_GROUPS = ("5.3", "5.8")  # the decision granting these already confirmed the HIV status
PAID_BY_ACCOUNT = ("bank", "e_wallet")
# Art. 6.2 exception: a 5.4 single parent also in 5.5, 5.6 or 5.8 gets both.
SINGLE_PARENT_PARTNERS = ("5.5", "5.6", "5.8")


@dataclass
class Lookups:
    """Everything a row is checked against that does not depend on the row, loaded in a handful of queries."""

    unit: AdministrativeUnit
    communes: dict[str, AdministrativeUnit]  # code → commune inside the unit
    known_codes: set[str]  # every commune code in the database (to tell "unknown" from "not yours")
    villages: dict[tuple[int, str], Village]  # (commune id, folded name) → village
    categories: dict[str, Category]  # lower-case code → national or the province's own category
    tables: object
    today: date
    texts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, unit: AdministrativeUnit, *, today: date) -> "Lookups":
        if unit.level == Level.COMMUNE:
            communes = [unit]
        else:
            communes = list(AdministrativeUnit.objects.filter(parent=unit, level=Level.COMMUNE))
        province = unit.province or unit
        villages = {
            (village.commune_id, fold(village.name)): village
            for village in Village.objects.filter(commune__in=communes)
        }
        # National categories, then the province's own (a local code never hides a national one by accident:
        # the province's row of the same code is the one its officers mean).
        categories = {}
        for category in Category.objects.filter(Q(province__isnull=True) | Q(province=province)).order_by(
            F("province").asc(nulls_first=True)
        ):
            categories[category.code.lower()] = category
        return cls(
            unit=unit,
            communes={commune.code: commune for commune in communes},
            known_codes=set(AdministrativeUnit.objects.filter(level=Level.COMMUNE).values_list("code", flat=True)),
            villages=villages,
            categories=categories,
            tables=rate_tables(province),
            today=today,
        )


@dataclass(slots=True)
class Row:
    """A row read and checked; saved only when `errors` is empty."""

    number: int
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column title, message)
    commune: AdministrativeUnit | None = None
    village: Village | None = None
    category: Category | None = None
    coefficient: Decimal | None = None
    level: int = 0
    amount: int = 0
    basis: str = ""
    person_id: int | None = None  # an existing person reused
    unchanged: bool = False  # the same entitlement is already in the database
    own_errors: int = 0  # errors of the row on its own (pass 1); the rest come from the database and other rows

    def error(self, key_or_title: str, message: str) -> None:
        title = TITLE.get(key_or_title, key_or_title)
        if (title, message) not in self.errors:
            self.errors.append((title, message))

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes an imported entitlement the same one: person, category, decision number."""
        return (self.values["id_number"].number, self.category.code, fold(self.values["decision_number"]))


@dataclass
class Outcome:
    rows_total: int
    valid: list[Row]
    errors: list[dict]
    # What pass 1 produced, so a save in the same process re-runs only the database checks (`recheck`).
    rows: list[Row] = field(default_factory=list, repr=False)
    lookups: Lookups | None = field(default=None, repr=False)

    @property
    def rows_valid(self) -> int:
        return len(self.valid)

    @property
    def rows_unchanged(self) -> int:
        return sum(1 for row in self.valid if row.unchanged)

    @property
    def rows_new(self) -> int:
        return self.rows_valid - self.rows_unchanged


def check_file(file, unit: AdministrativeUnit, *, today: date) -> Outcome:
    """Vet `file` (raises reader.FileRejected) and check every row for an import into `unit`."""
    with open_sheet(file) as sheet:
        lookups = Lookups.load(unit, today=today)
        rows = [_check_row(raw, lookups) for raw in sheet.rows()]
    return recheck(rows, lookups)


def recheck(rows: list[Row], lookups: Lookups) -> Outcome:
    """Pass 2 on rows read by pass 1: against the database as it is now, and against each other."""
    for row in rows:
        del row.errors[row.own_errors :]
        row.person_id, row.unchanged = None, False
    holdings = _check_against_database(rows, lookups)
    _check_across_rows(rows)
    _check_one_allowance(rows, holdings)
    errors = []
    valid = []
    for row in rows:
        if row.errors:
            ordered = sorted(row.errors, key=lambda error: ORDER.get(error[0], len(ORDER)))
            errors.extend({"row": row.number, "column": title, "message": message} for title, message in ordered)
        else:
            valid.append(row)
    return Outcome(rows_total=len(rows), valid=valid, errors=errors, rows=rows, lookups=lookups)


# --- Pass 1: the row on its own -----------------------------------------------------------------------------


def _check_row(raw: RawRow, lookups: Lookups) -> Row:
    row = Row(number=raw.number, values={})
    for column in COLUMNS:
        if column.key in raw.formulas:
            row.error(column.key, "Ô chứa công thức; hãy dán giá trị (Paste Values) thay cho công thức.")
            row.values[column.key] = None
            continue
        try:
            row.values[column.key] = column.parse(raw.values.get(column.key))
        except CellError as exc:
            row.error(column.key, str(exc))
            row.values[column.key] = None
    values = row.values
    born = values["birth_date"]
    if born is not None and born.value > lookups.today:
        row.error("birth_date", f"Ngày sinh {born.value:%d/%m/%Y} sau ngày hôm nay.")
    if values["decision_date"] is not None and values["decision_date"] > lookups.today:
        row.error("decision_date", f"Ngày quyết định {values['decision_date']:%d/%m/%Y} sau ngày hôm nay.")
    if values["payment_method"] in PAID_BY_ACCOUNT and not values["account_number"]:
        row.error("account_number", "Bắt buộc khi chi trả qua tài khoản ngân hàng hoặc ví điện tử.")
    _resolve_place(row, lookups)
    _resolve_category(row, lookups)
    if not row.errors:
        _check_eligibility(row, lookups)
    row.own_errors = len(row.errors)
    return row


def _resolve_place(row: Row, lookups: Lookups) -> None:
    code = row.values["commune_code"]
    if code is None:
        return
    commune = lookups.communes.get(code)
    if commune is None:
        unit = lookups.unit
        if code not in lookups.known_codes:
            row.error("commune_code", f"Mã xã «{code}» không có trong danh mục đơn vị hành chính.")
        elif unit.level == Level.COMMUNE:
            row.error("commune_code", f"Mã xã «{code}» không phải xã của bạn ({unit.name}, mã {unit.code}).")
        else:
            row.error("commune_code", f"Mã xã «{code}» không thuộc {unit.name}.")
        return
    row.commune = commune
    name = row.values["village"]
    if name:
        row.village = lookups.villages.get((commune.pk, fold(name)))


def _resolve_category(row: Row, lookups: Lookups) -> None:
    code = row.values["category"]
    if code is None:
        return
    category = lookups.categories.get(code)
    if category is None:
        row.error("category", f"Diện hưởng «{code}» không có trong danh mục (ví dụ đúng: 5.1.b, 5.5.a, 5.6).")
        return
    if category.kind != Kind.MONTHLY:
        row.error(
            "category",
            f"Diện {category.code} không phải trợ cấp xã hội hàng tháng; tệp này chỉ nhập đối tượng hưởng trợ cấp "
            "hàng tháng.",
        )
        return
    row.category = category


def _check_eligibility(row: Row, lookups: Lookups) -> None:
    """Decree 20 Art. 5 conditions at the start month, then the Art. 6 amount (kept beside the entitlement)."""
    values = row.values
    category = row.category
    month = values["start_month"]
    if month < category.effective_from.replace(day=1):
        row.error(
            "start_month",
            f"Diện {category.code} áp dụng từ {category.effective_from:%d/%m/%Y}; hãy ghi tháng hưởng theo "
            "quyết định hưởng theo Nghị định 20/2021.",
        )
        return
    village = row.village
    facts = Facts(
        birth_date=values["birth_date"].value,
        disability_level=values["disability_level"],
        studying=values["studying"],
        hiv=group_of(category.code) in HIV_GROUPS,
        poverty=values["poverty"],
        especially_difficult_area=bool(row.commune.especially_difficult or (village and village.especially_difficult)),
        children_count=values["children_count"],
    )
    problems = eligibility_problems(category.code, facts, month, lookups.tables)
    for problem in problems:
        row.error(PROBLEM_COLUMN.get(problem.field, TITLE["category"]), problem.message)
    if problems:
        return
    try:
        line = line_for(category.code, facts, month, lookups.tables)
    except LookupError as exc:
        line, reason = None, str(exc)
    else:
        reason = f"Chưa có hệ số hoặc mức chuẩn áp dụng cho diện {category.code} trong tháng {month:%m/%Y}."
    if line is None:
        row.error("start_month", reason)
        return
    # 50,000 rows share a handful of explanations: keep one copy of each.
    basis = lookups.texts.setdefault(line.explanation, line.explanation)
    row.coefficient, row.level, row.amount, row.basis = line.coefficient, line.level, line.amount, basis


# --- Pass 2: against the database and the other rows ------------------------------------------------------


@dataclass(frozen=True)
class _Holding:
    category: str
    decision_number: str
    where: str  # "QĐ 12/QĐ-UBND" or "dòng 4"


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_against_database(rows: list[Row], lookups: Lookups) -> dict[str, list[_Holding]]:
    """Match rows to people already registered; return what each of them already receives."""
    clean = [row for row in rows if not row.errors]
    numbers = list(dict.fromkeys(row.values["id_number"].number for row in clean))
    people: dict[str, dict] = {}
    for chunk in _chunks(numbers):
        for person in Person.objects.filter(id_number__in=chunk).values(
            "pk", "id_number", "commune_id", "commune__name", "commune__code", "full_name", "name_folded",
            "birth_date", "birth_year_only", "sex",
        ):  # fmt: skip
            people[person["id_number"]] = person
    existing_keys: set[tuple[str, str, str]] = set()
    holdings: dict[str, list[_Holding]] = defaultdict(list)
    by_pk = {person["pk"]: person["id_number"] for person in people.values()}
    for chunk in _chunks(list(by_pk)):
        for entitlement in Entitlement.objects.filter(person_id__in=chunk, category__kind=Kind.MONTHLY).values(
            "person_id", "category__code", "decision_number", "status"
        ):
            number = by_pk[entitlement["person_id"]]
            existing_keys.add((number, entitlement["category__code"], fold(entitlement["decision_number"])))
            if entitlement["status"] != Entitlement.Status.ENDED:
                shown = f"QĐ {entitlement['decision_number']}" if entitlement["decision_number"] else "đang hưởng"
                holdings[number].append(_Holding(entitlement["category__code"], entitlement["decision_number"], shown))
    scope_ids = {commune.pk for commune in lookups.communes.values()}
    for row in clean:
        person = people.get(row.values["id_number"].number)
        if person is None:
            continue
        if person["commune_id"] not in scope_ids:
            row.error(
                "id_number",
                "Số định danh này đã thuộc một đối tượng do đơn vị khác quản lý; nếu đối tượng chuyển đến, hãy làm "
                "thủ tục chuyển địa bàn.",
            )
            continue
        if person["commune_id"] != row.commune.pk:
            row.error(
                "commune_code",
                f"Đối tượng có số định danh này đang cư trú tại {person['commune__name']} "
                f"(mã {person['commune__code']}).",
            )
            continue
        if person["name_folded"] != fold(row.values["full_name"]):
            row.error(
                "full_name",
                f"Số định danh này đã có trong hệ thống với họ tên «{person['full_name']}», khác với tệp.",
            )
        if not _same_birth(person["birth_date"], person["birth_year_only"], row.values["birth_date"]):
            shown = person["birth_date"].year if person["birth_year_only"] else f"{person['birth_date']:%d/%m/%Y}"
            row.error("birth_date", f"Số định danh này đã có trong hệ thống với ngày sinh {shown}, khác với tệp.")
        row.person_id = person["pk"]
        row.unchanged = not row.errors and row.key in existing_keys
    return holdings


def _same_birth(stored: date, stored_year_only: bool, given) -> bool:
    if stored_year_only or given.year_only:
        return stored.year == given.value.year
    return stored == given.value


def _compatible(first: str, second: str) -> bool:
    """Art. 6.2: only the highest, except a 5.4 single parent who is also in 5.5, 5.6 or 5.8 (both paid)."""
    pair = {group_of(first), group_of(second)}
    return "5.4" in pair and any(code.startswith(SINGLE_PARENT_PARTNERS) for code in pair)


def _check_one_allowance(rows: list[Row], holdings: dict[str, list[_Holding]]) -> None:
    for row in rows:
        if row.errors or row.unchanged:
            continue
        number = row.values["id_number"].number
        code = row.category.code
        held = holdings[number]
        for other in held:
            if other.category == code:
                row.error(
                    "category",
                    f"Đối tượng đang hưởng diện {code} theo {other.where}; không nhập thêm một chế độ cùng diện.",
                )
            elif not _compatible(other.category, code):
                row.error(
                    "category",
                    f"Đối tượng đang hưởng diện {other.category} ({other.where}); chỉ được hưởng một mức cao nhất "
                    "(khoản 2 Điều 6 Nghị định 20/2021).",
                )
        if not row.errors:
            held.append(_Holding(code, row.values["decision_number"], f"dòng {row.number}"))


def _check_across_rows(rows: list[Row]) -> None:
    """The same person twice in the file must agree on who they are; the same entitlement twice is an error."""
    first_seen: dict[str, Row] = {}
    keys: dict[tuple[str, str, str], int] = {}
    for row in rows:
        if row.errors or row.values["id_number"] is None:
            continue
        number = row.values["id_number"].number
        first = first_seen.setdefault(number, row)
        if first is not row:
            for key in ("full_name", "sex"):
                if fold(str(first.values[key])) != fold(str(row.values[key])):
                    row.error(key, f"Khác với dòng {first.number} có cùng số định danh.")
            if first.values["birth_date"] != row.values["birth_date"]:
                row.error("birth_date", f"Khác với dòng {first.number} có cùng số định danh.")
        if row.errors:
            continue
        earlier = keys.setdefault(row.key, row.number)
        if earlier != row.number:
            row.error("decision_number", f"Trùng với dòng {earlier} (cùng người, cùng diện, cùng số quyết định).")
