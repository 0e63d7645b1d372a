"""Discharge (Art. 30, form 09): every legal reason, the 7-working-day deadline, maker ≠ checker, the hand-over
commune, Art. 26 continued support, and a death: the Art. 25.3 funeral at 50 × the level of the month of death
(360.000 ₫ before 07/2024, 500.000 ₫ from 07/2024, 540.000 ₫ from 07/2026), recorded on the person.

Proposed Monday 02/11/2026: due 7 working days later, Wednesday 11/11/2026.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beneficiaries.models import EndReason, Entitlement, LifeEvent
from dossiers.models import Dossier
from facilities.models import FacilityEvent, Resident
from facilities.services.discharge import discharge_cancel, discharge_decide, discharge_propose
from policy.models import Category
from tests import factories as f
from tests.payments.conftest import funeral_decision, granted

from .residents_helpers import admit, second_staff

Reason = Resident.DischargeReason
PROPOSED = date(2026, 11, 2)


@pytest.fixture
def head(world):
    return second_staff(world)


def resident_of(world, *, on=date(2026, 10, 5), path=Resident.Path.EMERGENCY, birth_date=date(2012, 4, 1), **kw):
    person = f.PersonFactory(full_name="Đỗ Văn Sơn", commune=world.commune_b, birth_date=birth_date)
    return admit(world, person, on, path=path, **kw)


def proposed(world, resident, reason, on=PROPOSED):
    return discharge_propose(actor=world.user("facility_staff"), resident=resident, reason=reason, proposed_on=on,
                             today=on)  # fmt: skip


@pytest.mark.parametrize(
    ("reason", "path"),
    [
        (Reason.CASE_ENDED, Resident.Path.EMERGENCY),
        (Reason.ADOPTED, Resident.Path.EMERGENCY),
        (Reason.AGE, Resident.Path.BY_LAW),
        (Reason.NO_CONTACT, Resident.Path.EMERGENCY),
        (Reason.OWN_REQUEST, Resident.Path.BY_LAW),
        (Reason.CONTRACT_END, Resident.Path.CONTRACT),
    ],
)
def test_each_reason_is_proposed_then_decided_with_the_hand_over(world, head, reason, path):
    resident = resident_of(world, path=path)
    proposed(world, resident, reason)
    assert (resident.discharge_reason, resident.discharge_due_on) == (reason, date(2026, 11, 11))
    discharge_decide(actor=head, resident=resident, decision_number="08/QĐ-TTBT", discharged_on=date(2026, 11, 9),
                     today=date(2026, 11, 9))  # fmt: skip
    resident.refresh_from_db()
    assert (resident.discharged_on, resident.discharge_decision_number, resident.handover_commune) == (
        date(2026, 11, 9), "08/QĐ-TTBT", world.commune_b,
    )  # fmt: skip
    assert (resident.in_residence, resident.funeral_amount, resident.person.death_date) == (False, None, None)
    assert list(FacilityEvent.objects.filter(resident=resident).values_list("action", flat=True)) == [
        "admit", "discharge_propose", "discharge",
    ]  # fmt: skip


def test_hand_over_to_another_commune(world, head):
    resident = resident_of(world)
    proposed(world, resident, Reason.ADOPTED)
    discharge_decide(actor=head, resident=resident, decision_number="09/QĐ-TTBT", discharged_on=date(2026, 11, 3),
                     handover_commune=world.commune_c, today=date(2026, 11, 3))  # fmt: skip
    assert Resident.objects.get(pk=resident.pk).handover_commune == world.commune_c


def test_the_proposer_does_not_decide_and_nothing_changes(world):
    resident = resident_of(world)
    proposed(world, resident, Reason.OWN_REQUEST)
    with pytest.raises(PermissionDenied, match="Người đề nghị"):
        discharge_decide(actor=world.user("facility_staff"), resident=resident, decision_number="1/QĐ",
                         discharged_on=date(2026, 11, 3), today=date(2026, 11, 3))  # fmt: skip
    assert Resident.objects.get(pk=resident.pk).discharged_on is None


def test_other_facilities_and_offices_cannot_discharge(world):
    resident = resident_of(world)
    for key in ("officer_b", "province_officer", "auditor"):
        with pytest.raises(PermissionDenied):
            discharge_propose(actor=world.user(key), resident=resident, reason=Reason.OWN_REQUEST, today=PROPOSED)
    assert Resident.objects.get(pk=resident.pk).discharge_proposed_on is None


def test_discharge_before_admission_is_refused(world, head):
    resident = resident_of(world)
    with pytest.raises(ValidationError) as refused:
        proposed(world, resident, Reason.OWN_REQUEST, on=date(2026, 10, 1))
    assert refused.value.message_dict == {"proposed_on": ["Ngày đề nghị không được trước ngày 05/10/2026."]}
    proposed(world, resident, Reason.OWN_REQUEST)
    with pytest.raises(ValidationError) as refused:
        discharge_decide(actor=head, resident=resident, decision_number="1/QĐ", discharged_on=date(2026, 10, 4),
                         today=PROPOSED)  # fmt: skip
    assert refused.value.message_dict == {
        "discharged_on": ["Ngày rời cơ sở không được trước ngày vào cơ sở (05/10/2026)."]
    }
    assert Resident.objects.get(pk=resident.pk).discharged_on is None


def test_contract_end_only_for_a_contract_and_a_proposal_can_be_withdrawn(world):
    resident = resident_of(world)
    with pytest.raises(ValidationError, match="hợp đồng dịch vụ"):
        proposed(world, resident, Reason.CONTRACT_END)
    proposed(world, resident, Reason.NO_CONTACT)
    discharge_cancel(actor=world.user("facility_staff"), resident=resident)
    resident.refresh_from_db()
    assert (resident.discharge_reason, resident.discharge_proposed_on, resident.discharge_due_on) == ("", None, None)


def test_continued_support_for_a_5_1_child_up_to_24_months(world, head):
    category = Category.objects.get(code="5.1.b", province=None)
    resident = resident_of(world, path=Resident.Path.BY_LAW, category=category, birth_date=date(2010, 11, 20))
    proposed(world, resident, Reason.AGE)
    with pytest.raises(ValidationError) as refused:
        discharge_decide(actor=head, resident=resident, decision_number="10/QĐ", discharged_on=date(2026, 11, 20),
                         support_months=25, today=date(2026, 11, 20))  # fmt: skip
    assert list(refused.value.message_dict) == ["support_months"]
    discharge_decide(actor=head, resident=resident, decision_number="10/QĐ", discharged_on=date(2026, 11, 20),
                     support_months=24, today=date(2026, 11, 20))  # fmt: skip
    assert Resident.objects.get(pk=resident.pk).support_until == date(2028, 11, 1)


def test_no_continued_support_outside_5_1_and_5_3(world, head):
    resident = resident_of(world, category=Category.objects.get(code="5.6", province=None))
    proposed(world, resident, Reason.CASE_ENDED)
    with pytest.raises(ValidationError, match="Chỉ đối tượng diện 5.1, 5.3"):
        discharge_decide(actor=head, resident=resident, decision_number="11/QĐ", discharged_on=PROPOSED,
                         support_months=3, today=PROPOSED)  # fmt: skip


@pytest.mark.parametrize(
    ("admitted_on", "died_on", "amount", "level"),
    [
        (date(2023, 1, 10), date(2023, 5, 14), 18_000_000, "360.000"),
        (date(2024, 1, 10), date(2026, 6, 30), 25_000_000, "500.000"),
        (date(2026, 7, 1), date(2026, 10, 20), 27_000_000, "540.000"),
    ],
)
def test_death_sets_the_funeral_at_50_times_the_level_of_the_month(world, head, admitted_on, died_on, amount, level):
    elder = f.PersonFactory(full_name="Bùi Văn Già", commune=world.commune_a, birth_date=date(1938, 2, 2))
    entitlement = granted(world, elder, "5.5.a", date(2022, 1, 1))
    resident = admit(world, elder, admitted_on, care_group="elderly")
    discharge_propose(actor=world.user("facility_staff"), resident=resident, reason=Reason.DEATH, proposed_on=died_on,
                      today=died_on)  # fmt: skip
    discharge_decide(actor=head, resident=resident, decision_number="12/QĐ-TTBT", discharged_on=died_on,
                     funeral_organiser="Con trai Bùi Văn Hiếu", today=died_on)  # fmt: skip
    resident.refresh_from_db()
    assert resident.funeral_amount == amount
    assert resident.funeral_basis == (
        "Khoản 3 Điều 25 Nghị định 20/2021/NĐ-CP: Mai táng phí cho đối tượng nuôi dưỡng tại cơ sở: tối thiểu 50 lần "
        f"mức chuẩn, 50 × {level} ₫ = {amount:_} ₫".replace("_", ".")
    )
    assert (resident.funeral_organiser, resident.handover_commune, resident.support_until) == (
        "Con trai Bùi Văn Hiếu", None, None,
    )  # fmt: skip
    elder.refresh_from_db()
    assert elder.death_date == died_on
    death = LifeEvent.objects.get(person=elder, kind=LifeEvent.Kind.DEATH)
    assert (death.data["funeral_dossier"], death.data["funeral_amount"], death.recorded_by) == (None, amount, head)
    entitlement.refresh_from_db()
    assert (entitlement.status, entitlement.end_month, entitlement.end_reason) == (
        Entitlement.Status.ENDED, died_on.replace(day=1), EndReason.DEATH,
    )  # fmt: skip
    # The facility's funeral replaces the Art. 11 one: no funeral dossier is opened at the commune.
    assert not Dossier.objects.filter(person=elder, kind=Dossier.Kind.FUNERAL).exists()


def test_death_after_an_art_11_funeral_already_decided_pays_no_second_funeral(world, head):
    elder = f.PersonFactory(full_name="Bùi Thị Lan", commune=world.commune_a, death_date=date(2026, 10, 20))
    resident = Resident.objects.create(
        facility=world.facility, person=elder, path=Resident.Path.BY_LAW, care_group="elderly",
        home_commune=world.commune_a, admitted_on=date(2026, 1, 5), created_by=head,
    )  # fmt: skip
    funeral_decision(world, elder, number="77/QĐ-UBND", signed_on=date(2026, 10, 22), amount=10_800_000,
                     organiser="Bùi Văn Con")  # fmt: skip
    proposed(world, resident, Reason.DEATH, on=date(2026, 10, 23))
    discharge_decide(actor=head, resident=resident, decision_number="13/QĐ", discharged_on=date(2026, 10, 20),
                     today=date(2026, 10, 23))  # fmt: skip
    resident.refresh_from_db()
    assert (resident.funeral_amount, resident.funeral_basis, resident.funeral_organiser) == (
        0, "Đã hỗ trợ mai táng phí theo Quyết định số 77/QĐ-UBND ngày 22/10/2026 (Điều 11)", world.facility.name,
    )  # fmt: skip
    assert not LifeEvent.objects.filter(person=elder).exists()  # the commune had recorded the death already
