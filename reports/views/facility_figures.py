"""Live residents figures of the facilities a user may see (issue 6 «Reports»): residents by facility, care group,
age group and sex; admissions and discharges in a period; occupancy, with a chart and a link that requests the
residents report as an .xlsx.

Live means as of today: the same counting rules as the report (`reports.queries.residents`) with today as the
closing date. Facility staff see their facility only; the province every facility; others those in their unit.
A facility outside that set answers 404.
"""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.jurisdiction import active_assignment
from beneficiaries.forms import vn_date_field
from facilities.models import CareGroup, Facility, Resident
from reports.models import ReportForm
from reports.queries.residents import AGE_GROUPS, ResidentFigures, facilities_for_user, residents_figures


class PeriodForm(forms.Form):
    """The period (?tu=01/01/2026&den=30/06/2026) and, optionally, one facility (?co_so=<id>)."""

    tu = vn_date_field(gettext_lazy("Từ ngày"))
    den = vn_date_field(gettext_lazy("Đến ngày"))
    co_so = forms.ModelChoiceField(
        label=gettext_lazy("Cơ sở"),
        queryset=Facility.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả cơ sở"),
    )

    def __init__(self, data, *, facilities, today: date):
        super().__init__(data)
        self.fields["co_so"].queryset = facilities
        self.today = today

    def clean(self):
        data = super().clean()
        start, end = data.get("tu"), data.get("den")
        if start and end and start > end:
            self.add_error("den", _("Đến ngày: phải từ ngày %(day)s trở đi.") % {"day": f"{start:%d/%m/%Y}"})
        return data

    def period(self) -> tuple[date, date]:
        """The chosen period; by default the half-year so far (the reporting half-years of Circular 02)."""
        start = date(self.today.year, 1 if self.today.month <= 6 else 7, 1)
        if self.is_bound and self.is_valid():
            return self.cleaned_data["tu"] or start, self.cleaned_data["den"] or self.today
        return start, self.today


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}".replace(".", ",") + " %"


def _occupancy_rows(figures: ResidentFigures) -> list[dict]:
    return [
        {
            "label": label,
            "residents": figures.by_group[group],
            "capacity": figures.capacity_by_group[group],
            "occupancy": _percent(figures.occupancy_of(group)),
        }
        for group, label in CareGroup.choices
    ]


@permission_required("facilities.view_resident", raise_exception=True)
def facility_figures(request):
    today = timezone.localdate()
    facilities = facilities_for_user(request.user)
    data = request.GET if request.GET else None
    if data and data.get("co_so") and not facilities.filter(pk=_int_or_none(data["co_so"])).exists():
        # Another unit's (or a missing) facility: the same 404 as every out-of-scope fetch.
        raise Http404
    form = PeriodForm(data, facilities=facilities, today=today)
    start, end = form.period()
    chosen = form.cleaned_data.get("co_so") if form.is_bound and form.is_valid() else None
    if chosen is not None:
        facilities = facilities.filter(pk=chosen.pk)
    unit = active_assignment(request.user).unit
    report = residents_figures(unit=unit, period_start=start, period_end=end, as_of=today, facilities=facilities)
    lines = [
        {
            "line": line,
            "occupancy": _percent(line.figures.occupancy),
            "ages": [line.figures.by_age[key] for key, _label, _from in AGE_GROUPS],
        }
        for line in report.lines
    ]
    chart = {
        "labels": [line.label for line in report.facilities],
        "occupancy": [round((line.figures.occupancy or 0) * 100, 1) for line in report.facilities],
        "residents": [line.figures.residents for line in report.facilities],
        "capacity": [line.figures.capacity for line in report.facilities],
    }
    context = {
        "form": form,
        "period": (start, end),
        "today": today,
        "unit": unit,
        "report": report,
        "lines": lines,
        "single_facility": len(report.facilities) == 1,
        "age_labels": [label for _key, label, _from in AGE_GROUPS],
        "groups": CareGroup.choices,
        "paths": [(key, label, report.total.admissions[key]) for key, label in Resident.Path.choices],
        "reasons": [(key, label, report.total.discharges[key]) for key, label in Resident.DischargeReason.choices],
        "occupancy_rows": _occupancy_rows(report.total),
        "total_occupancy": _percent(report.total.occupancy),
        "chart": chart,
        # The request form preselects the report by `?mau=`; its unit defaults to the user's own.
        "request_query": urlencode({"mau": ReportForm.RESIDENTS}),
    }
    return render(request, "reports/facility_figures.html", context)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
