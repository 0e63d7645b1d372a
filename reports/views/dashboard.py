"""Tổng quan số liệu: the dashboard of the user's unit (issue 7), drawn from the cached summary.

Thin: the figures come from `reports.dashboard` (scoped, cached by data version); this module only turns them
into rows with labels and the data the charts read. HIV categories (5.3, 5.8) are merged into one row for users
without the HIV permission (SPEC §2), so the totals still add up.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.jurisdiction import active_assignment
from dossiers.models import Dossier
from emergency.models import Incident
from facilities.models import CareGroup, Facility
from locations.models import Level, Structure
from payments.selectors import Cashless

from ..dashboard import dashboard_for_user
from ..dashboard.categories import CategoryRow
from ..dashboard.figures import Summary

HIV_PERMISSION = "beneficiaries.view_hiv_status"
CHART_BARS = 10  # the cashless chart shows the 10 highest and 10 lowest communes; the table lists every one

GROUP_LABELS = {
    "5.1": gettext_lazy("Trẻ em không có nguồn nuôi dưỡng (5.1)"),
    "5.2": gettext_lazy("Người 16–22 tuổi đang đi học (5.2)"),
    "5.3": gettext_lazy("Trẻ em nhiễm HIV thuộc hộ nghèo (5.3)"),
    "5.4": gettext_lazy("Người đơn thân nghèo nuôi con (5.4)"),
    "5.5": gettext_lazy("Người cao tuổi (5.5)"),
    "5.6": gettext_lazy("Người khuyết tật nặng, đặc biệt nặng (5.6)"),
    "5.7": gettext_lazy("Trẻ em dưới 3 tuổi vùng đặc biệt khó khăn (5.7)"),
    "5.8": gettext_lazy("Người nhiễm HIV thuộc hộ nghèo (5.8)"),
    "20": gettext_lazy("Hỗ trợ kinh phí chăm sóc, nuôi dưỡng (Điều 20)"),
    "local": gettext_lazy("Diện của địa phương (khoản 3 Điều 4)"),
    "hidden": gettext_lazy("Diện có thông tin bảo mật"),
}


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _group(row: CategoryRow, hidden: bool) -> str:
    if row.sensitive and hidden:
        return "hidden"
    if row.local:
        return "local"
    if row.kind == "care":
        return "20"
    return ".".join(row.code.split(".")[:2])  # 5.1.b → 5.1; 5.6 → 5.6


def _categories(summary: Summary, hidden: bool) -> tuple[list[dict], list[tuple[str, int]]]:
    rows: list[dict] = []
    secret = None
    groups: dict[str, int] = {}
    for row in summary.categories:
        key = _group(row, hidden)
        groups[key] = groups.get(key, 0) + row.people
        if key == "hidden":
            if secret is None:
                secret = {"code": "—", "name": GROUP_LABELS["hidden"], "people": 0}
                rows.append(secret)
            secret["people"] += row.people
            continue
        rows.append({"code": row.code, "name": row.name, "people": row.people})
    return rows, [(str(GROUP_LABELS.get(key, key)), n) for key, n in groups.items()]


@dataclass
class CashlessLine:
    name: str
    district: str
    has_roll: bool
    figures: Cashless


def _cashless(summary: Summary) -> tuple[list[CashlessLine], Cashless, list[CashlessLine]]:
    lines = [
        CashlessLine(r.name, r.district, r.has_roll, Cashless(r.people, r.account_people, r.total, r.account_total))
        for r in summary.cashless
    ]
    total = Cashless(*(sum(getattr(line.figures, name) for line in lines) for name in Cashless.__dataclass_fields__))
    # Highest share first; communes without an approved roll (no share) last, by name.
    lines.sort(key=lambda line: (line.figures.people_share is None, -(line.figures.people_share or 0), line.name))
    shared = [line for line in lines if line.figures.people_share is not None]
    charted = shared if len(shared) <= 2 * CHART_BARS else shared[:CHART_BARS] + shared[-CHART_BARS:]
    return lines, total, charted


def _charts(summary: Summary, groups, charted) -> dict:
    charts = {}
    if summary.categories:
        charts["categories"] = {"labels": [label for label, _n in groups], "values": [n for _label, n in groups]}
    if summary.months is not None:
        charts["spending"] = {
            "labels": [f"{row.month:%m/%Y}" for row in summary.months],
            "values": [row.total for row in summary.months],
            "label": _("Tổng chi trả (đồng)"),
        }
    if charted:
        charts["cashless"] = {
            "labels": [line.name for line in charted],
            "people": [float(line.figures.people_share) for line in charted],
            "money": [float(line.figures.amount_share or 0) for line in charted],
            "people_label": _("Tỷ lệ người nhận qua tài khoản (%)"),
            "money_label": _("Tỷ lệ số tiền qua tài khoản (%)"),
        }
    return charts


def _facilities(summary: Summary) -> dict:
    ownership = dict(Facility.Ownership.choices)
    capacity = sum(row.capacity for row in summary.facilities)
    residents = sum(row.residents for row in summary.facilities)
    labels = dict(CareGroup.choices)
    return {
        "facilities": [
            (row, ownership.get(row.ownership, ""), percent(row.residents, row.capacity)) for row in summary.facilities
        ],
        "occupancy": (residents, capacity, percent(residents, capacity)),
        "care_groups": [
            (labels[group], group_capacity, group_residents, percent(group_residents, group_capacity))
            for group, group_capacity, group_residents in summary.care_groups
            if group_capacity or group_residents
        ],
    }


@permission_required("reports.view_reportrequest", raise_exception=True)
def dashboard(request):
    assignment = active_assignment(request.user)
    if assignment is None:
        raise PermissionDenied
    summary = dashboard_for_user(request.user)
    context = {
        "s": summary,
        "assignment": assignment,
        "place": assignment.facility if summary.facility_view else assignment.unit,
        "show_district": assignment.unit.level == Level.PROVINCE and assignment.unit.structure == Structure.THREE_LEVEL,
    }
    groups, charted = [], []
    if summary.categories is not None:
        hidden = not request.user.has_perm(HIV_PERMISSION)
        context["categories"], groups = _categories(summary, hidden)
    if summary.cashless is not None:
        context["cashless"], context["cashless_total"], charted = _cashless(summary)
        context["cashless_charted"] = len(charted)
        # The chart leaves out the middle of a long list: say so (the table still lists every commune).
        shared = sum(1 for line in context["cashless"] if line.figures.people_share is not None)
        context["cashless_trimmed"] = CHART_BARS if len(charted) < shared else 0
    if summary.steps is not None:
        status = dict(Dossier.Status.choices)
        context["steps"] = [(row.status, status[row.status], row.open, row.overdue) for row in summary.steps]
        context["steps_open"] = sum(row.open for row in summary.steps)
        context["steps_overdue"] = sum(row.overdue for row in summary.steps)
    if summary.incidents_open is not None:
        kinds = dict(Incident.Kind.choices)
        context["incidents"] = [(row, kinds.get(row.kind, row.kind)) for row in summary.incidents]
    if summary.facilities is not None:
        context.update(_facilities(summary))
    if summary.months is not None:
        context["spending_total"] = sum(row.total for row in summary.months)
    context["charts"] = _charts(summary, groups, charted)
    return render(request, "reports/dashboard.html", context)
