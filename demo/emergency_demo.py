"""Demo emergency aid for the demo province (issue 5). Idempotent: returns how many rows were new.

A flood in the demo commune, ten days ago, with five households at every step, written through the real services
(events, deadlines, compare-and-set): one fully handed out (house money from the commune budget and community
donations, rice in kind, the injured member in cash), one approved and partly paid by donations, one reviewed and
waiting for the commune chairman (`lanhdao.xa` finds it on the home page), one proposed and waiting for review
(`canbo.kiemnhiem` reviews: the maker cannot), and one draft. Runs once: an existing demo flood is left alone.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from beneficiaries.models import Household
from emergency import services
from emergency.models import Assessment, Disbursement, Incident

from .places import DemoPlaces

DEMO_NAME = "Lũ lụt do mưa lớn kéo dài (trình diễn)"


def _as(username: str, role: str) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    user.active_assignment = user.assignments.select_related("unit").filter(role=role).first()
    return user if user.active_assignment is not None else None


def _households(places: DemoPlaces) -> list[Household]:
    """Five households of the demo commune, poor ones first, in a stable order."""
    rows = Household.objects.filter(commune=places.commune).select_related("village")
    poor = list(rows.filter(poverty_status=Household.Poverty.POOR).order_by("pk")[:2])
    others = list(rows.exclude(pk__in=[h.pk for h in poor]).order_by("pk")[: 5 - len(poor)])
    return poor + others


@transaction.atomic
def emergency_demo_ensure(places: DemoPlaces) -> int:
    if Incident.objects.filter(unit=places.commune, name=DEMO_NAME).exists():
        return 0
    officer = _as("canbo.xa", Role.COMMUNE_OFFICER)
    reviewer = _as("canbo.kiemnhiem", Role.COMMUNE_OFFICER)
    leader = _as("lanhdao.xa", Role.COMMUNE_LEADER)
    homes = _households(places)
    if None in (officer, reviewer, leader) or len(homes) < 5:
        return 0
    today = timezone.localdate()
    villages = ", ".join(sorted({h.village.name for h in homes if h.village_id})[:3])
    incident = services.incident_open(
        actor=officer,
        communes=[places.commune],
        villages=villages,
        name=DEMO_NAME,
        kind=Incident.Kind.FLOOD,
        occurred_on=today - timedelta(days=10),
        description="Mưa lớn kéo dài làm ngập sâu các ấp ven sông; nhiều nhà bị sập, hư hỏng, hoa màu mất trắng.",
    )
    facts = [
        {
            "house_damage": "lost",
            "food_short_members": 4,
            "food_months": 3,
            "lost_goods": True,
            "lost_goods_note": "Chăn màn, nồi niêu, nước uống",
            "members": 4,
        },
        {"house_damage": "serious", "hardship": True, "members": 3, "food_short_members": 3, "food_months": 1},
        {"house_damage": "relocation", "members": 5},
        {"house_damage": "lost", "members": 2, "food_short_members": 2, "food_months": 2},
        {"lost_goods": True, "lost_goods_note": "Lều bạt, nước sạch", "members": 3},
    ]
    rows = 1
    assessments = []
    for home, fields in zip(homes, facts, strict=True):
        assessments.append(services.assessment_create(actor=officer, incident=incident, household=home, **fields))
        rows += 1
    first = assessments[0]
    services.assessment_person_add(
        actor=officer,
        assessment=first,
        version=first.version,
        full_name=f"{first.household.head_name} (con)",
        harm="injured",
        treatment_days=6,
    )
    for number, assessment in enumerate(assessments[:4], start=101):
        assessment.refresh_from_db()
        services.assessment_propose(actor=officer, assessment=assessment)
        if number <= 103:
            services.assessment_review(actor=reviewer, assessment=assessment)
        if number <= 102:
            services.assessment_decide(
                actor=leader, assessment=assessment, approve=True, decision_number=f"{number}/QĐ-UBND"
            )
    rows += _hand_out(officer, assessments[0], assessments[1], today)
    return rows


def _hand_out(officer, done: Assessment, part: Assessment, today) -> int:
    """Everything of the first household (two sources for the house), donations for part of the second."""
    paid = 0

    def pay(line, assessment, days_ago, **kwargs):
        nonlocal paid
        services.disbursement_record(
            actor=officer,
            line=line,
            paid_on=today - timedelta(days=days_ago),
            recipient_name=assessment.household.head_name,
            **kwargs,
        )
        paid += 1

    cash, transfer, in_kind = Disbursement.Method.CASH, Disbursement.Method.TRANSFER, Disbursement.Method.IN_KIND
    for line in done.lines.all():
        if line.aid_type == "house_lost":
            pay(line, done, 3, source="commune", method=cash, amount=line.amount - 10_000_000, recipient_signed=True)
            pay(line, done, 3, source="community", method=transfer, amount=10_000_000, reference="UNC 0412")
        elif line.rice_kg:
            pay(line, done, 3, source="province", method=in_kind, rice_kg=line.rice_kg)
        elif line.amount:
            pay(line, done, 3, source="commune", method=cash, amount=line.amount, recipient_signed=True)
        else:
            pay(
                line,
                done,
                3,
                source="community",
                method=in_kind,
                goods_description=line.goods_description or "Nhu yếu phẩm",
            )
    house = part.lines.filter(amount__gt=0).first()
    if house is not None:
        pay(house, part, 2, source="community", method=cash, amount=5_000_000, recipient_signed=True)
    return paid
