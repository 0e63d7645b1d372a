"""Recording a person's life events (báo tử, tạm dừng, tiếp tục hưởng, thôi hưởng, đổi mức khuyết tật, chuyển
địa bàn, đủ 16/22 tuổi) and the commune's monthly watch list of automatic changes.

Thin views: the person comes through the scoped selector (out of scope → 404, nothing recorded), the input
shape is checked by a small form, and one service call in beneficiaries.services.life_events does the rest.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.jurisdiction import units_visible_to
from core.templatetags.vn_format import format_vnd
from locations.models import Level
from payments.uncollected import uncollected_for_commune
from policy.rules import add_months, first_of_month, group_of

from .. import watchlist as wl
from ..life_event_forms import (
    DeathForm,
    DisabilityForm,
    MissingForm,
    MonthField,
    RelocateForm,
    ResumeForm,
    SuspendForm,
    TerminateForm,
    Turn16Form,
    Turn22Form,
    VillageForm,
)
from ..models import Entitlement, SuspendReason
from ..selectors import person_get_for_user, watchlist_for_commune
from ..services import life_events as services
from ..services.entitlements import ConcurrentChange
from ..services.life_events.ending import facility_hold

OPEN = (Entitlement.Status.ACTIVE, Entitlement.Status.SUSPENDED)


@dataclass(frozen=True)
class EventKind:
    slug: str
    title: str
    icon: str
    description: str
    form: type[forms.Form]
    submit: str
    needs_entitlement: str = ""  # "5.1" / "5.2": recorded for one entitlement of that group


KINDS = {
    kind.slug: kind
    for kind in [
        EventKind(
            "death",
            gettext_lazy("Báo tử"),
            "flower1",
            gettext_lazy("Thôi hưởng từ tháng sau tháng mất; lập hồ sơ hỗ trợ mai táng cho người tổ chức mai táng."),
            DeathForm,
            gettext_lazy("Ghi nhận báo tử"),
        ),
        EventKind(
            "missing",
            gettext_lazy("Tuyên bố mất tích"),
            "question-circle",
            gettext_lazy("Thôi hưởng từ tháng sau tháng có quyết định tuyên bố mất tích."),
            MissingForm,
            gettext_lazy("Ghi nhận mất tích"),
        ),
        EventKind(
            "suspend",
            gettext_lazy("Tạm dừng trợ cấp"),
            "pause-circle",
            gettext_lazy("Không nhận 3 tháng liên tục, không chấp hành rà soát, bị tạm giam từ 1 tháng."),
            SuspendForm,
            gettext_lazy("Tạm dừng"),
        ),
        EventKind(
            "resume",
            gettext_lazy("Tiếp tục hưởng"),
            "play-circle",
            gettext_lazy("Chi trả lại sau tạm dừng, có hoặc không truy lĩnh các tháng tạm dừng."),
            ResumeForm,
            gettext_lazy("Tiếp tục hưởng"),
        ),
        EventKind(
            "terminate",
            gettext_lazy("Thôi hưởng"),
            "x-circle",
            gettext_lazy(
                "Không còn đủ điều kiện, chấp hành án phạt tù, từ chối nhận, sau 3 tháng không chấp hành rà soát."
            ),
            TerminateForm,
            gettext_lazy("Thôi hưởng"),
        ),
        EventKind(
            "disability",
            gettext_lazy("Thay đổi mức độ khuyết tật"),
            "universal-access",
            gettext_lazy("Giấy xác nhận khuyết tật mới: điều chỉnh hệ số diện 5.6 từ tháng cấp giấy."),
            DisabilityForm,
            gettext_lazy("Ghi nhận mức độ mới"),
        ),
        EventKind(
            "relocate",
            gettext_lazy("Chuyển nơi cư trú"),
            "truck",
            gettext_lazy("Chuyển sang xã khác: xã cũ chi trả hết tháng chuyển đi, xã mới chi trả từ tháng sau."),
            RelocateForm,
            gettext_lazy("Ghi nhận chuyển đi"),
        ),
        EventKind(
            "turn_16",
            gettext_lazy("Đủ 16 tuổi (diện 5.1)"),
            "mortarboard",
            gettext_lazy("Đang đi học: chuyển diện 5.2; không đi học: thôi hưởng."),
            Turn16Form,
            gettext_lazy("Ghi nhận"),
            needs_entitlement="5.1",
        ),
        EventKind(
            "turn_22",
            gettext_lazy("Đủ 22 tuổi (diện 5.2)"),
            "calendar-x",
            gettext_lazy("Thôi hưởng diện 5.2 sau tháng đủ 22 tuổi."),
            Turn22Form,
            gettext_lazy("Thôi hưởng"),
            needs_entitlement="5.2",
        ),
    ]
}


def _available(kind: EventKind, person, open_rows: list[Entitlement], hold: str = "") -> bool:
    if person.is_dead:
        return False
    statuses = {row.status for row in open_rows}
    if kind.slug == "suspend":
        return Entitlement.Status.ACTIVE in statuses
    if kind.slug == "resume":
        # Held by a stay in a public facility: only the discharge resumes it (the page says why).
        return Entitlement.Status.SUSPENDED in statuses and not hold
    if kind.slug == "terminate":
        return bool(open_rows)
    if kind.needs_entitlement:
        return any(group_of(row.category.code) == kind.needs_entitlement for row in open_rows)
    return True


def _record(kind: str, *, actor, person, data: dict, entitlement):
    """One service call per kind; returns the LifeEvent."""
    if kind == "death":
        return services.life_event_record_death(actor=actor, person=person, **data)
    if kind == "missing":
        return services.life_event_record_missing(actor=actor, person=person, **data)
    if kind == "suspend":
        return services.life_event_suspend(actor=actor, person=person, **data)
    if kind == "resume":
        return services.life_event_resume(actor=actor, person=person, **data)
    if kind == "terminate":
        return services.life_event_terminate(actor=actor, person=person, **data)
    if kind == "disability":
        return services.life_event_change_disability(actor=actor, person=person, **data)
    if kind == "relocate":
        return services.life_event_relocate(actor=actor, person=person, **data)
    if kind == "turn_16":
        return services.life_event_turn_16(actor=actor, entitlement=entitlement, **data)
    return services.life_event_turn_22(actor=actor, entitlement=entitlement, **data)


def _month_text(value: str | None) -> str:
    return f"{value[5:7]}/{value[:4]}" if value else ""


def _success_message(kind: str, event, person) -> str:
    data = event.data
    if kind == "death":
        text = _("Đã ghi nhận báo tử. Trợ cấp được chi đến hết tháng %(month)s.") % {
            "month": _month_text(data["last_paid_month"])
        }
        if data.get("funeral_dossier"):
            text += " " + _("Đã lập hồ sơ hỗ trợ mai táng (đang lập), số tiền đề nghị %(amount)s.") % {
                "amount": format_vnd(data["funeral_amount"])
            }
        return text
    if kind == "relocate":
        return _(
            "Đã ghi nhận %(name)s chuyển đến %(to)s. %(from)s chi trả đến hết tháng %(last)s; %(to)s chi trả từ tháng "
            "%(first)s."
        ) % {
            "name": person.full_name,
            "to": event.to_commune.name,
            "from": event.from_commune.name,
            "last": _month_text(data["last_month_old_commune"]),
            "first": _month_text(data["first_month_new_commune"]),
        }
    if kind == "resume":
        if data.get("arrears_months"):
            return _("Đã ghi nhận tiếp tục hưởng từ tháng %(month)s; truy lĩnh các tháng %(months)s.") % {
                "month": _month_text(data["from_month"]),
                "months": ", ".join(_month_text(m) for m in data["arrears_months"]),
            }
        return _("Đã ghi nhận tiếp tục hưởng từ tháng %(month)s, không truy lĩnh.") % {
            "month": _month_text(data["from_month"])
        }
    if kind == "suspend":
        return _("Đã tạm dừng trợ cấp từ tháng %(month)s.") % {"month": _month_text(data["from_month"])}
    if kind in ("missing", "terminate", "turn_22"):
        return _("Đã ghi nhận thôi hưởng; trợ cấp được chi đến hết tháng %(month)s.") % {
            "month": _month_text(data["last_paid_month"])
        }
    if kind == "disability":
        return _("Đã ghi nhận mức độ khuyết tật mới; chế độ được điều chỉnh từ tháng %(month)s.") % {
            "month": _month_text(data["month"])
        }
    if kind == "turn_16":
        last = data["last_month_5_1"]
        if data["studying"]:
            first = add_months(date(int(last[:4]), int(last[5:7]), 1), 1)
            return _("Đã chuyển sang diện 5.2 từ tháng %(month)s.") % {"month": f"{first:%m/%Y}"}
        return _("Đã ghi nhận thôi hưởng diện 5.1; trợ cấp được chi đến hết tháng %(month)s.") % {
            "month": _month_text(last)
        }
    return _("Đã ghi nhận: %(event)s.") % {"event": event.get_kind_display()}


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


def _initial(request, kind: str) -> dict:
    keys = {
        "terminate": ("entitlement", "reason", "from_month"),
        "turn_16": ("studying",),
        "suspend": ("reason", "from_month"),
    }.get(kind, ())
    return {key: request.GET[key] for key in keys if key in request.GET}


@permission_required("beneficiaries.add_lifeevent", raise_exception=True)
def life_event_create(request, pk):
    person = person_get_for_user(request.user, pk)
    # Entitlements are reached through the person, who was fetched inside the user's scope.
    open_rows = list(person.entitlements.filter(status__in=OPEN).select_related("category").order_by("start_month"))
    kind = KINDS.get(request.GET.get("loai", ""))
    suspended = [row for row in open_rows if row.status == Entitlement.Status.SUSPENDED]
    hold = facility_hold(person, suspended) if suspended and not person.is_dead else ""
    if kind is None:
        choices = [
            (k, _available(k, person, open_rows, hold), hold if k.slug == "resume" else "") for k in KINDS.values()
        ]
        return render(
            request,
            "beneficiaries/life_event_choose.html",
            {"person": person, "open_rows": open_rows, "choices": choices},
        )
    entitlement = None
    if kind.needs_entitlement:
        candidates = [row for row in open_rows if group_of(row.category.code) == kind.needs_entitlement]
        wanted = request.POST.get("entitlement") or request.GET.get("entitlement")
        entitlement = next((row for row in candidates if str(row.pk) == str(wanted)), None)
        if entitlement is None and len(candidates) == 1:
            entitlement = candidates[0]
        if entitlement is None:
            raise Http404
    extra = {"person": person} if kind.form in (TerminateForm, RelocateForm) else {}
    if request.method == "POST":
        form = kind.form(request.POST, **extra)
        if form.is_valid():
            try:
                event = _record(
                    kind.slug, actor=request.user, person=person, data=form.cleaned_data, entitlement=entitlement
                )
            except ValidationError as exc:
                _show_errors(form, exc)
            except ConcurrentChange as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _success_message(kind.slug, event, person))
                target = _safe_next(request)
                if target:
                    return redirect(target)
                if kind.slug == "relocate":
                    # The person now belongs to the new commune: the old commune's officer no longer sees them.
                    return redirect("beneficiaries:person_list")
                return redirect("beneficiaries:person_detail", pk=person.pk)
    else:
        form = kind.form(initial=_initial(request, kind.slug), **extra)
    return render(
        request,
        "beneficiaries/life_event_form.html",
        {
            "person": person,
            "kind": kind,
            "form": form,
            "open_rows": open_rows,
            "entitlement": entitlement,
            "hold": hold if kind.slug == "resume" else "",
            "next": _safe_next(request) or "",
        },
    )


def _show_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@permission_required("beneficiaries.add_lifeevent", raise_exception=True)
def life_event_villages(request):
    """htmx: the village list of the commune chosen on the relocation form (names only; no personal data)."""
    commune = request.GET.get("to_commune", "")
    form = VillageForm(commune_id=int(commune) if commune.isdigit() else None)
    return HttpResponse(str(form["to_village"]))


# --- The watch list -----------------------------------------------------------------------------------------


class WatchlistForm(forms.Form):
    commune = forms.ModelChoiceField(label=gettext_lazy("Xã, phường, thị trấn"), queryset=None)
    month = MonthField(label=gettext_lazy("Tháng"))

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["commune"].empty_label = gettext_lazy("— Chọn xã —")


def _coef(value: Decimal | None) -> str:
    return format(value.normalize(), "f").replace(".", ",") if value is not None else "—"


def _watch_actions(row, next_url: str) -> list[tuple[str, str, str]]:
    entitlement, change = row.entitlement, row.change
    base = reverse("beneficiaries:life_event_create", kwargs={"pk": entitlement.person_id})

    def link(**params) -> str:
        return f"{base}?{urlencode({**params, 'next': next_url})}"

    group = group_of(entitlement.category.code)
    if change.kind == wl.TURNS_16 and group == "5.1":
        return [
            (_("Chuyển diện 5.2"), link(loai="turn_16", entitlement=entitlement.pk, studying="yes"), "primary"),
            (_("Thôi hưởng"), link(loai="turn_16", entitlement=entitlement.pk, studying="no"), "outline-danger"),
        ]
    if change.kind == wl.TURNS_22 and group == "5.2":
        return [(_("Thôi hưởng"), link(loai="turn_22", entitlement=entitlement.pk), "outline-danger")]
    if change.action == wl.ACTION_END:
        return [
            (
                _("Thôi hưởng"),
                link(
                    loai="terminate",
                    entitlement=entitlement.pk,
                    reason=change.end_reason,
                    from_month=f"{change.month:%m/%Y}",
                ),
                "outline-danger",
            )
        ]
    return []


@permission_required("beneficiaries.view_entitlement", raise_exception=True)
def watchlist(request):
    communes = units_visible_to(request.user).filter(level=Level.COMMUNE).order_by("name")
    next_month = add_months(first_of_month(timezone.localdate()), 1)
    data = request.GET.copy()
    if "month" not in data:
        data["month"] = f"{next_month:%m/%Y}"
    if "commune" not in data and communes.count() == 1:
        data["commune"] = str(communes.first().pk)
    form = WatchlistForm(data, communes=communes)
    rows, commune, month = None, None, None
    if "commune" in data and form.is_valid():
        commune, month = form.cleaned_data["commune"], form.cleaned_data["month"]
        rows = watchlist_for_commune(request.user, commune, month)
        next_url = request.get_full_path()
        for row in rows:
            row.coef_old = _coef(row.change.old.coefficient if row.change.old else None)
            row.coef_new = _coef(row.change.new.coefficient if row.change.new else None)
            row.actions = _watch_actions(row, next_url) if request.user.has_perm("beneficiaries.add_lifeevent") else []
    counts = {}
    for row in rows or []:
        counts[row.change.label] = counts.get(row.change.label, 0) + 1
    # Not collected for 3 consecutive months (payments.uncollected): a suspension proposal, Circular 02 Art. 2.3.a.
    uncollected = uncollected_for_commune(request.user, commune, month) if rows is not None else []
    if request.user.has_perm("beneficiaries.add_lifeevent"):
        base_next = request.get_full_path()
        for proposal in uncollected:
            params = {"loai": "suspend", "reason": SuspendReason.UNCOLLECTED, "from_month": f"{month:%m/%Y}"}
            proposal.url = reverse("beneficiaries:life_event_create", kwargs={"pk": proposal.person.pk})
            proposal.url += "?" + urlencode({**params, "next": base_next})
    return render(
        request,
        "beneficiaries/watchlist.html",
        {
            "form": form,
            "rows": rows,
            "commune": commune,
            "month": month,
            "previous_month": add_months(month, -1) if month else None,
            "counts": counts,
            "uncollected": uncollected,
            "single_commune": communes.count() == 1,
        },
    )
