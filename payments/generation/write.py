"""Writing a computed roll: its lines, their ledger items and the changes since last month, in the caller's
transaction. PostgreSQL gets COPY (a province's rolls are hundreds of thousands of rows a month; building model
instances and INSERT statements for them cost more than computing them); other databases get bulk_create."""

import io
import json
from datetime import date

from django.db import connection

from ..models import PaymentItem, PaymentLine, PaymentRoll, RollChange
from .compute import ComputedRoll

BATCH = 2_000


def roll_write(roll: PaymentRoll, computed: ComputedRoll, month: date) -> None:
    """Insert `computed`'s lines, items and changes for `roll` (whose old rows the caller has deleted)."""
    if connection.vendor == "postgresql":
        _copy_write(roll, computed, month)
    else:
        _bulk_write(roll, computed, month)


def _bulk_write(roll: PaymentRoll, computed: ComputedRoll, month: date) -> None:
    lines = [PaymentLine(roll=roll, **line.columns) for line in computed.lines]
    PaymentLine.objects.bulk_create(lines, batch_size=BATCH)
    PaymentItem.objects.bulk_create(
        (
            PaymentItem(line=stored, **item)
            for stored, line in zip(lines, computed.lines, strict=True)
            for item in line.items(month)
        ),
        batch_size=BATCH,
    )
    RollChange.objects.bulk_create((RollChange(roll=roll, **row) for row in computed.changes), batch_size=BATCH)


def roll_rows_delete(roll: PaymentRoll) -> None:
    """Delete the roll's items, lines and changes with three set-based statements (Django's delete() would load
    every line to cascade to its items; nothing else points at them)."""
    quote = connection.ops.quote_name
    line, item, change = PaymentLine._meta.db_table, PaymentItem._meta.db_table, RollChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(item)} WHERE line_id IN (SELECT id FROM {quote(line)} WHERE roll_id = %s)",  # noqa: S608 - table names from the models
            [roll.pk],
        )
        cursor.execute(f"DELETE FROM {quote(line)} WHERE roll_id = %s", [roll.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {quote(change)} WHERE roll_id = %s", [roll.pk])  # noqa: S608


def _copy_write(roll: PaymentRoll, computed: ComputedRoll, month: date) -> None:
    _copy(PaymentLine, ({"roll_id": roll.pk, **line.columns} for line in computed.lines))
    # The lines' ids, to hang the items on: one per person in a roll (a unique constraint).
    ids = dict(PaymentLine.objects.filter(roll=roll).values_list("person_id", "id"))
    _copy(
        PaymentItem,
        ({"line_id": ids[line.person.pk], **item} for line in computed.lines for item in line.items(month)),
    )
    _copy(RollChange, ({"roll_id": roll.pk, **row} for row in computed.changes))


# PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is list or kind is dict:  # a JSONField
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES) if value else str(value)
    if isinstance(value, str):  # a TextChoices member
        return str(value).translate(_ESCAPES)
    return str(value)  # Decimal, date


def _copy(model, rows) -> None:
    """COPY `rows` (dicts keyed by field attname; missing fields take the field's default) into `model`'s table."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    known = set(names)
    buffer = io.StringIO()
    write = buffer.write
    checked = False
    for row in rows:
        if not checked:
            if unknown := set(row) - known:
                raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
            checked = True
        write("\t".join([_text(row.get(name, default)) for name, default in zip(names, defaults, strict=True)]))
        write("\n")
    if not checked:
        return
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer)
