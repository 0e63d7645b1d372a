"""Temporary protection pages (Art. 18.2): the list with the «sắp hết hạn» reminders first, opening a stay for a
person picked from the registry, the stay's page, and its three changes (extend, move to another host, end).

Thin: every stay and person is fetched through a scoped selector (outside the user's unit: 404) and every write is
one service call whose ValidationError comes back on the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.selectors import person_get_for_user, person_list_for_user
from core.pagination import CappedPaginator
from core.text import fold
from policy.selectors import rate_tables

from .. import protection as rules
from ..models import Protection
from ..protection_forms import ProtectionEndForm, ProtectionExtendForm, ProtectionMoveForm, ProtectionOpenForm
from ..protection_selectors import (
    protection_costs,
    protection_counts_for_user,
    protection_earlier_stays,
    protection_first_day,
    protection_get_for_user,
    protection_later_stay,
    protection_list_for_user,
)
from ..services import protection as services

VIEW = "emergency.view_protection"
ADD = "emergency.add_protection"
CHANGE = "emergency.change_protection"
PAGE_SIZE = 50


def _state_labels() -> dict[str, str]:
    # Built per request: the labels follow the user's language, and the order is the list's order.
    return {
        rules.OVERDUE: _("Quá hạn"),
        rules.ENDING_SOON: _("Sắp hết hạn"),
        rules.ACTIVE: _("Đang chăm sóc"),
        rules.ENDED: _("Đã kết thúc"),
    }


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _with_state(stay: Protection, today):
    stay.state = rules.status_on(planned_end=stay.planned_end_on, ended_on=stay.ended_on, today=today)
    stay.state_label = _state_labels()[stay.state]
    stay.days_left = (stay.planned_end_on - today).days
    stay.days_over = -stay.days_left
    return stay


@permission_required(VIEW, raise_exception=True)
def protection_list(request):
    today = timezone.localdate()
    state = request.GET.get("trang-thai", "")
    rows = protection_list_for_user(request.user, today=today, state=state)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    for stay in page.object_list:
        _with_state(stay, today)
    counts = protection_counts_for_user(request.user, today=today)
    tabs = [(key, label, counts[key]) for key, label in _state_labels().items()]
    return render(
        request,
        "emergency/protection_list.html",
        {
            "page": page,
            "state": state,
            "tabs": tabs,
            "total": sum(counts.values()),
            "reminder_days": rules.REMINDER_DAYS,
            "can_add": request.user.has_perm(ADD),
        },
    )


def _picker(request):
    query = request.GET.get("q", "").strip()
    people = person_list_for_user(request.user).filter(death_date__isnull=True).order_by("name_folded", "pk")
    if query.isdigit():
        people = people.filter(id_number__startswith=query)
    elif query:
        people = people.filter(name_folded__contains=fold(query))
    return render(request, "emergency/protection_picker.html", {"query": query, "people": people[:30]})


def _initial_dates(person, today) -> dict:
    """Today, and the last day the cap in force allows (3 months: the same date three months later)."""
    cap = rate_tables(person.commune.province).fixed_for(rules.MAX_MONTHS_RULE, today)
    months = cap.amount if cap else 3
    return {"started_on": today, "planned_end_on": rules.last_allowed_day(today, months)}


@permission_required(ADD, raise_exception=True)
def protection_create(request):
    if not request.GET.get("person"):
        return _picker(request)
    try:
        person = person_get_for_user(request.user, int(request.GET["person"]))
    except ValueError as exc:
        raise Http404 from exc
    today = timezone.localdate()
    form = ProtectionOpenForm(request.POST or None, commune=person.commune, initial=_initial_dates(person, today))
    if request.method == "POST" and form.is_valid():
        try:
            stay = services.protection_open(person=person, actor=request.user, today=today, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận chăm sóc khẩn cấp tạm thời."))
            return redirect("emergency:protection_detail", pk=stay.pk)
    return _form_page(request, form, person=person, title=_("Chăm sóc khẩn cấp tạm thời tại cộng đồng"))


def _form_page(request, form, *, person, title, stay=None, submit=None):
    return render(
        request,
        "emergency/protection_form.html",
        {"form": form, "person": person, "stay": stay, "title": title, "submit": submit or _("Lưu")},
    )


@permission_required(VIEW, raise_exception=True)
def protection_detail(request, pk):
    today = timezone.localdate()
    stay = _with_state(protection_get_for_user(request.user, pk), today)
    earlier = protection_earlier_stays(stay)
    first_day = earlier[0].started_on if earlier else stay.started_on
    max_months = rate_tables(stay.commune.province).fixed_for(rules.MAX_MONTHS_RULE, first_day)
    months = max_months.amount if max_months else 3
    stays = [*earlier, stay]
    for row in stays:
        row.costs = protection_costs(row, today=today)
    return render(
        request,
        "emergency/protection_detail.html",
        {
            "stay": stay,
            "earlier": earlier,
            "later": protection_later_stay(stay),
            "costs": stay.costs,
            "chain_total": sum(row.costs.total for row in stays),
            "first_day": first_day,
            "cap": rules.last_allowed_day(first_day, months),
            "max_months": months,
            "reminder_on": rules.reminder_due(stay.planned_end_on),
            "can_change": request.user.has_perm(CHANGE) and stay.ended_on is None,
        },
    )


def _change_view(request, pk, *, form_class, title, submit, call, form_kwargs=None, initial=None):
    """One change of an open stay: GET shows the form, POST calls the service and goes back to the stay."""
    stay = protection_get_for_user(request.user, pk)
    if stay.ended_on is not None:
        messages.error(request, _("Lượt chăm sóc này đã kết thúc."))
        return redirect("emergency:protection_detail", pk=stay.pk)
    kwargs = {"commune": stay.commune} if form_kwargs == "commune" else {}
    form = form_class(request.POST or None, initial=initial(stay) if initial else None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            result = call(stay, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("emergency:protection_detail", pk=result.pk)
    return _form_page(request, form, person=stay.person, title=title, stay=stay, submit=submit)


@permission_required(CHANGE, raise_exception=True)
def protection_extend(request, pk):
    def call(stay, data):
        result = services.protection_extend(protection=stay, actor=request.user, **data)
        messages.success(request, _("Đã gia hạn đến hết ngày %(day)s.") % {"day": f"{result.planned_end_on:%d/%m/%Y}"})
        return result

    return _change_view(
        request,
        pk,
        form_class=ProtectionExtendForm,
        title=_("Gia hạn chăm sóc khẩn cấp tạm thời"),
        submit=_("Gia hạn"),
        call=call,
        initial=lambda stay: {"planned_end_on": _cap_of(stay)},
    )


def _cap_of(stay: Protection):
    first_day = protection_first_day(stay)
    cap = rate_tables(stay.commune.province).fixed_for(rules.MAX_MONTHS_RULE, first_day)
    return rules.last_allowed_day(first_day, cap.amount if cap else 3)


@permission_required(CHANGE, raise_exception=True)
def protection_move(request, pk):
    today = timezone.localdate()

    def call(stay, data):
        result = services.protection_move(protection=stay, actor=request.user, today=today, **data)
        messages.success(request, _("Đã chuyển sang hộ nhận chăm sóc mới: %(host)s.") % {"host": result.host_name})
        return result

    return _change_view(
        request,
        pk,
        form_class=ProtectionMoveForm,
        title=_("Chuyển sang hộ nhận chăm sóc khác"),
        submit=_("Chuyển hộ"),
        call=call,
        form_kwargs="commune",
        initial=lambda stay: {"moved_on": today, "planned_end_on": _cap_of(stay)},
    )


@permission_required(CHANGE, raise_exception=True)
def protection_end(request, pk):
    today = timezone.localdate()

    def call(stay, data):
        result = services.protection_end(protection=stay, actor=request.user, today=today, **data)
        messages.success(request, _("Đã kết thúc chăm sóc: %(outcome)s.") % {"outcome": result.get_outcome_display()})
        return result

    return _change_view(
        request,
        pk,
        form_class=ProtectionEndForm,
        title=_("Kết thúc chăm sóc khẩn cấp tạm thời"),
        submit=_("Kết thúc chăm sóc"),
        call=call,
        initial=lambda stay: {
            "ended_on": max(min(today, stay.planned_end_on), stay.started_on),
            "treatment_cost": stay.treatment_cost,
            "transport_cost": stay.transport_cost,
        },
    )
