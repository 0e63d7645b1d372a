from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django_tables2 import RequestConfig

from ..filters import PersonFilter
from ..selectors import person_get_for_user, person_history, person_list_for_user
from ..tables import PersonTable


@permission_required("beneficiaries.view_person", raise_exception=True)
def person_list(request):
    people = PersonFilter(request.GET, queryset=person_list_for_user(request.user))
    table = PersonTable(people.qs, show_full_id=request.user.has_perm("beneficiaries.view_full_id_number"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "beneficiaries/_person_table.html" if request.htmx else "beneficiaries/person_list.html"
    return render(request, template, {"filter": people, "table": table})


@permission_required("beneficiaries.view_person", raise_exception=True)
def person_detail(request, pk):
    person = person_get_for_user(request.user, pk)
    return render(
        request,
        "beneficiaries/person_detail.html",
        {
            "person": person,
            "history": person_history(person)[:50],
            "members": person.household.members.all() if person.household else [],
        },
    )
