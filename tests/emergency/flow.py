"""Building blocks for the emergency tests: an incident in commune A, households, assessments through the services."""

from datetime import date

from beneficiaries.models import Household
from emergency import services
from emergency.models import Incident
from tests import factories as f

IN_2025 = date(2025, 10, 2)  # standard level 500.000 ₫


def incident(world, *, actor="officer_a", communes=None, kind=Incident.Kind.FLOOD, occurred_on=IN_2025, **extra):
    return services.incident_open(
        actor=world.user(actor),
        communes=communes or [world.commune_a],
        name=extra.pop("name", "Lũ quét tháng 10"),
        kind=kind,
        occurred_on=occurred_on,
        **extra,
    )


def household(commune, head="Nguyễn Văn An", poverty=Household.Poverty.NONE, members=0):
    row = f.HouseholdFactory(
        commune=commune, head_name=head, poverty_status=poverty, poverty_year=2024 if poverty != "none" else None
    )
    for i in range(members):
        f.PersonFactory(commune=commune, household=row, full_name=f"{head} con {i}")
    return row


def assess(world, event, home, *, actor="officer_a", **facts):
    return services.assessment_create(actor=world.user(actor), incident=event, household=home, **facts)


def hurt(world, assessment, name, harm, days=None, actor="officer_a", **extra):
    assessment.refresh_from_db()
    return services.assessment_person_add(
        actor=world.user(actor),
        assessment=assessment,
        version=assessment.version,
        full_name=name,
        harm=harm,
        treatment_days=days,
        **extra,
    )


def approved(world, assessment, *, number="15/QĐ-UBND"):
    """Proposed by officer A, reviewed by officer A's colleague is impossible in the test world (one officer per
    commune), so the incident is especially urgent or the district reviews after escalation; here: urgent."""
    assessment.refresh_from_db()
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment)
    services.assessment_decide(
        actor=world.user("leader_a"), assessment=assessment, approve=True, decision_number=number
    )
    assessment.refresh_from_db()
    return assessment
