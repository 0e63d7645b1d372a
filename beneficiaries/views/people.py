from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from accounts.jurisdiction import active_assignment
from core.pagination import CappedPaginator
from locations.models import Level

from ..filters import PersonFilter
from ..forms import HouseholdForm, MemberFormSet, PersonForm, parse_vn_date
from ..idcheck import normalize
from ..selectors import (
    HIV_PERMISSION,
    likely_duplicates,
    person_dossiers,
    person_entitlements,
    person_get_for_user,
    person_history_rows,
    person_life_events,
    person_list_for_user,
)
from ..services.people import household_register, person_register, person_update
from ..tables import PersonTable


def _own_commune(user):
    """The commune the officer works in: registration never takes a commune from the request."""
    assignment = active_assignment(user)
    if assignment is None or assignment.unit.level != Level.COMMUNE:
        raise PermissionDenied(_("Chỉ cán bộ cấp xã được đăng ký đối tượng."))
    return assignment.unit


def _can_register(user) -> bool:
    assignment = active_assignment(user)
    return (
        user.has_perm("beneficiaries.add_person") and assignment is not None and assignment.unit.level == Level.COMMUNE
    )


def _add_errors(form, messages_by_field: dict) -> None:
    for name, errors in messages_by_field.items():
        form.add_error(name if name in form.fields else None, errors)


def _matches(user, form, *, exclude_pk=None):
    """The likely duplicates for what `form` holds now (the same search the live check runs)."""
    data = form.data if form.is_bound else {}

    def value(name):
        return data.get(form.add_prefix(name), "")

    return _search(user, value, exclude_pk=exclude_pk)


def _search(user, value, *, exclude_pk=None):
    year_only = value("birth_year_only") in ("on", "true", "True", "1")
    birth = parse_vn_date(value("birth_date"))
    if year_only:
        year = value("birth_year").strip()
        birth = parse_vn_date(f"01/01/{year}") if year.isdigit() and len(year) == 4 else None
    return likely_duplicates(
        user,
        id_number=normalize(value("id_number")),
        full_name=value("full_name"),
        birth_date=birth,
        birth_year_only=year_only,
        exclude_pk=exclude_pk,
    )


@permission_required("beneficiaries.view_person", raise_exception=True)
def person_list(request):
    people = PersonFilter(request.GET, queryset=person_list_for_user(request.user), request=request)
    table = PersonTable(people.qs, show_full_id=request.user.has_perm("beneficiaries.view_full_id_number"))
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": CappedPaginator}).configure(table)
    template = "beneficiaries/_person_table.html" if request.htmx else "beneficiaries/person_list.html"
    return render(request, template, {"filter": people, "table": table, "can_register": _can_register(request.user)})


@permission_required("beneficiaries.view_person", raise_exception=True)
def person_detail(request, pk):
    person = person_get_for_user(request.user, pk)
    entitlements = person_entitlements(person)
    assignment = active_assignment(request.user)
    return render(
        request,
        "beneficiaries/person_detail.html",
        {
            "person": person,
            "members": list(person.household.members.order_by("pk")) if person.household_id else [],
            "dossiers": list(person_dossiers(person)),
            "entitlements": entitlements,
            "life_events": list(person_life_events(person)),
            # Living in a care facility now (issue 6): the monthly allowance is suspended meanwhile.
            "stay": person.residencies.filter(discharged_on__isnull=True).select_related("facility").first(),
            "history": person_history_rows(person, request.user),
            "can_see_hiv": request.user.has_perm(HIV_PERMISSION),
            "can_edit": request.user.has_perm("beneficiaries.change_person")
            and assignment is not None
            and assignment.unit_id == person.commune_id,
            "can_open_dossier": request.user.has_perm("dossiers.add_dossier")
            and assignment is not None
            and assignment.unit_id == person.commune_id,
        },
    )


