"""Who is on an allowance at the end of the period, as the events recorded by the closing date show
(`reports.asof`): an entitlement counts if its grant was recorded by the cutoff for a month up to the period's last
month, no ending recorded by the cutoff stops it by then, and no suspension recorded by the cutoff holds it then
(unless a resumption recorded by the cutoff lifted it)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from beneficiaries.models import Entitlement, EntitlementEvent

from . import Scope, group_key

Kind = EntitlementEvent.Kind


def active_entitlements(scope: Scope, *, kind: str = "monthly") -> QuerySet:
    """Entitlements of `kind` (policy.Kind) paid by the scope's communes and active at the period's end."""
    month = scope.last_month
    events = EntitlementEvent.objects.filter(entitlement=OuterRef("pk"), at__lt=scope.cutoff, month__lte=month)
    lifted = EntitlementEvent.objects.filter(
        entitlement=OuterRef("entitlement"),
        kind=Kind.RESUMED,
        at__lt=scope.cutoff,
        month__lte=month,
        month__gte=OuterRef("month"),
        id__gt=OuterRef("id"),
    )
    suspended = events.filter(kind=Kind.SUSPENDED).exclude(Exists(lifted))
    return (
        Entitlement.objects.filter(commune_id__in=scope.commune_ids, category__kind=kind)
        .filter(Exists(events.filter(kind=Kind.GRANTED)))
        .exclude(Exists(events.filter(kind=Kind.ENDED)))
        .exclude(Exists(suspended))
    )


def people_by_category(scope: Scope, *, kind: str = "monthly", prefix: str = "people") -> dict[int, dict]:
    """{commune: {people_5_1: n, …, people_total: n}}: people on an allowance at the period's end by Art. 5
    group (a person in two categories counts in both, once in the total)."""
    active = active_entitlements(scope, kind=kind)
    out: dict[int, dict] = {}
    per_category = active.values("commune_id", "category__code", "category__province_id").annotate(
        n=Count("person_id", distinct=True)
    )
    for row in per_category:
        key = f"{prefix}_{group_key(row['category__code'], row['category__province_id'] is not None)}"
        values = out.setdefault(row["commune_id"], {})
        values[key] = values.get(key, 0) + row["n"]
    for row in active.values("commune_id").annotate(n=Count("person_id", distinct=True)):
        out.setdefault(row["commune_id"], {})[f"{prefix}_total"] = row["n"]
    return out


def elderly(scope: Scope) -> dict[int, dict]:
    """10c: people 60+ (at the period's end) on the monthly allowance, by age band and 5.5 point."""
    born_60, born_80 = scope.born_by(60), scope.born_by(80)
    old = Q(person__birth_date__lte=born_60)

    def people(condition: Q) -> Count:
        return Count("person_id", distinct=True, filter=old & condition)

    rows = (
        active_entitlements(scope)
        .values("commune_id")
        .annotate(
            elderly_total=people(Q()),
            elderly_80=people(Q(person__birth_date__lte=born_80)),
            elderly_5_5_a=people(Q(category__code="5.5.a")),
            elderly_5_5_b=people(Q(category__code="5.5.b")),
            elderly_5_5_c=people(Q(category__code="5.5.c")),
            elderly_5_5_d=people(Q(category__code="5.5.d")),
            elderly_other=people(~Q(category__code__startswith="5.5.")),
        )
    )
    out = {}
    for row in rows:
        commune = row.pop("commune_id")
        row["elderly_60_79"] = row["elderly_total"] - row["elderly_80"]
        # Decree 20 Art. 9: everyone on the monthly allowance is given a health insurance card.
        row["health_insurance"] = row["elderly_total"]
        out[commune] = row
    return out


def disabled(scope: Scope) -> dict[int, dict]:
    """10d: people on the 5.6 allowance at the period's end by disability level and age group."""
    born_16, born_60 = scope.born_by(16), scope.born_by(60)
    ages = {
        "child": Q(person__birth_date__gt=born_16),
        "adult": Q(person__birth_date__lte=born_16, person__birth_date__gt=born_60),
        "elderly": Q(person__birth_date__lte=born_60),
    }
    counts = {"disabled_total": Count("person_id", distinct=True)}
    for level in ("especially_severe", "severe"):
        at_level = Q(disability_level=level)
        counts[f"{level}_total"] = Count("person_id", distinct=True, filter=at_level)
        for age, condition in ages.items():
            counts[f"{level}_{age}"] = Count("person_id", distinct=True, filter=at_level & condition)
    rows = active_entitlements(scope).filter(category__code="5.6").values("commune_id").annotate(**counts)
    out = {row.pop("commune_id"): row for row in rows}
    care = (
        active_entitlements(scope, kind="care")
        .filter(category__code__in=DISABILITY_CARE)
        .values("commune_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    for row in care:
        out.setdefault(row["commune_id"], {})["care_people"] = row["n"]
    return out


# Art. 20 clauses 2–4: care support tied to a disability.
DISABILITY_CARE = ("20.2", "20.3", "20.4")
