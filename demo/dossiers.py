"""A few dossiers in flight, so each demo account finds work waiting: one submitted (the commune leader posts it),
one appraised (the district leader decides it) and, in the two-level province, one submitted (the commune leader
decides it). Written through the real services, so every step has its event, deadline and attachment.
Idempotent: nothing is added when the demo communes already hold dossiers.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import assignment_list_for_user
from beneficiaries.models import Person
from core.selectors import work_calendar
from dossiers import services as s
from dossiers.models import Dossier
from policy.models import Category

from .places import DemoPlaces

# A one-page PDF standing in for the scanned application form.
_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


def _as(username: str) -> User:
    user = User.objects.get(username=username)
    user.active_assignment = assignment_list_for_user(user)[0]
    return user


def _candidate(commune, skip: int) -> Person | None:
    """An adult of the commune who receives nothing yet: the demo dossiers ask for the disability allowance."""
    return (
        Person.objects.filter(commune=commune, entitlements__isnull=True, death_date__isnull=True)
        .order_by("pk")
        .select_related("household", "village", "commune")[skip : skip + 1]
        .first()
    )


def _open(officer: User, person: Person, received_on):
    dossier = s.dossier_open(
        actor=officer,
        person=person,
        kind=Dossier.Kind.MONTHLY,
        received_on=received_on,
        category=Category.objects.get(code="5.6", province=None),
        disability_level="especially_severe",
        disability_cert_date=received_on - timedelta(days=20),
        applicant_name=person.full_name,
        applicant_relation="Bản thân",
        note="Hồ sơ trình diễn",
    )
    s.dossier_attach(
        actor=officer,
        dossier=dossier,
        kind="application",
        uploaded_file=ContentFile(_PDF, name="to-khai-mau-1d.pdf"),
    )
    return dossier


@transaction.atomic
def dossiers_ensure(places: DemoPlaces) -> int:
    if Dossier.objects.filter(commune__in=[places.commune, places.commune_2cap]).exists():
        return 0
    today = timezone.localdate()
    calendar = work_calendar(province=places.province)
    created = 0
    officer, leader = _as("canbo.xa"), _as("lanhdao.xa")
    first, second = _candidate(places.commune, 0), _candidate(places.commune, 1)
    if first is not None:
        waiting = _open(officer, first, today)
        s.dossier_submit(actor=officer, dossier=waiting, today=today)
        created += 1
    if second is not None:
        # Received three weeks ago; posted, forwarded and appraised since, waiting for the district's decision.
        received = today - timedelta(days=21)
        appraised = _open(officer, second, received)
        s.dossier_submit(actor=officer, dossier=appraised, today=received)
        s.dossier_post(actor=leader, dossier=appraised, today=calendar.add(received, 1))
        s.dossier_forward(actor=officer, dossier=appraised, today=calendar.add(appraised.posted_until, 1))
        s.dossier_appraise(
            actor=_as("chuyenvien.huyen"),
            dossier=appraised,
            note="Đủ điều kiện theo khoản 6 Điều 5",
            today=calendar.add(appraised.posted_until, 2),
        )
        created += 1
    third = _candidate(places.commune_2cap, 0)
    if third is not None:
        officer_2cap = _as("canbo.xa.2cap")
        two_level = _open(officer_2cap, third, today)
        s.dossier_submit(actor=officer_2cap, dossier=two_level, today=today)
        created += 1
    return created