@permission_required("beneficiaries.add_person", raise_exception=True)
def person_create(request):
    commune = _own_commune(request.user)
    with_hiv = request.user.has_perm(HIV_PERMISSION)
    form = PersonForm(request.POST or None, commune=commune, with_hiv=with_hiv)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_register(actor=request.user, commune=commune, **form.person_fields())
        except ValidationError as exc:
            _add_errors(form, exc.message_dict)
        else:
            messages.success(request, _("Đã đăng ký đối tượng %(name)s.") % {"name": person.full_name})
            return redirect("beneficiaries:person_detail", pk=person.pk)
    return render(
        request,
        "beneficiaries/person_form.html",
        {"form": form, "commune": commune, "matches": _matches(request.user, form), "editing": None},
    )


@permission_required("beneficiaries.change_person", raise_exception=True)
def person_edit(request, pk):
    person = person_get_for_user(request.user, pk)
    commune = _own_commune(request.user)
    if person.commune_id != commune.pk:
        # Visible (a district user may read it) but not this officer's to change.
        raise PermissionDenied(_("Chỉ cán bộ của xã nơi đối tượng cư trú được sửa thông tin."))
    with_hiv = request.user.has_perm(HIV_PERMISSION)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person), commune=commune, with_hiv=with_hiv)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_update(actor=request.user, person=person, **form.person_fields())
        except ValidationError as exc:
            _add_errors(form, exc.message_dict)
        else:
            messages.success(request, _("Đã lưu thay đổi của %(name)s.") % {"name": person.full_name})
            return redirect("beneficiaries:person_detail", pk=person.pk)
    return render(
        request,
        "beneficiaries/person_form.html",
        {
            "form": form,
            "commune": commune,
            "matches": _matches(request.user, form, exclude_pk=person.pk),
            "editing": person,
        },
    )


@permission_required("beneficiaries.add_person", raise_exception=True)
@permission_required("beneficiaries.add_household", raise_exception=True)
def household_create(request):
    commune = _own_commune(request.user)
    with_hiv = request.user.has_perm(HIV_PERMISSION)
    data = request.POST or None
    household_form = HouseholdForm(data, commune=commune)
    head_form = PersonForm(data, prefix="head", commune=commune, with_hiv=with_hiv, with_village=False)
    members = MemberFormSet(data, prefix="members")
    if request.method == "POST" and all([household_form.is_valid(), head_form.is_valid(), members.is_valid()]):
        filled = members.filled_forms()
        try:
            household = household_register(
                actor=request.user,
                commune=commune,
                head=head_form.person_fields(),
                members=[form.person_fields() for form in filled],
                **household_form.cleaned_data,
            )
        except ValidationError as exc:
            _route_household_errors(exc.message_dict, household_form, head_form, filled)
        else:
            head = household.members.order_by("pk").first()
            messages.success(
                request,
                _("Đã đăng ký hộ %(name)s với %(count)d người.")
                % {"name": household.head_name, "count": household.members.count()},
            )
            return redirect("beneficiaries:person_detail", pk=head.pk)
    return render(
        request,
        "beneficiaries/household_form.html",
        {
            "household_form": household_form,
            "head_form": head_form,
            "members": members,
            "commune": commune,
            "head_matches": _matches(request.user, head_form),
            "member_rows": [(form, _matches(request.user, form)) for form in members.forms],
        },
    )


def _route_household_errors(errors: dict, household_form, head_form, filled_members) -> None:
    """Service errors are keyed like the form (`village`, `head-<field>`, `members-<i>-<field>`)."""
    for key, messages_ in errors.items():
        if key.startswith("head-"):
            _add_errors(head_form, {key.removeprefix("head-"): messages_})
        elif key.startswith("members-"):
            _, index, name = key.split("-", 2)
            _add_errors(filled_members[int(index)], {name: messages_})
        else:
            _add_errors(household_form, {key: messages_})


@permission_required("beneficiaries.add_person", raise_exception=True)
def person_duplicates(request):
    """The live duplicate check (htmx): who already has this ID, or this name and date of birth."""
    prefix = request.GET.get("prefix", "")

    def value(name):
        return request.GET.get(f"{prefix}-{name}" if prefix else name, "")

    exclude = request.GET.get("exclude", "")
    matches = _search(request.user, value, exclude_pk=int(exclude) if exclude.isdigit() else None)
    return render(request, "beneficiaries/_duplicates.html", {"matches": matches})
