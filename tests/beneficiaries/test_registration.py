"""Registering people and households (SPEC §2): duplicates, ID cross-check, bad input, jurisdiction."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beneficiaries.models import Household, Person
from beneficiaries.services.people import household_register, person_register, person_update
from tests import factories as f

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "full_name": "Trần Thị Hoa",
        "birth_date": date(1948, 3, 2),
        "sex": Person.Sex.FEMALE,
        "id_number": "087148000321",
        "id_type": Person.IdType.CCCD,
    }
    fields.update(overrides)
    return fields


# --- the service ---------------------------------------------------------------------------------------------


def test_registered_person_is_found_without_diacritics_and_has_no_flag(world):
    officer = world.user("officer_a")
    village = world.people["a"].village

    person = person_register(actor=officer, commune=world.commune_a, village=village, **_fields())

    person.refresh_from_db()
    assert person.name_folded == "tran thi hoa"
    assert person.commune == world.commune_a
    assert person.village == village
    assert person.id_flag == ""
    assert person.created_by == officer
    entry = LogEntry.objects.get_for_object(person).get()
    assert entry.actor == officer  # the history tab says who registered them, also outside a request


def test_an_id_already_in_the_database_is_refused_and_nothing_is_saved(world):
    taken = world.people["b"].id_number  # a person of commune B: the ID is unique nationwide
    before = Person.objects.count()

    with pytest.raises(ValidationError) as exc:
        person_register(actor=world.user("officer_a"), commune=world.commune_a, **_fields(id_number=taken))

    assert exc.value.message_dict == {
        "id_number": [
            f"Số định danh cá nhân {taken} đã có trong hệ thống (đối tượng thuộc Xã Mỹ Hiệp); không thể đăng ký trùng."
        ]
    }
    assert Person.objects.count() == before


def test_an_id_that_disagrees_with_birth_year_and_sex_is_saved_with_a_flag(world):
    # Digit 4 = 0 (1900s, male) and digits 5–6 = 47, but the record says a woman born in 1948.
    person = person_register(
        actor=world.user("officer_a"), commune=world.commune_a, **_fields(id_number="087047000321")
    )

    assert Person.objects.get(pk=person.pk).id_flag == (
        "Số định danh không khớp với hồ sơ: chữ số 4–6 ứng với năm sinh 1947, hồ sơ ghi năm sinh 1948; "
        "chữ số thứ 4 ứng với giới tính nam, hồ sơ ghi nữ."
    )


def test_an_old_nine_digit_id_is_saved_with_its_type_and_no_flag(world):
    person = person_register(
        actor=world.user("officer_a"),
        commune=world.commune_a,
        **_fields(id_number="381234567", id_type=Person.IdType.CMND),
    )

    person.refresh_from_db()
    assert (person.id_number, person.id_type, person.id_flag) == ("381234567", "cmnd", "")


def test_a_birth_date_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as exc:
        person_register(actor=world.user("officer_a"), commune=world.commune_a, **_fields(birth_date=tomorrow))

    assert exc.value.message_dict["birth_date"] == [
        f"Ngày sinh {tomorrow:%d/%m/%Y} ở sau ngày hôm nay; vui lòng kiểm tra lại."
    ]
    assert not Person.objects.filter(name_folded="tran thi hoa").exists()


def test_same_name_and_birth_date_needs_the_officers_confirmation(world):
    officer = world.user("officer_a")
    twin = _fields(full_name="nguyen van duc a", birth_date=date(1950, 5, 17), sex="M", id_number=None)

    with pytest.raises(ValidationError) as exc:
        person_register(actor=officer, commune=world.commune_a, **twin)
    assert list(exc.value.message_dict) == ["not_duplicate"]
    assert Person.objects.filter(name_folded="nguyen van duc a").count() == 1

    person = person_register(actor=officer, commune=world.commune_a, not_duplicate=True, **twin)
    assert Person.objects.filter(name_folded="nguyen van duc a").count() == 2
    assert person.full_name == "nguyen van duc a"


def test_a_year_only_birth_is_stored_as_first_of_january(world):
    person = person_register(
        actor=world.user("officer_a"),
        commune=world.commune_a,
        **_fields(birth_date=date(1938, 6, 9), birth_year_only=True, id_number=None),
    )

    person.refresh_from_db()
    assert (person.birth_date, person.birth_year_only) == (date(1938, 1, 1), True)


def test_an_officer_cannot_register_into_another_commune(world):
    before = Person.objects.count()

    with pytest.raises(PermissionDenied):
        person_register(actor=world.user("officer_b"), commune=world.commune_a, **_fields())
    with pytest.raises(PermissionDenied):
        household_register(actor=world.user("officer_b"), commune=world.commune_a, head=_fields(), members=[])

    assert Person.objects.count() == before
    assert Household.objects.count() == 0


def test_a_village_of_another_commune_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        person_register(
            actor=world.user("officer_a"), commune=world.commune_a, village=world.people["b"].village, **_fields()
        )

    assert exc.value.message_dict == {"village": ["Thôn/ấp: vui lòng chọn một thôn/ấp của Thị trấn Mỹ Thọ."]}


def test_bank_payment_needs_an_account(world):
    with pytest.raises(ValidationError) as exc:
        person_register(actor=world.user("officer_a"), commune=world.commune_a, payment_method="bank", **_fields())

    assert exc.value.message_dict == {
        "account_number": ["Số tài khoản: bắt buộc khi chi trả qua tài khoản ngân hàng hoặc ví điện tử."],
        "bank_name": ["Ngân hàng/ví điện tử: vui lòng nhập tên ngân hàng hoặc ví điện tử."],
    }


def test_household_with_three_people_is_saved_together(world):
    village = f.VillageFactory(commune=world.commune_a, name="Ấp Mỹ Phú")

    household = household_register(
        actor=world.user("officer_a"),
        commune=world.commune_a,
        village=village,
        poverty_status=Household.Poverty.POOR,
        poverty_year=2024,
        head=_fields(full_name="Lê Văn Tâm", sex="M", birth_date=date(1970, 1, 5), id_number="087070000111"),
        members=[
            _fields(full_name="Phạm Thị Lan", birth_date=date(1972, 8, 9), id_number="087172000222"),
            _fields(full_name="Lê Minh Khang", sex="M", birth_date=date(2012, 4, 1), id_number=None),
        ],
    )

    household.refresh_from_db()
    assert (household.head_name, household.poverty_status, household.poverty_year) == ("Lê Văn Tâm", "poor", 2024)
    members = list(household.members.order_by("pk").values_list("full_name", "village__name", "commune__name"))
    assert members == [
        ("Lê Văn Tâm", "Ấp Mỹ Phú", "Thị trấn Mỹ Thọ"),
        ("Phạm Thị Lan", "Ấp Mỹ Phú", "Thị trấn Mỹ Thọ"),
        ("Lê Minh Khang", "Ấp Mỹ Phú", "Thị trấn Mỹ Thọ"),
    ]


def test_one_bad_member_and_nobody_in_the_household_is_saved(world):
    people_before = Person.objects.count()
    taken = world.people["a"].id_number

    with pytest.raises(ValidationError) as exc:
        household_register(
            actor=world.user("officer_a"),
            commune=world.commune_a,
            village=world.people["a"].village,
            poverty_status=Household.Poverty.NONE,
            head=_fields(full_name="Lê Văn Tâm", sex="M", birth_date=date(1970, 1, 5), id_number="087070000111"),
            members=[
                _fields(full_name="Phạm Thị Lan", birth_date=date(1972, 8, 9), id_number="087172000222"),
                _fields(full_name="Lê Minh Khang", sex="M", birth_date=date(2012, 4, 1), id_number=taken),
            ],
        )

    assert list(exc.value.message_dict) == ["members-1-id_number"]
    assert Person.objects.count() == people_before
    assert Household.objects.count() == 0


def test_a_poor_household_needs_the_year_it_was_certified(world):
    with pytest.raises(ValidationError) as exc:
        household_register(
            actor=world.user("officer_a"),
            commune=world.commune_a,
            poverty_status=Household.Poverty.NEAR_POOR,
            head=_fields(),
            members=[],
        )

    assert exc.value.message_dict == {"poverty_year": ["Năm công nhận: bắt buộc với hộ nghèo hoặc cận nghèo."]}
    assert Person.objects.filter(name_folded="tran thi hoa").count() == 0


def test_update_refuses_an_id_of_someone_else_and_keeps_the_record(world):
    person = world.people["a"]
    other = f.PersonFactory(commune=world.commune_a, id_number="087050999999")

    with pytest.raises(ValidationError):
        person_update(actor=world.user("officer_a"), person=person, id_number=other.id_number)

    person.refresh_from_db()
    assert person.id_number != "087050999999"


def test_officer_of_another_commune_cannot_update(world):
    person = world.people["a"]

    with pytest.raises(PermissionDenied):
        person_update(actor=world.user("officer_b"), person=person, phone="0909000000")

    person.refresh_from_db()
    assert person.phone == ""


# --- the pages -----------------------------------------------------------------------------------------------


def _post_data(village, **overrides):
    data = {
        "full_name": "Trần Thị Hoa",
        "birth_date": "02/03/1948",
        "sex": "F",
        "ethnicity": "01",
        "id_type": "cccd",
        "id_number": "087 148 000 321",
        "village": village.pk,
        "payment_method": "cash",
    }
    data.update(overrides)
    return data


def test_officer_registers_a_person_and_lands_on_their_page(world, login):
    client = login(world.user("officer_a"))
    village = world.people["a"].village

    response = client.post("/doi-tuong/dang-ky/", _post_data(village), follow=True)

    person = Person.objects.get(id_number="087148000321")
    assert response.redirect_chain[-1][0] == f"/doi-tuong/{person.pk}/"
    assert (person.birth_date, person.commune, person.village) == (date(1948, 3, 2), world.commune_a, village)
    assert "Đã đăng ký đối tượng Trần Thị Hoa." in response.content.decode()


def test_the_date_picker_format_is_accepted_too(world, login):
    client = login(world.user("officer_a"))

    client.post("/doi-tuong/dang-ky/", _post_data(world.people["a"].village, birth_date="1948-03-02"))

    assert Person.objects.get(id_number="087148000321").birth_date == date(1948, 3, 2)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "31/02/1950", "Ngày sinh không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 17/05/1950."),
        ("birth_date", "", "Ngày sinh: vui lòng nhập ngày/tháng/năm, hoặc đánh dấu “Chỉ biết năm sinh” và nhập"),
        ("id_number", "12345", "Số định danh phải có 12 chữ số (đang có 5 chữ số)."),
        ("id_number", "08705000012X", "Số định danh chỉ gồm chữ số (không có chữ cái hay ký hiệu)."),
        ("full_name", "", "Họ và tên: vui lòng nhập họ và tên."),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_naming_the_field(world, login, field, value, message):
    client = login(world.user("officer_a"))
    before = Person.objects.count()

    response = client.post("/doi-tuong/dang-ky/", _post_data(world.people["a"].village, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == before


def test_a_future_birth_date_is_refused_on_the_page(world, login):
    client = login(world.user("officer_a"))
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        "/doi-tuong/dang-ky/", _post_data(world.people["a"].village, birth_date=f"{tomorrow:%d/%m/%Y}")
    )

    assert f"Ngày sinh {tomorrow:%d/%m/%Y} ở sau ngày hôm nay; vui lòng kiểm tra lại." in response.content.decode()
    assert not Person.objects.filter(id_number="087148000321").exists()


def test_name_and_birth_match_re_shows_the_match_until_confirmed(world, login):
    client = login(world.user("officer_a"))
    existing = world.people["a"]  # Nguyễn Văn Đức A, 17/05/1950
    data = _post_data(existing.village, full_name="NGUYEN VAN DUC A", birth_date="17/05/1950", sex="M", id_number="")

    response = client.post("/doi-tuong/dang-ky/", data)

    html = response.content.decode()
    assert "Trùng họ tên và ngày sinh" in html
    assert f'href="/doi-tuong/{existing.pk}/"' in html
    assert "Đã có 1 người cùng họ tên và ngày sinh." in html
    assert Person.objects.filter(name_folded="nguyen van duc a").count() == 1

    response = client.post("/doi-tuong/dang-ky/", {**data, "not_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.filter(name_folded="nguyen van duc a").count() == 2


def test_registration_uses_the_officers_own_commune_whatever_is_posted(world, login):
    client = login(world.user("officer_b"))
    village_b = world.people["b"].village

    client.post("/doi-tuong/dang-ky/", {**_post_data(village_b), "commune": world.commune_a.pk})

    assert Person.objects.get(id_number="087148000321").commune == world.commune_b


def test_a_village_of_another_commune_cannot_be_posted(world, login):
    client = login(world.user("officer_b"))

    response = client.post("/doi-tuong/dang-ky/", _post_data(world.people["a"].village))

    assert response.status_code == 200
    assert not Person.objects.filter(id_number="087148000321").exists()


@pytest.mark.parametrize("persona", ["district_officer", "leader_a", "auditor", "province_officer"])
def test_only_commune_officers_may_register(world, login, persona):
    client = login(world.user(persona))

    response = client.post("/doi-tuong/dang-ky/", _post_data(world.people["a"].village))

    assert response.status_code == 403
    assert not Person.objects.filter(id_number="087148000321").exists()


def test_household_page_saves_head_and_members(world, login):
    client = login(world.user("officer_a"))
    village = world.people["a"].village
    data = {
        "village": village.pk,
        "address": "Số 12, đường Lê Lợi",
        "poverty_status": "near_poor",
        "poverty_year": "2024",
        "head-full_name": "Lê Văn Tâm",
        "head-birth_date": "05/01/1970",
        "head-sex": "M",
        "head-ethnicity": "01",
        "head-id_type": "cccd",
        "head-id_number": "087070000111",
        "head-payment_method": "cash",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-full_name": "Phạm Thị Lan",
        "members-0-birth_date": "09/08/1972",
        "members-0-sex": "F",
        "members-0-ethnicity": "01",
        "members-0-id_type": "cccd",
        "members-0-id_number": "087172000222",
        # members-1 left empty: ignored
        "members-1-ethnicity": "01",
        "members-1-id_type": "cccd",
        "members-2-full_name": "Lê Văn Bảy",
        "members-2-birth_year_only": "on",
        "members-2-birth_year": "1935",
        "members-2-sex": "M",
        "members-2-ethnicity": "01",
        "members-2-id_type": "cccd",
    }

    response = client.post("/doi-tuong/dang-ky-ho/", data)

    household = Household.objects.get()
    head = Person.objects.get(id_number="087070000111")
    assert response.status_code == 302 and response["Location"] == f"/doi-tuong/{head.pk}/"
    assert (household.poverty_status, household.poverty_year, household.address) == (
        "near_poor",
        2024,
        "Số 12, đường Lê Lợi",
    )
    assert list(household.members.order_by("pk").values_list("full_name", "birth_date", "birth_year_only")) == [
        ("Lê Văn Tâm", date(1970, 1, 5), False),
        ("Phạm Thị Lan", date(1972, 8, 9), False),
        ("Lê Văn Bảy", date(1935, 1, 1), True),
    ]


def test_household_page_shows_the_bad_member_and_saves_nobody(world, login):
    client = login(world.user("officer_a"))
    data = {
        "village": world.people["a"].village.pk,
        "poverty_status": "none",
        "head-full_name": "Lê Văn Tâm",
        "head-birth_date": "05/01/1970",
        "head-sex": "M",
        "head-ethnicity": "01",
        "head-id_type": "cccd",
        "head-id_number": "087070000111",
        "head-payment_method": "cash",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-full_name": "Phạm Thị Lan",
        "members-0-birth_date": "09/08/1972",
        "members-0-sex": "F",
        "members-0-ethnicity": "01",
        "members-0-id_type": "cccd",
        "members-0-id_number": world.people["b"].id_number,
    }

    response = client.post("/doi-tuong/dang-ky-ho/", data)

    html = response.content.decode()
    assert "Chưa lưu được: vui lòng sửa các ô được đánh dấu đỏ. Chưa có ai trong hộ được lưu." in html
    assert "đã có trong hệ thống (đối tượng thuộc Xã Mỹ Hiệp)" in html
    assert Household.objects.count() == 0
    assert not Person.objects.filter(id_number="087070000111").exists()


# --- the live duplicate check --------------------------------------------------------------------------------


def test_duplicate_check_finds_the_same_person_typed_without_diacritics(world, login):
    client = login(world.user("officer_a"))
    existing = world.people["a"]

    response = client.get(
        "/doi-tuong/kiem-tra-trung/",
        {"full_name": "nguyen van duc a", "birth_date": "1950-05-17"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "Trùng họ tên và ngày sinh" in html
    assert f'<a href="/doi-tuong/{existing.pk}/"' in html
    assert "Nguyễn Văn Đức A" in html


def test_duplicate_check_reads_the_household_form_prefix(world, login):
    client = login(world.user("officer_a"))

    response = client.get(
        "/doi-tuong/kiem-tra-trung/",
        {"prefix": "members-0", "members-0-full_name": "Nguyen Van Duc A", "members-0-birth_date": "17/05/1950"},
    )

    assert "Nguyễn Văn Đức A" in response.content.decode()


def test_duplicate_outside_the_officers_commune_shows_only_the_commune(world, login):
    client = login(world.user("officer_a"))
    other = world.people["b"]

    response = client.get("/doi-tuong/kiem-tra-trung/", {"id_number": other.id_number})

    html = response.content.decode()
    assert "Trùng số định danh" in html
    assert "Một người ở Xã Mỹ Hiệp (ngoài địa bàn của bạn; liên hệ xã đó để xác minh)." in html
    assert other.full_name not in html
    assert f"/doi-tuong/{other.pk}/" not in html


def test_no_duplicate_no_warning(world, login):
    client = login(world.user("officer_a"))

    response = client.get("/doi-tuong/kiem-tra-trung/", {"full_name": "Hoàng Văn Mới", "birth_date": "01/01/1990"})

    assert response.content.decode().strip() == ""


# --- editing -------------------------------------------------------------------------------------------------


def test_officer_of_another_commune_gets_404_on_the_edit_page_and_nothing_changes(world, login):
    person = world.people["a"]
    client = login(world.user("officer_b"))

    assert client.get(f"/doi-tuong/{person.pk}/sua/").status_code == 404
    response = client.post(
        f"/doi-tuong/{person.pk}/sua/", _post_data(world.people["b"].village, full_name="Tên Bị Sửa")
    )

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Đức A"


def test_district_officer_sees_the_person_but_may_not_edit(world, login):
    person = world.people["a"]
    client = login(world.user("district_officer"))

    assert client.get(f"/doi-tuong/{person.pk}/").status_code == 200
    response = client.post(f"/doi-tuong/{person.pk}/sua/", _post_data(person.village, full_name="Tên Bị Sửa"))

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Đức A"


def test_edit_form_is_prefilled_and_saves_changes(world, login):
    person = world.people["a"]
    client = login(world.user("officer_a"))

    page = client.get(f"/doi-tuong/{person.pk}/sua/").content.decode()
    assert 'value="Nguyễn Văn Đức A"' in page
    assert 'value="17/05/1950"' in page

    data = _post_data(
        person.village, full_name="Nguyễn Văn Đức A", birth_date="17/05/1950", sex="M", id_number=person.id_number
    )
    response = client.post(f"/doi-tuong/{person.pk}/sua/", {**data, "phone": "0912345678"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0912345678"
