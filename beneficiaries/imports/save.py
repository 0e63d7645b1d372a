"""Write the valid rows of an import: new villages, households, people, entitlements and their audit trail.

Bulk writes in chunks of `BATCH` rows (a few queries per chunk, none per row); the caller holds the transaction,
so a failure anywhere saves nothing. `bulk_create` sends no signals, so auditlog would record nothing: each new
person's history entry (who, when, "Nhập từ tệp …") is written here, and each entitlement gets its `granted`
event with the actor and the file — the entitlement's own trail, as for one granted by a decision.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from beneficiaries.idcheck import id_mismatch
from beneficiaries.models import Entitlement, EntitlementEvent, Household, Person
from core.text import fold
from locations.models import Village
from policy.rules import group_of

from .validate import HIV_GROUPS, Row

BATCH = 1000


@dataclass
class Saved:
    created: int  # entitlements created
    unchanged: int  # rows whose entitlement was already there
    people: int  # people created


def _villages(rows: list[Row]) -> None:
    """Create the villages the file names that the commune does not have yet (villages are per-commune data)."""
    wanted: dict[tuple[int, str], Village] = {}
    for row in rows:
        name = row.values["village"]
        if row.village is None and name:
            wanted.setdefault((row.commune.pk, fold(name)), Village(commune=row.commune, name=name))
    if not wanted:
        return
    Village.objects.bulk_create(wanted.values(), ignore_conflicts=True)
    communes = {commune_id for commune_id, _ in wanted}
    found = {
        (village.commune_id, fold(village.name)): village for village in Village.objects.filter(commune__in=communes)
    }
    for row in rows:
        if row.village is None and row.values["village"]:
            row.village = found[(row.commune.pk, fold(row.values["village"]))]


def _log_entries(objects, labels, *, actor, note: str, batch_id: int, fields) -> list[LogEntry]:
    """What auditlog would have written for each created row (bulk_create sends no signals)."""
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0].__class__)
    entries = []
    for obj, label in zip(objects, labels, strict=True):
        changes = {name: ["None", str(value)] for name, value in fields(obj).items()}
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=label,
                action=LogEntry.Action.CREATE,
                changes=changes,
                changes_text=note,
                actor=actor,
                additional_data={"import_batch": batch_id, "note": note},
            )
        )
    return entries


def _person_fields(person: Person) -> dict:
    return {
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "id_number": person.id_number,
        "commune": person.commune_id,
        "village": person.village_id,
        "payment_method": person.payment_method,
    }


def _new_person(row: Row, *, actor, household) -> Person:
    values = row.values
    born = values["birth_date"]
    identity = values["id_number"]
    return Person(
        full_name=values["full_name"],
        name_folded=fold(values["full_name"]),
        birth_date=born.value,
        birth_year_only=born.year_only,
        sex=values["sex"],
        ethnicity=values["ethnicity"],
        id_number=identity.number,
        id_type=identity.id_type,
        id_flag=id_mismatch(identity.number, born.value, values["sex"])[:255],
        commune=row.commune,
        village=row.village,
        household=household,
        hiv_positive=group_of(row.category.code) in HIV_GROUPS,
        disability_level=values["disability_level"],
        studying=values["studying"],
        payment_method=values["payment_method"],
        account_number=values["account_number"],
        bank_name=values["bank_name"],
        created_by=actor,
    )


def save_rows(rows: list[Row], *, actor, batch_id: int, file_name: str) -> Saved:
    """Create what the valid `rows` describe; rows already in the database are counted, not written again."""
    note = f"Nhập từ tệp {file_name}"
    new_rows = [row for row in rows if not row.unchanged]
    _villages(new_rows)
    person_ids: dict[str, int] = {}  # ID number → person pk, for a person on several rows
    people_created = 0
    for start in range(0, len(new_rows), BATCH):
        chunk = new_rows[start : start + BATCH]
        # People: one per ID number not yet in the database; poor and near-poor get a one-person household.
        fresh: dict[str, Row] = {}
        for row in chunk:
            number = row.values["id_number"].number
            if row.person_id is None and number not in person_ids:
                fresh.setdefault(number, row)
        households = {
            number: Household(
                head_name=row.values["full_name"],
                commune=row.commune,
                village=row.village,
                poverty_status=row.values["poverty"],
            )
            for number, row in fresh.items()
            if row.values["poverty"] != Household.Poverty.NONE
        }
        Household.objects.bulk_create(households.values())
        people = [_new_person(row, actor=actor, household=households.get(number)) for number, row in fresh.items()]
        Person.objects.bulk_create(people)
        person_ids.update({person.id_number: person.pk for person in people})
        people_created += len(people)
        entitlements = [
            Entitlement(
                person_id=row.person_id or person_ids[row.values["id_number"].number],
                category=row.category,
                commune=row.commune,
                decision_number=row.values["decision_number"],
                decision_date=row.values["decision_date"],
                status=Entitlement.Status.ACTIVE,
                start_month=row.values["start_month"],
                disability_level=row.values["disability_level"],
                studying=row.values["studying"],
                children_count=row.values["children_count"],
                coefficient=row.coefficient,
                level=row.level,
                amount=row.amount,
                basis=row.basis[:300],
            )
            for row in chunk
        ]
        Entitlement.objects.bulk_create(entitlements)
        EntitlementEvent.objects.bulk_create(
            EntitlementEvent(
                entitlement=entitlement,
                kind=EntitlementEvent.Kind.GRANTED,
                month=entitlement.start_month,
                note=f"{note}; quyết định số {entitlement.decision_number}",
                actor=actor,
            )
            for entitlement in entitlements
        )
        LogEntry.objects.bulk_create(
            _log_entries(
                people,
                [person.full_name for person in people],
                actor=actor,
                note=note,
                batch_id=batch_id,
                fields=_person_fields,
            )
        )
    return Saved(created=len(new_rows), unchanged=len(rows) - len(new_rows), people=people_created)
