"""Report layouts as data (decree20.md §8: the official column layouts of forms 10a–10d are [U]).

One `Layout` per form or workbook sheet: its title lines, column groups (merged headers over their columns),
columns (a key the queries fill, the header text, the number kind) and what runs down the side (units, months or
categories). Aligning a column with the official annex edits a layout here and touches no query: a query returns
rows of `{key: value}` and the writer puts each key where the layout says.
"""

from dataclasses import dataclass, field


class Kind:
    """How a column's numbers are shown (see `writer.Styles`)."""

    COUNT = "count"  # people, households: 1.234
    MONEY = "money"  # whole đồng: 1.500.000
    PERCENT = "percent"  # a share computed by the writer from two other columns: 51,6%
    DECIMAL = "decimal"  # tonnes of rice: 1,25
    TEXT = "text"


class Side:
    """What each row of a table is."""

    UNITS = "units"  # districts and communes (three levels) or communes (two levels), with subtotals
    MONTHS = "months"
    CATEGORIES = "categories"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = Kind.COUNT
    width: float = 12
    # PERCENT columns: (numerator key, denominator key), computed on every row, totals included.
    ratio: tuple[str, str] | None = None


@dataclass(frozen=True)
class Group:
    """Columns under one merged header; a group without a header is a single column spanning both header rows."""

    header: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Layout:
    code: str  # the form code shown top right: "Mẫu số 10a"
    sheet: str  # the sheet's name (Excel: at most 31 characters)
    title: str  # the report's title, upper case as printed
    side: str  # Side.*
    side_header: str  # the header of the side column: "Đơn vị", "Tháng"…
    groups: tuple[Group, ...]
    subtitle: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)  # printed under the table (definitions, sources)
    totals: bool = True

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(column for group in self.groups for column in group.columns)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if column.kind != Kind.PERCENT)
