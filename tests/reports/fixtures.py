"""A small province with known people, payment rolls, one incident and one resident, for the report tests
(10a, 10c, 10d, cashless, funeral, workbook, as-of). Built on the `world` fixture: call
`build_report_province(world)`; `build_report(form, unit)` builds a report and opens it with openpyxl.

Period 01/01/2026–30/06/2026, closing date 10/07/2026 (cutoff 11/07/2026 00:00), standard level 500.000 ₫.
Every roll is approved on the 20th of the month before its month, unless said otherwise.

People (age at the end of 06/2026) · entitlement × coefficient = amount · paid by:
- commune A Thị trấn Mỹ Thọ (district Cao Lãnh):
  P1 Lê Thị Ba 10/03/1940 (86) · 5.5.a × 2,0 = 1.000.000 · bank
  P2 Trần Văn Bốn 01/02/1960 (66) · 5.6 severe, elderly × 2,0 = 1.000.000 · cash
  P3 Ngô Thị Năm 01/09/2015 (10) · 5.1.b × 1,5 = 750.000 · cash
  P4 Phạm Văn Sáu 01/01/1990 (36) · 5.6 especially severe, adult × 2,0 = 1.000.000 · e-wallet
  P5 Đỗ Văn Bảy 01/01/1945 (81) · 5.5.a × 2,0 = 1.000.000 · cash; died 03/05/2026, ended after 05/2026
  P6 Hồ Thị Tám 01/01/1980 (46) · care 20.3 for P4 × 1,0 = 500.000 · cash
- commune B Xã Mỹ Hiệp (district Cao Lãnh):
  P7 Vũ Thị Chín 15/06/1955 (71) · 5.5.a × 1,5 = 750.000 · bank
  P8 Mai Văn Mười 01/03/2020 (6) · 5.1.b × 1,5 = 750.000 · cash; suspended from 06/2026
  P9 Lý Thị Mười Một 01/01/1985 (41) · 5.4 (2 children) × 2,0 = 1.000.000 and 5.6 severe adult × 1,5 = 750.000
  · bank
- commune C Xã Vĩnh Thạnh (district Lấp Vò):
  P10 Đinh Văn Mười Hai 01/01/1944 (82) · 5.5.a × 2,0 = 1.000.000 · cash
  P11 Tạ Văn Mười Ba 01/01/1950 (76) · 5.5.a from 06/2026 × 1,5 = 750.000 · cash; grant recorded 12/07/2026
- commune 2a Phường Ninh Kiều (two-level province):
  P12 Cao Thị Mười Bốn 01/01/1950 (76) · 5.6 especially severe, elderly × 2,5 = 1.250.000 · bank

Rolls (line totals):
- A 05/2026: P1 1.000.000, P2 1.000.000, P3 750.000, P4 1.000.000, P5 1.000.000, P6 care 500.000 = 5.250.000.
- A 06/2026: P1 1.000.000 − recovery 250.000 (04/2026) = 750.000; P2 1.000.000; P3 750.000 + arrears 750.000
  (04/2026) = 1.500.000; P4 1.000.000; P5 funeral 20 × 500.000 = 10.000.000 (to Đỗ Thị Hoa); P6 care 500.000
  = 14.750.000.
- A 07/2026 (outside the period, approved 20/06): P1 1.000.000.
- B 04/2026: draft (never counted): P7 750.000.
- B 05/2026: P7 750.000, P8 750.000, P9 1.000.000 + 750.000 = 1.750.000 → 3.250.000.
- B 06/2026: P7 750.000, P9 1.750.000 → 2.500.000.
- C 05/2026: P10 1.000.000. C 06/2026: P10 1.000.000, approved 12/07/2026 (after the closing date).
- 2a 05/2026 and 06/2026: P12 1.250.000 each.

Emergency (minimal; R2b's fixtures_emergency_facilities.py has the full emergency and residents world): one
flood on 10/05/2026 in commune A. Residents: one, «Trịnh Văn Cơ», in world.facility since 01/03/2026.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from beneficiaries.models import Entitlement, EntitlementEvent, Person
from emergency.models import Incident, IncidentArea
from facilities.models import CareGroup, Resident
from payments.models import PaymentItem, PaymentLine, PaymentRoll
from policy.models import Category
from policy.rules import add_months
from reports.builders import BUILDERS
from reports.models import ReportRequest

from .. import factories as f

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
AS_OF = date(2026, 7, 10)
LEVEL = 500_000
MAY, JUNE, JULY = date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)
Kind = EntitlementEvent.Kind
Item = PaymentItem.Kind


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class ReportProvince:
    people: dict  # "P1"… → Person
    grants: dict  # "P1"… → Entitlement (P9 has "P9" = 5.4 and "P9b" = 5.6)
    rolls: dict  # ("A", month) → PaymentRoll


def _person(key: str, name: str, born: date, commune, method: str = "cash") -> Person:
    return f.PersonFactory(
        full_name=name,
        birth_date=born,
        commune=commune,
        payment_method=method,
        account_number="0123456789" if method != "cash" else "",
    )


def _grant(person, code: str, coefficient: str, amount: int, start: date, *, recorded: date, **facts) -> Entitlement:
    entitlement = Entitlement.objects.create(
        person=person,
        subject=facts.pop("subject", person),
        category=Category.objects.get(code=code, province__isnull=True),
        commune=person.commune,
        start_month=start,
        coefficient=Decimal(coefficient),
        level=LEVEL,
        amount=amount,
        basis=f"{code}: {coefficient} × 500.000 ₫",
        **facts,
    )
    _event(entitlement, Kind.GRANTED, start, recorded)
    return entitlement


def _event(entitlement, kind: str, month: date, recorded: date) -> None:
    event = EntitlementEvent.objects.create(entitlement=entitlement, kind=kind, month=month)
    EntitlementEvent.objects.filter(pk=event.pk).update(at=at(recorded))  # `at` is auto_now_add


def _roll(commune, month: date, lines: list, *, approved: date | None = None, status="approved") -> PaymentRoll:
    """`lines`: (person, [(entitlement, item kind, item month, amount)], payee). Line columns follow the items."""
    approved = approved or add_months(month, -1).replace(day=20)
    roll = PaymentRoll.objects.create(
        commune=commune, month=month, status=status, approved_at=at(approved) if status == "approved" else None
    )
    for number, (person, items, payee) in enumerate(lines, start=1):
        regular = [(e, a) for e, kind, _, a in items if kind == Item.REGULAR]
        columns = {
            "monthly_amount": sum(a for e, a in regular if e.category.kind == "monthly"),
            "care_amount": sum(a for e, a in regular if e.category.kind == "care"),
            "arrears_amount": sum(a for _, kind, _, a in items if kind == Item.ARREARS),
            "recovery_amount": -sum(a for _, kind, _, a in items if kind == Item.RECOVERY),
            "funeral_amount": sum(a for _, kind, _, a in items if kind == Item.FUNERAL),
        }
        line = PaymentLine.objects.create(
            roll=roll,
            row_no=number,
            person=person,
            categories=", ".join(sorted({e.category.code for e, *_ in items})),
            level=LEVEL,
            total=sum(a for *_, a in items),
            payment_method=person.payment_method,
            account_number=person.account_number,
            payee_name=payee,
            **columns,
        )
        PaymentItem.objects.bulk_create(
            PaymentItem(line=line, entitlement=e, kind=kind, month=m, amount=a) for e, kind, m, a in items
        )
    return roll


def build_report_province(world) -> ReportProvince:
    a, b, c, two = world.commune_a, world.commune_b, world.commune_c, world.commune_2a
    old = date(2024, 1, 15)  # grants recorded long before the period
    p = {
        "P1": _person("P1", "Lê Thị Ba", date(1940, 3, 10), a, "bank"),
        "P2": _person("P2", "Trần Văn Bốn", date(1960, 2, 1), a),
        "P3": _person("P3", "Ngô Thị Năm", date(2015, 9, 1), a),
        "P4": _person("P4", "Phạm Văn Sáu", date(1990, 1, 1), a, "e_wallet"),
        "P5": _person("P5", "Đỗ Văn Bảy", date(1945, 1, 1), a),
        "P6": _person("P6", "Hồ Thị Tám", date(1980, 1, 1), a),
        "P7": _person("P7", "Vũ Thị Chín", date(1955, 6, 15), b, "bank"),
        "P8": _person("P8", "Mai Văn Mười", date(2020, 3, 1), b),
        "P9": _person("P9", "Lý Thị Mười Một", date(1985, 1, 1), b, "bank"),
        "P10": _person("P10", "Đinh Văn Mười Hai", date(1944, 1, 1), c),
        "P11": _person("P11", "Tạ Văn Mười Ba", date(1950, 1, 1), c),
        "P12": _person("P12", "Cao Thị Mười Bốn", date(1950, 1, 1), two, "bank"),
    }
    start = date(2024, 7, 1)
    g = {
        "P1": _grant(p["P1"], "5.5.a", "2.0", 1_000_000, start, recorded=old),
        "P2": _grant(p["P2"], "5.6", "2.0", 1_000_000, start, recorded=old, disability_level="severe"),
        "P3": _grant(p["P3"], "5.1.b", "1.5", 750_000, start, recorded=old),
        "P4": _grant(p["P4"], "5.6", "2.0", 1_000_000, start, recorded=old, disability_level="especially_severe"),
        "P5": _grant(p["P5"], "5.5.a", "2.0", 1_000_000, start, recorded=old),
        "P7": _grant(p["P7"], "5.5.a", "1.5", 750_000, start, recorded=old),
        "P8": _grant(p["P8"], "5.1.b", "1.5", 750_000, start, recorded=old),
        "P9": _grant(p["P9"], "5.4", "2.0", 1_000_000, start, recorded=old, children_count=2),
        "P9b": _grant(p["P9"], "5.6", "1.5", 750_000, start, recorded=old, disability_level="severe"),
        "P10": _grant(p["P10"], "5.5.a", "2.0", 1_000_000, start, recorded=old),
        "P11": _grant(p["P11"], "5.5.a", "1.5", 750_000, JUNE, recorded=date(2026, 7, 12)),
        "P12": _grant(p["P12"], "5.6", "2.5", 1_250_000, start, recorded=old, disability_level="especially_severe"),
    }
    g["P6"] = _grant(p["P6"], "20.3", "1.0", 500_000, start, recorded=old, subject=p["P4"])
    # P5 died 03/05/2026: paid through May, the ending recorded 20/05 (event month = the first unpaid month).
    _event(g["P5"], Kind.ENDED, JUNE, date(2026, 5, 20))
    # P8 suspended from 06/2026 (not collected for 3 months), recorded 25/05.
    _event(g["P8"], Kind.SUSPENDED, JUNE, date(2026, 5, 25))

    def regular(key, month, amount=None):
        return (g[key], Item.REGULAR, month, amount or g[key].amount)

    april = date(2026, 4, 1)
    rolls = {
        ("A", MAY): _roll(
            a,
            MAY,
            [(p[k], [regular(k, MAY)], "") for k in ("P1", "P2", "P3", "P4", "P5", "P6")],
        ),
        ("A", JUNE): _roll(
            a,
            JUNE,
            [
                (p["P1"], [regular("P1", JUNE), (g["P1"], Item.RECOVERY, april, -250_000)], ""),
                (p["P2"], [regular("P2", JUNE)], ""),
                (p["P3"], [regular("P3", JUNE), (g["P3"], Item.ARREARS, april, 750_000)], ""),
                (p["P4"], [regular("P4", JUNE)], ""),
                (p["P5"], [(g["P5"], Item.FUNERAL, JUNE, 20 * LEVEL)], "Đỗ Thị Hoa"),
                (p["P6"], [regular("P6", JUNE)], ""),
            ],
        ),
        ("A", JULY): _roll(a, JULY, [(p["P1"], [regular("P1", JULY)], "")]),
        ("B", april): _roll(b, april, [(p["P7"], [regular("P7", april)], "")], status="draft"),
        ("B", MAY): _roll(
            b,
            MAY,
            [
                (p["P7"], [regular("P7", MAY)], ""),
                (p["P8"], [regular("P8", MAY)], ""),
                (p["P9"], [regular("P9", MAY), regular("P9b", MAY)], ""),
            ],
        ),
        ("B", JUNE): _roll(
            b, JUNE, [(p["P7"], [regular("P7", JUNE)], ""), (p["P9"], [regular("P9", JUNE), regular("P9b", JUNE)], "")]
        ),
        ("C", MAY): _roll(c, MAY, [(p["P10"], [regular("P10", MAY)], "")]),
        ("C", JUNE): _roll(c, JUNE, [(p["P10"], [regular("P10", JUNE)], "")], approved=date(2026, 7, 12)),
        ("2a", MAY): _roll(two, MAY, [(p["P12"], [regular("P12", MAY)], "")]),
        ("2a", JUNE): _roll(two, JUNE, [(p["P12"], [regular("P12", JUNE)], "")]),
    }
    _minimal_emergency_and_residents(world)
    return ReportProvince(people=p, grants=g, rolls=rolls)


def _minimal_emergency_and_residents(world) -> None:
    officer = world.user("officer_a")
    incident = Incident.objects.create(
        name="Lũ tháng 5",
        kind=Incident.Kind.FLOOD,
        occurred_on=date(2026, 5, 10),
        unit=world.commune_a,
        province=world.province,
        created_by=officer,
    )
    Incident.objects.filter(pk=incident.pk).update(created_at=at(date(2026, 5, 10)))
    IncidentArea.objects.create(incident=incident, commune=world.commune_a)
    person = f.PersonFactory(full_name="Trịnh Văn Cơ", birth_date=date(1948, 2, 2), commune=world.commune_a)
    resident = Resident.objects.create(
        facility=world.facility,
        person=person,
        path=Resident.Path.REGULAR,
        care_group=CareGroup.ELDERLY,
        home_commune=world.commune_a,
        admitted_on=date(2026, 3, 1),
        created_by=officer,
    )
    Resident.objects.filter(pk=resident.pk).update(created_at=at(date(2026, 3, 1)))


def build_report(form: str, unit, *, period=PERIOD, as_of=AS_OF):
    """Build `form` for `unit` through its registered builder; return (workbook, result, progress steps)."""
    request = ReportRequest(form=form, unit=unit, period_start=period[0], period_end=period[1], as_of=as_of)
    out, steps = BytesIO(), []
    result = BUILDERS[form](out, request=request, progress=lambda percent, message="": steps.append((percent, message)))
    out.seek(0)
    return load_workbook(out), result, steps


def table(sheet) -> dict:
    """{row label: [values of the data columns]} of a report sheet (label in column B, data from column C), from
    the row after the column-number row to the totals row."""
    rows = {}
    started = False
    for row in sheet.iter_rows(values_only=True):
        if not started:
            started = row[0] == "A" and row[1] == "B"
            continue
        if row[1] is None:
            break
        rows[row[1]] = list(row[2:])
    return rows
