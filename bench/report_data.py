"""Synthetic province for the report benchmark: N people, their entitlements, a year of approved payment rolls,
a few incidents and facility residents, on the PostgreSQL database in DATABASE_URL.

    createdb -h 127.0.0.1 -U postgres ansinh_bench7
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench7 .venv/bin/python -m bench.report_data \
        --people 300000 [--reuse]

People and entitlements come from `load_demo_data --three-level-share 1.0` (all in Đồng Tháp, three levels),
as in bench/run.py. The rolls (07/2024–06/2025, the province's last three-level year) are written with one
set-based `INSERT … SELECT` per month and table — not through the roll generator, which would take hours for a
year — so their lines are plain: each active entitlement's stored amount, an arrears item for one person in fifty
in 09/2024, a funeral for one person in a thousand, care support (Art. 20.3) for one person in a hundred. 52% of
people are paid by bank account or e-wallet. `--reuse` keeps a database that already has the rolls.
Prints what it built as JSON.
"""

import argparse
import io
import json
import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")

FIRST_MONTH = date(2024, 7, 1)
MONTHS = 12
PROVINCE_CODE = "87"


def _months() -> list[date]:
    return [date(FIRST_MONTH.year + (FIRST_MONTH.month - 1 + i) // 12, (FIRST_MONTH.month - 1 + i) % 12 + 1, 1)
            for i in range(MONTHS)]  # fmt: skip


def _province():
    from locations.models import AdministrativeUnit, Structure

    return AdministrativeUnit.objects.get(structure=Structure.THREE_LEVEL, level="province", code=PROVINCE_CODE)


def _people(args, figures) -> None:
    from django.core.management import call_command

    from bench.run import _analyze
    from beneficiaries.models import Person

    call_command("migrate", verbosity=0)
    if Person.objects.count() >= args.people:
        return
    started = time.perf_counter()
    quiet = io.StringIO()
    call_command("load_admin_units", verbosity=0, stdout=quiet)
    call_command("load_demo_data", people=args.people, seed=args.seed, three_level_share=1.0, stdout=quiet)
    figures["load_people_s"] = round(time.perf_counter() - started, 1)
    _analyze()


def _sql(statement: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _payment_methods(province_id: int) -> None:
    """Directive 21: about half the people paid through an account (a fixed share by id, so reruns agree)."""
    _sql(
        """UPDATE beneficiaries_person SET
             payment_method = CASE WHEN id %% 100 < 40 THEN 'bank' WHEN id %% 100 < 52 THEN 'e_wallet' ELSE 'cash' END,
             account_number = CASE WHEN id %% 100 < 52 THEN lpad(id::text, 12, '0') ELSE '' END,
             bank_name = CASE WHEN id %% 100 < 40 THEN 'Agribank' WHEN id %% 100 < 52 THEN 'MoMo' ELSE '' END
           WHERE commune_id IN (SELECT id FROM locations_administrativeunit WHERE province_id = %s)""",
        [province_id],
    )


def _care_entitlements(province_id: int) -> int:
    """Art. 20.3 care support (coefficient 1.0) for one monthly beneficiary in a hundred, from 07/2024."""
    from beneficiaries.models import Entitlement
    from policy.models import Category

    care = Category.objects.get(code="20.3", province__isnull=True)
    if Entitlement.objects.filter(category=care, commune__province_id=province_id).exists():
        return 0
    added = _sql(
        """INSERT INTO beneficiaries_entitlement (person_id, subject_id, category_id, commune_id, decision_number,
             status, start_month, disability_level, studying, children_count, pregnant, young_children_birth_dates,
             coefficient, level, amount, basis, end_reason, created_at, updated_at)
           SELECT e.person_id, e.person_id, %s, e.commune_id, 'bench', 'active', %s, '', false, 0, false, '[]',
             1.0, 500000, 500000, 'Khoản 3 Điều 20: 1,0 × 500.000 ₫', '', now(), now()
           FROM beneficiaries_entitlement e JOIN locations_administrativeunit u ON u.id = e.commune_id
           WHERE u.province_id = %s AND e.person_id %% 100 = 7 AND e.status = 'active'""",
        [care.pk, FIRST_MONTH, province_id],
    )
    _sql(
        """INSERT INTO beneficiaries_entitlementevent (entitlement_id, kind, month, reason, note, arrears_months, at)
           SELECT id, 'granted', start_month, '', 'bench', '[]', now() - interval '3 years'
           FROM beneficiaries_entitlement WHERE category_id = %s AND decision_number = 'bench'""",
        [care.pk],
    )
    return added


def _events_in_the_past() -> None:
    """load_demo_data records its grants now; the bench year is in the past, so the grants must be too, or an
    as-of date in 2025 would see nobody."""
    _sql(
        "UPDATE beneficiaries_entitlementevent SET at = now() - interval '3 years' WHERE at > now() - interval '1 day'"
    )


ROLLS = """
INSERT INTO payments_paymentroll (commune_id, month, status, version, inputs_digest, generated_at, lines_count,
  monthly_total, care_total, arrears_total, recovery_total, funeral_total, total, previous_total, increase_total,
  decrease_total, account_lines, account_total, approved_at, return_reason)
SELECT DISTINCT e.commune_id, %(month)s::date, 'approved', 2, 'bench', %(approved)s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  %(approved)s, ''
FROM beneficiaries_entitlement e JOIN locations_administrativeunit u ON u.id = e.commune_id
WHERE u.province_id = %(province)s AND e.start_month <= %(month)s
  AND (e.end_month IS NULL OR e.end_month >= %(month)s)
"""

# One line per person and roll: the sum of their entitlements' items for the month (built below).
ITEMS = """
INSERT INTO payments_paymentitem (line_id, entitlement_id, decision_id, kind, month, amount)
SELECT l.id, e.id, NULL, 'regular', %(month)s::date, e.amount
FROM payments_paymentline l JOIN payments_paymentroll r ON r.id = l.roll_id
JOIN beneficiaries_entitlement e ON e.person_id = l.person_id AND e.start_month <= %(month)s
  AND (e.end_month IS NULL OR e.end_month >= %(month)s)
WHERE r.month = %(month)s
  AND r.commune_id IN (SELECT id FROM locations_administrativeunit WHERE province_id = %(province)s)
"""

LINES = """
INSERT INTO payments_paymentline (roll_id, row_no, person_id, categories, coefficient, level, monthly_amount,
  care_amount, arrears_amount, arrears_months, recovery_amount, recovery_months, funeral_amount, total, payee_name,
  payment_method, account_number, bank_name, basis, paid, paid_on, unpaid_reason)
SELECT r.id, row_number() OVER (PARTITION BY r.id ORDER BY p.id), p.id,
  coalesce(max(c.code) FILTER (WHERE c.kind = 'monthly'), ''),
  max(e.coefficient), max(e.level),
  coalesce(sum(e.amount) FILTER (WHERE c.kind = 'monthly'), 0),
  coalesce(sum(e.amount) FILTER (WHERE c.kind = 'care'), 0),
  0, '[]', 0, '[]', 0, sum(e.amount), '', p.payment_method, p.account_number, p.bank_name, '', true, NULL, ''
FROM beneficiaries_entitlement e JOIN beneficiaries_person p ON p.id = e.person_id
JOIN policy_category c ON c.id = e.category_id
JOIN payments_paymentroll r ON r.commune_id = e.commune_id AND r.month = %(month)s
JOIN locations_administrativeunit u ON u.id = e.commune_id
WHERE u.province_id = %(province)s AND e.start_month <= %(month)s
  AND (e.end_month IS NULL OR e.end_month >= %(month)s)
GROUP BY r.id, p.id
"""

EXTRAS = """
INSERT INTO payments_paymentitem (line_id, entitlement_id, decision_id, kind, month, amount)
SELECT l.id, i.entitlement_id, NULL, %(kind)s, %(item_month)s::date, %(amount)s
FROM payments_paymentline l JOIN payments_paymentroll r ON r.id = l.roll_id
JOIN payments_paymentitem i ON i.line_id = l.id AND i.kind = 'regular'
JOIN policy_category c ON c.code = l.categories AND c.province_id IS NULL
JOIN beneficiaries_entitlement e ON e.id = i.entitlement_id AND e.category_id = c.id
WHERE r.month = %(month)s AND l.person_id %% %(every)s = %(remainder)s
  AND r.commune_id IN (SELECT id FROM locations_administrativeunit WHERE province_id = %(province)s)
"""

LINE_TOTALS = """
UPDATE payments_paymentline l SET arrears_amount = x.arrears, funeral_amount = x.funeral,
  arrears_months = CASE WHEN x.arrears > 0 THEN '["2024-08"]'::jsonb ELSE '[]'::jsonb END,
  total = l.monthly_amount + l.care_amount + x.arrears + x.funeral
FROM (SELECT i.line_id, coalesce(sum(i.amount) FILTER (WHERE i.kind = 'arrears'), 0) AS arrears,
        coalesce(sum(i.amount) FILTER (WHERE i.kind = 'funeral'), 0) AS funeral
      FROM payments_paymentitem i JOIN payments_paymentline l ON l.id = i.line_id
      JOIN payments_paymentroll r ON r.id = l.roll_id
      WHERE r.month = %(month)s AND i.kind IN ('arrears', 'funeral') GROUP BY i.line_id) x
WHERE l.id = x.line_id
"""

ROLL_TOTALS = """
UPDATE payments_paymentroll r SET lines_count = x.n, monthly_total = x.monthly, care_total = x.care,
  arrears_total = x.arrears, funeral_total = x.funeral, total = x.total, account_lines = x.acc_n,
  account_total = x.acc_total
FROM (SELECT roll_id, count(*) AS n, sum(monthly_amount) AS monthly, sum(care_amount) AS care,
        sum(arrears_amount) AS arrears, sum(funeral_amount) AS funeral, sum(total) AS total,
        count(*) FILTER (WHERE payment_method IN ('bank', 'e_wallet')) AS acc_n,
        coalesce(sum(total) FILTER (WHERE payment_method IN ('bank', 'e_wallet')), 0) AS acc_total
      FROM payments_paymentline WHERE roll_id IN (SELECT id FROM payments_paymentroll WHERE month = %(month)s)
      GROUP BY roll_id) x
WHERE r.id = x.roll_id
"""


def _rolls(province_id: int, figures) -> None:
    from datetime import datetime, timedelta
    from datetime import time as clock

    from django.db import transaction
    from django.utils import timezone

    started = time.perf_counter()
    for index, month in enumerate(_months()):
        # Approved on the 20th of the month before, as the payment calendar has it (decree20.md §8).
        approved = timezone.make_aware(datetime.combine(month - timedelta(days=11), clock(9)))
        params = {"month": month, "province": province_id, "approved": approved}
        with transaction.atomic():
            _sql(ROLLS, params)
            _sql(LINES, params)
            _sql(ITEMS, params)
            if month == date(2024, 9, 1):  # arrears of August 2024 (the 07/2024 raise was late)
                _sql(EXTRAS, {**params, "kind": "arrears", "item_month": date(2024, 8, 1), "amount": 140_000,
                              "every": 50, "remainder": 3})  # fmt: skip
            # A funeral (Art. 11: 20 × 500.000 ₫) for a different thousandth of the people each month.
            _sql(EXTRAS, {**params, "kind": "funeral", "item_month": month, "amount": 10_000_000,
                          "every": 1000 * MONTHS, "remainder": 11 + 1000 * index})  # fmt: skip
            _sql(LINE_TOTALS, params)
            _sql(ROLL_TOTALS, params)
    figures["rolls_s"] = round(time.perf_counter() - started, 1)


def _incidents_and_residents(province) -> dict:
    """A few incidents with assessed households and a facility with residents, written with bulk_create."""
    from accounts.models import User
    from beneficiaries.models import Household, Person
    from emergency.models import AidLine, Assessment, Disbursement, Incident, IncidentArea
    from facilities.models import Facility, Resident

    if Incident.objects.filter(province=province, name__startswith="Bench").exists():
        return {}
    actor = User.objects.filter(is_superuser=False).order_by("id").first() or User.objects.create(username="bench")
    communes = list(province.__class__.objects.filter(province=province, level="commune").order_by("code")[:20])
    for number, commune in enumerate(communes[:5], 1):
        incident = Incident.objects.create(
            name=f"Bench lũ {number}", kind="flood", occurred_on=date(2024, 9, number), unit=commune,
            province=province, created_by=actor,
        )  # fmt: skip
        IncidentArea.objects.create(incident=incident, commune=commune)
        households = list(Household.objects.filter(commune=commune).order_by("id")[:200])
        assessments = Assessment.objects.bulk_create(
            Assessment(incident=incident, commune=commune, household=h, members=4, status="disbursed",
                       house_damage="serious" if h.pk % 10 == 0 else "none", food_short_members=4, food_months=1,
                       decided_on=date(2024, 9, 10), created_by=actor, decision_number=f"{number}/QĐ")
            for h in households
        )  # fmt: skip
        lines = AidLine.objects.bulk_create(
            AidLine(assessment=a, aid_type="rice_disaster", quantity=4, unit="người", rice_kg=60, basis="Điều 12")
            for a in assessments
        )
        Disbursement.objects.bulk_create(
            Disbursement(line=line, source="province", method="in_kind", rice_kg=60, paid_on=date(2024, 9, 15),
                         recipient_name="Chủ hộ", recorded_by=actor)
            for line in lines
        )  # fmt: skip
    facility = Facility.objects.create(
        name="Bench – Trung tâm bảo trợ", ownership="public", managing_level="province", unit=province, capacity=600
    )
    people = Person.objects.filter(commune__in=communes, entitlements__isnull=True).order_by("id")[:500]
    Resident.objects.bulk_create(
        Resident(facility=facility, person=p, path="regular", care_group="general", home_commune_id=p.commune_id,
                 admitted_on=date(2024, 8, 1), created_by=actor)
        for p in people
    )  # fmt: skip
    return {"incidents": 5, "residents": len(people)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--reuse", action="store_true", help="keep an existing dataset")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from bench.run import _analyze
    from payments.models import PaymentLine, PaymentRoll

    if connection.vendor != "postgresql":
        raise SystemExit("bench.report_data needs PostgreSQL (DATABASE_URL)")
    figures: dict = {"people_requested": args.people}
    _people(args, figures)
    province = _province()
    months = _months()
    if args.reuse and PaymentRoll.objects.filter(commune__province=province, month=months[-1]).exists():
        figures["reused_database"] = True
    else:
        started = time.perf_counter()
        _events_in_the_past()
        _payment_methods(province.pk)
        figures["care_entitlements"] = _care_entitlements(province.pk)
        _rolls(province.pk, figures)
        figures.update(_incidents_and_residents(province))
        _analyze()
        figures["build_s"] = round(time.perf_counter() - started, 1)
    rolls = PaymentRoll.objects.filter(commune__province=province, month__in=months)
    figures["rolls"] = rolls.count()
    figures["lines"] = PaymentLine.objects.filter(roll__in=rolls).count()
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
