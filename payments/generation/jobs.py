"""Many communes at once: a job with one Celery task per commune, and its progress."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from beneficiaries.models import Entitlement
from core.models import Job
from core.services import job_claim, job_create, job_fail, job_finish, job_progress
from dossiers.models import Decision, Dossier
from locations.models import AdministrativeUnit, Level
from policy.rules import add_months, first_of_month

from ..inputs import LOOKBACK_MONTHS, PAYING_KINDS
from ..models import PaymentRoll
from .checks import check_month

JOB_KIND = "payment_rolls"
Status = PaymentRoll.Status


def paying_communes(unit, month: date):
    """The communes inside `unit` (a province, district or commune) that have something to pay for `month`:
    entitlements paying in, or owing for, the look-back window, or an approved funeral decision."""
    month = first_of_month(month)
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    if unit.level == Level.PROVINCE:
        communes = communes.filter(province=unit)
    elif unit.level == Level.DISTRICT:
        communes = communes.filter(parent=unit)
    else:
        communes = communes.filter(pk=unit.pk)
    window_start = add_months(month, -LOOKBACK_MONTHS - 1)
    entitled = Entitlement.objects.filter(
        Q(end_month__isnull=True) | Q(end_month__gte=window_start),
        start_month__lte=month,
        category__kind__in=PAYING_KINDS,
    ).values("commune_id")
    funerals = Decision.objects.filter(
        outcome=Decision.Outcome.APPROVED, dossier__kind=Dossier.Kind.FUNERAL, payment_items__isnull=True
    ).values("dossier__commune_id")
    return communes.filter(Q(pk__in=entitled) | Q(pk__in=funerals)).order_by("code")


@transaction.atomic
def generation_start(*, unit, month: date, actor) -> Job:
    """Queue the generation of `month`'s roll for every paying commune inside `unit` (one Celery task each, sent
    after commit). Communes whose roll is already submitted or approved are left out (listed in the job)."""
    month = check_month(month)
    communes = list(paying_communes(unit, month).values_list("id", flat=True))
    locked = set(
        PaymentRoll.objects.filter(commune_id__in=communes, month=month)
        .exclude(status=Status.DRAFT)
        .values_list("commune_id", flat=True)
    )
    todo = [pk for pk in communes if pk not in locked]
    job = job_create(
        kind=JOB_KIND,
        title=f"Lập danh sách chi trả tháng {month:%m/%Y} – {unit.name}",
        actor=actor,
        unit=unit,
        params={"month": month.isoformat(), "communes": todo, "skipped": sorted(locked)},
    )
    if not todo:
        job_claim(job_id=job.pk)
        job_finish(job_id=job.pk, result={"communes": 0, "lines": 0, "total": 0, "skipped": len(locked)})
        job.refresh_from_db()
        return job
    month_iso = month.isoformat()

    def dispatch() -> None:
        from celery import group

        from ..tasks import roll_generate_task

        group(roll_generate_task.s(pk, month_iso, job.pk) for pk in todo).apply_async()

    # After commit, so the tasks find the job row; robust: a broker hiccup is logged, the job shows it queued.
    transaction.on_commit(dispatch, robust=True)
    return job


def roll_generate_for_job(*, commune_id: int, month: date, job_id: int | None = None) -> PaymentRoll | None:
    """One commune of a generation job: generate its roll, then advance the job (the last commune finishes it;
    a failing commune fails it, naming the commune). A roll submitted or approved since the job started is left
    as it is and counts as done."""
    from . import roll_generate  # the package's, so a test can replace what it calls

    commune = AdministrativeUnit.objects.select_related("province").get(pk=commune_id)
    job = Job.objects.select_related("created_by").filter(pk=job_id).first() if job_id else None
    if job is not None:
        job_claim(job_id=job.pk)  # the first commune moves the job to running; the others find it claimed
    roll = None
    try:
        if not PaymentRoll.objects.filter(commune=commune, month=month).exclude(status=Status.DRAFT).exists():
            roll = roll_generate(commune=commune, month=month, actor=job.created_by if job else None)
    except Exception as exc:
        if job is not None:
            detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            job_fail(job_id=job.pk, error=GenerationFailed(f"{commune.name}: {detail}"))
            Job.objects.filter(pk=job.pk).update(message=f"Lỗi khi lập danh sách của {commune.name}"[:255])
        raise
    if job is not None:
        _job_advance(job, month, last=commune.name)
    return roll


class GenerationFailed(Exception):
    """A commune's roll could not be generated; the message names the commune."""


def _job_advance(job: Job, month: date, *, last: str) -> None:
    communes = job.params.get("communes", [])
    done = PaymentRoll.objects.filter(commune_id__in=communes, month=month).filter(
        Q(generated_at__gte=job.created_at) | ~Q(status=Status.DRAFT)
    )
    count = done.count()
    total = len(communes) or 1
    job_progress(
        job_id=job.pk,
        percent=count * 100 // total,
        message=f"Đã lập {count}/{len(communes)} xã (vừa xong: {last})",
    )
    if count >= len(communes) and Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).exists():
        rows = list(done.values_list("lines_count", "total"))
        job_finish(
            job_id=job.pk,
            result={
                "communes": len(rows),
                "lines": sum(lines for lines, _ in rows),
                "total": sum(total for _, total in rows),
                "skipped": len(job.params.get("skipped", [])),
            },
        )


def generation_progress(job: Job) -> list[tuple[AdministrativeUnit, PaymentRoll | None]]:
    """Each commune of a generation job with its roll for the month (None until generated), by commune code."""
    month = date.fromisoformat(job.params["month"])
    ids = job.params.get("communes", []) + job.params.get("skipped", [])
    communes = AdministrativeUnit.objects.filter(pk__in=ids).select_related("parent").order_by("code")
    rolls = {roll.commune_id: roll for roll in PaymentRoll.objects.filter(commune_id__in=ids, month=month)}
    return [(commune, rolls.get(commune.pk)) for commune in communes]
