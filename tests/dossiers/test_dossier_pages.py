"""The dossier pages for each role: open, edit, attach, preview, each workflow step, decide, print; scoping and
permissions (nothing changes when refused), the stale-edit message and the upload type check."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import Role
from accounts.services import assignment_grant
from beneficiaries.models import Entitlement, Household
from core.selectors import work_calendar
from dossiers import services
from dossiers.models import Attachment, Decision, Dossier, DossierEvent
from dossiers.services import Signature
from policy.models import Category
from tests import factories as f

# Fixed dates so the amounts are those of a known month: the national level is 540.000 ₫ from 07/2026.
RECEIVED = date(2026, 10, 5)
SIGNED = date(2026, 10, 20)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cat(code: str) -> Category:
    return Category.objects.get(code=code, province=None)


def poor(person, status=Household.Poverty.POOR):
    person.household = Household.objects.create(
        head_name=person.full_name, commune=person.commune, poverty_status=status, poverty_year=2026
    )
    person.save(update_fields=["household"])
    return person


def pdf(name="to-khai.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def open_dossier(world, key="a", *, code="5.6", actor="officer_a", **fields):
    person = world.people[key]
    values = {"category": cat(code), "received_on": RECEIVED}
    if code == "5.6":
        values["disability_level"] = "especially_severe"
    values.update(fields)
    return services.dossier_open(actor=world.user(actor), person=person, kind="monthly", **values)


def submitted(world, key="a", actor="officer_a", **fields):
    dossier = open_dossier(world, key, actor=actor, **fields)
    services.dossier_attach(actor=world.user(actor), dossier=dossier, kind="application", uploaded_file=pdf())
    return services.dossier_submit(actor=world.user(actor), dossier=dossier)


def forwarded(world):
    dossier = submitted(world)
    services.dossier_post(actor=world.user("leader_a"), dossier=dossier)
    # The posting period (2 working days from today) is over: moved into the past directly.
    Dossier.objects.filter(pk=dossier.pk).update(posted_until=timezone.localdate() - timedelta(days=1))
    dossier.refresh_from_db()
    return services.dossier_forward(actor=world.user("leader_a"), dossier=dossier)


def appraised(world):
    return services.dossier_appraise(actor=world.user("district_officer"), dossier=forwarded(world))


def approved(world, number="125/QĐ-UBND"):
    dossier = appraised(world)
    services.dossier_decide(
        actor=world.user("district_leader"),
        dossier=dossier,
        approve=True,
        signature=Signature(number, SIGNED, "Chủ tịch", "Trần Văn Chủ"),
    )
    dossier.refresh_from_db()
    return dossier


def badge(label: str) -> str:
    return f'data-testid="status">{label}</span>'


def text(response) -> str:
    return response.content.decode()


def step(client, dossier, action, **data):
    dossier.refresh_from_db()
    return client.post(
        reverse("dossiers:dossier_step", args=[dossier.pk, action]), {"version": dossier.version, **data}
    )


# --- Opening a dossier ----------------------------------------------------------------------------------------


def test_officer_opens_a_monthly_dossier_and_sees_the_amount_before_submitting(world, login):
    client = login(world.user("officer_a"))
    person = world.people["a"]
    url = reverse("dossiers:dossier_create") + f"?person={person.pk}&kind=monthly"
    response = client.post(
        url,
        {"category": cat("5.6").pk, "received_on": "05/10/2026", "disability_level": "especially_severe",
         "disability_cert_date": "01/09/2026", "studying": "on", "children_count": "3"},
    )  # fmt: skip
    dossier = Dossier.objects.get(person=person)
    assert response.status_code == 302 and response.url == reverse("dossiers:dossier_detail", args=[dossier.pk])
    assert (dossier.flow, dossier.status, dossier.created_by) == ("three_level", "draft", world.user("officer_a"))
    assert dossier.disability_cert_date == date(2026, 9, 1)
    # Facts 5.6 does not need (typed before switching category) are not kept.
    assert (dossier.studying, dossier.children_count) == (False, 0)
    html = text(client.get(response.url))
    assert "1.350.000\xa0₫" in html
    assert "Điểm i khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Trẻ em hoặc người cao tuổi khuyết tật đặc biệt nặng, " \
           "hệ số 2,5 × 540.000 ₫ = 1.350.000 ₫" in html  # fmt: skip
    assert 'data-testid="preview-coefficient">2,5</strong>' in html
    assert "Tờ khai Mẫu 1đ" in html
    assert "Cần đính kèm tờ khai và giấy tờ trước khi nộp." in html


def test_the_form_shows_only_the_fields_the_category_needs(world, login):
    client = login(world.user("officer_a"))
    person = world.people["a"]
    html = text(client.get(reverse("dossiers:dossier_create") + f"?person={person.pk}&kind=monthly"))
    assert 'data-code="5.6" data-form="1đ"' in html
    assert 'data-show-for="5.6 20.2" hidden data-field="disability_level"' in html
    assert 'data-show-for="5.2" hidden data-field="studying"' in html
    assert 'data-show-for="5.4" hidden data-field="children_count"' in html
    assert 'name="subject"' not in html and 'name="organiser_name"' not in html
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in html  # received today by default
    # With 5.4 chosen (the form re-rendered after an error), its field shows and the others stay hidden.
    response = client.post(
        reverse("dossiers:dossier_create") + f"?person={person.pk}&kind=monthly",
        {"category": cat("5.4").pk, "received_on": "31/02/2026", "children_count": "2"},
    )
    html = text(response)
    assert 'data-show-for="5.4" data-field="children_count"' in html
    assert 'data-show-for="5.6 20.2" hidden data-field="disability_level"' in html
    assert "Nhập ngày theo dạng dd/mm/yyyy" in html
    assert Dossier.objects.count() == 0


def test_care_form_offers_people_of_the_same_commune_as_subject(world, login):
    neighbour = f.PersonFactory(full_name="Trần Thị Bé", commune=world.commune_a, birth_date=date(2024, 3, 1))
    client = login(world.user("officer_a"))
    html = text(client.get(reverse("dossiers:dossier_create") + f"?person={world.people['a'].pk}&kind=care"))
    assert "Trần Thị Bé (01/03/2024)" in html
    assert "Nguyễn Văn Đức B" not in html  # commune B's person is not offered
    assert 'data-show-for="20.1 20.3 20.4"' in html
    assert 'data-code="5.6"' not in html  # only Art. 20 categories
    client.post(
        reverse("dossiers:dossier_create") + f"?person={world.people['a'].pk}&kind=care",
        {"category": cat("20.1").pk, "received_on": "05/10/2026", "subject": neighbour.pk},
    )
    dossier = Dossier.objects.get(kind="care")
    assert dossier.subject == neighbour and dossier.proposed_amount == 1_350_000  # 2,5 × 540.000 ₫


def test_funeral_form_asks_for_death_and_organiser(world, login):
    person = world.people["a"]
    person.death_date = date(2026, 10, 1)
    person.save(update_fields=["death_date"])
    client = login(world.user("officer_a"))
    url = reverse("dossiers:dossier_create") + f"?person={person.pk}&kind=funeral"
    html = text(client.get(url))
    assert 'name="category"' not in html and 'value="01/10/2026"' in html and "Người tổ chức mai táng" in html
    response = client.post(
        url,
        {"received_on": "05/10/2026", "death_date": "01/10/2026", "organiser_name": "Nguyễn Văn Con",
         "organiser_id_number": "12345", "organiser_relation": "Con"},
    )  # fmt: skip
    assert "Số định danh gồm 12 chữ số" in text(response) and not Dossier.objects.exists()


def test_preview_partial_computes_without_saving(world, login):
    client = login(world.user("officer_a"))
    person = world.people["a"]
    url = reverse("dossiers:dossier_preview") + f"?person={person.pk}&kind=monthly"
    html = text(client.post(url, {"category": cat("5.5.a").pk, "received_on": "05/10/2026"}))
    assert "Hộ nghèo/cận nghèo:</strong> Diện 5.5.a yêu cầu thuộc hộ nghèo." in html
    poor(person)
    html = text(client.post(url, {"category": cat("5.5.a").pk, "received_on": "05/10/2026"}))
    assert "810.000\xa0₫" in html and "hệ số 1,5 × 540.000 ₫" in html
    assert not Dossier.objects.exists()


def test_preview_says_which_category_wins_under_art_6_2(world, login):
    person = poor(world.people["a"])
    person.disability_level = "especially_severe"
    person.save(update_fields=["disability_level"])
    client = login(world.user("officer_a"))
    url = reverse("dossiers:dossier_preview") + f"?person={person.pk}&kind=monthly"
    html = text(client.post(url, {"category": cat("5.5.a").pk, "received_on": "05/10/2026"}))
    assert "Đối tượng cũng có thể thuộc diện 5.6; theo khoản 2 Điều 6 chỉ hưởng mức cao nhất: diện 5.6." in html
    assert "Diện đang chọn không phải mức cao nhất nên hồ sơ sẽ không nộp được." in html
    # The single-parent exception: 5.4 and 5.6 are both paid.
    html = text(client.post(url, {"category": cat("5.4").pk, "received_on": "05/10/2026", "children_count": "2"}))
    assert "1.080.000\xa0₫" in html
    assert "hưởng cả hai: diện 5.4 và diện 5.6." in html
    assert "không phải mức cao nhất" not in html


# --- Editing --------------------------------------------------------------------------------------------------


def test_officer_edits_a_draft(world, login):
    dossier = open_dossier(world, disability_level="severe")
    client = login(world.user("officer_a"))
    url = reverse("dossiers:dossier_edit", args=[dossier.pk])
    assert f'name="version" value="{dossier.version}"' in text(client.get(url))
    response = client.post(
        url,
        {"category": cat("5.6").pk, "received_on": "05/10/2026", "disability_level": "especially_severe",
         "version": dossier.version},
    )  # fmt: skip
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.disability_level, dossier.proposed_amount, dossier.version) == ("especially_severe", 1_350_000, 2)
    html = text(client.get(response.url))
    assert "<li>Mức độ khuyết tật: Nặng → Đặc biệt nặng</li>" in html  # the timeline says what the edit changed


def test_a_stale_edit_loses_with_a_message_and_keeps_the_input(world, login):
    dossier = open_dossier(world, disability_level="severe", note="Bản đầu")
    stale = dossier.version
    services.dossier_update(actor=world.user("officer_a"), dossier=dossier, version=stale, note="Người khác sửa")
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("dossiers:dossier_edit", args=[dossier.pk]),
        {"category": cat("5.6").pk, "received_on": "05/10/2026", "disability_level": "severe",
         "note": "Nội dung tôi vừa gõ", "version": stale},
    )  # fmt: skip
    html = text(response)
    assert response.status_code == 200
    assert "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem nội dung mới nhất." in html
    assert "Nội dung tôi vừa gõ" in html
    dossier.refresh_from_db()
    assert dossier.note == "Người khác sửa" and dossier.version == stale + 1


def test_a_submitted_dossier_cannot_be_edited(world, login):
    dossier = submitted(world)
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("dossiers:dossier_edit", args=[dossier.pk]),
        {"category": cat("5.6").pk, "received_on": "05/10/2026", "disability_level": "severe", "version": 3},
    )
    assert response.status_code == 302
    assert "Chỉ sửa được hồ sơ đang lập hoặc bị trả lại." in text(client.get(response.url))
    dossier.refresh_from_db()
    assert dossier.disability_level == "especially_severe"


# --- Papers ---------------------------------------------------------------------------------------------------


def test_officer_attaches_a_pdf_and_downloads_it_through_the_checked_view(world, login):
    dossier = open_dossier(world)
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("dossiers:attachment_add", args=[dossier.pk]), {"kind": "application", "file": pdf("don.pdf")}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(dossier=dossier)
    html = text(client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    download = reverse("dossiers:attachment_download", args=[dossier.pk, attachment.pk])
    assert f'href="{download}">don.pdf</a>' in html and "Tờ khai/đơn đề nghị" in html
    assert "/media/" not in html
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_pdf_that_is_really_text_is_refused_in_vietnamese(world, login):
    dossier = open_dossier(world)
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("dossiers:attachment_add", args=[dossier.pk]),
        {"kind": "application", "file": pdf("to-khai.pdf", b"Day la van ban, khong phai PDF")},
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG (nội dung tệp không đúng định dạng)." in text(response)
    assert not Attachment.objects.exists()


# --- The three-level flow, page by page -------------------------------------------------------------------------


def test_officer_submits_and_sees_the_deadline(world, login):
    dossier = open_dossier(world)
    services.dossier_attach(actor=world.user("officer_a"), dossier=dossier, kind="application", uploaded_file=pdf())
    client = login(world.user("officer_a"))
    response = step(client, dossier, "submit")
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    calendar = work_calendar(province=world.province)
    assert dossier.due_on == calendar.add(RECEIVED, 7)
    html = text(client.get(response.url))
    assert "Đã thực hiện: Nộp hồ sơ." in html
    assert "Hạn xét duyệt tại xã: 14/10/2026" in html
    # The officer cannot post: that is the leader's step.
    assert "Duyệt và niêm yết công khai</button>" not in html


def test_deadline_counts_working_days_left(world, login):
    dossier = submitted(world)
    calendar = work_calendar(province=world.province)
    today = timezone.localdate()
    Dossier.objects.filter(pk=dossier.pk).update(due_on=calendar.add(today, 3))
    html = text(login(world.user("leader_a")).get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert f"Hạn xét duyệt tại xã: {calendar.add(today, 3):%d/%m/%Y}" in html and "(còn 3 ngày làm việc)" in html


def test_leader_posts_then_forwards_after_the_posting_period(world, login):
    dossier = submitted(world)
    client = login(world.user("leader_a"))
    step(client, dossier, "post")
    dossier.refresh_from_db()
    assert dossier.status == "posted"
    until = work_calendar(province=world.province).add(timezone.localdate(), 2)
    assert dossier.posted_until == until
    html = text(client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert f"Đang niêm yết công khai tại xã đến hết ngày {until:%d/%m/%Y}" in html
    assert "Chuyển Huyện Cao Lãnh thẩm định</button>" in html and "disabled" in html
    posting = text(client.get(reverse("dossiers:posting_list")))
    assert "Nguyễn Văn Đức A" in posting and "1.350.000\xa0₫" in posting
    assert "Người khuyết tật nặng, khuyết tật đặc biệt nặng" in posting
    # Too early: nothing moves.
    step(client, dossier, "forward")
    dossier.refresh_from_db()
    assert dossier.status == "posted"
    Dossier.objects.filter(pk=dossier.pk).update(posted_until=timezone.localdate() - timedelta(days=1))
    response = step(client, dossier, "forward")
    dossier.refresh_from_db()
    assert dossier.status == "forwarded"
    assert "Đã chuyển Huyện Cao Lãnh, chờ thẩm định" in text(client.get(response.url))


def test_district_officer_appraises(world, login):
    dossier = forwarded(world)
    client = login(world.user("district_officer"))
    html = text(client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert "Thẩm định đạt</button>" in html
    step(client, dossier, "appraise", note="Đủ điều kiện")
    dossier.refresh_from_db()
    assert dossier.status == "appraised"
    event = DossierEvent.objects.get(dossier=dossier, action="appraise")
    assert (event.actor, event.reason) == (world.user("district_officer"), "Đủ điều kiện")


def test_district_leader_decides_and_the_entitlement_appears(world, login):
    dossier = appraised(world)
    client = login(world.user("district_leader"))
    url = reverse("dossiers:dossier_decide", args=[dossier.pk]) + "?ket-qua=approve"
    html = text(client.get(url))
    assert 'value="Chủ tịch"' in html and "Quyết định của Chủ tịch UBND Huyện Cao Lãnh" in html
    response = client.post(
        url,
        {"number": "125/QĐ-UBND", "signed_on": "20/10/2026", "signer_title": "Phó Chủ tịch",
         "signer_name": "Trần Văn Phó", "version": dossier.version},
    )  # fmt: skip
    assert response.status_code == 302
    decision = Decision.objects.get(dossier=dossier)
    assert (decision.number, decision.amount, decision.effective_month) == ("125/QĐ-UBND", 1_350_000, date(2026, 10, 1))
    entitlement = Entitlement.objects.get(person=world.people["a"])
    assert (entitlement.status, entitlement.amount, entitlement.decision) == ("active", 1_350_000, decision)
    html = text(client.get(response.url))
    assert "Đã ký văn bản số 125/QĐ-UBND." in html and "Đã quyết định hưởng" in html
    person_page = text(client.get(reverse("beneficiaries:person_detail", args=[world.people["a"].pk])))
    assert 'data-testid="entitlements"' in person_page and "1.350.000\xa0₫" in person_page
    assert "125/QĐ-UBND" in person_page


def test_decision_prints_as_html_and_docx(world, login):
    dossier = approved(world)
    client = login(world.user("district_leader"))
    html = text(client.get(reverse("dossiers:decision_print", args=[dossier.pk])))
    for line in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HUYỆN CAO LÃNH",
        "Số: 125/QĐ-UBND",
        "Cao Lãnh, ngày 20 tháng 10 năm 2026",
        "Về việc trợ cấp xã hội hàng tháng",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CAO LÃNH",
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15/03/2021",
        "Căn cứ khoản 6 Điều 5 Nghị định 20/2021/NĐ-CP;",
        "Trợ cấp xã hội hàng tháng đối với ông Nguyễn Văn Đức A, sinh ngày 17/05/1950",
        "Diện hưởng: Người khuyết tật nặng, khuyết tật đặc biệt nặng (khoản 6 Điều 5 Nghị định 20/2021/NĐ-CP).",
        "Hệ số: 2,5. Mức hưởng hàng tháng: 1.350.000 ₫ (điểm i khoản 1 Điều 6",
        "Thời gian hưởng: từ tháng 10/2026.",
        "<strong>Điều 2.</strong> Ủy ban nhân dân Thị trấn Mỹ Thọ có trách nhiệm tổ chức chi trả",
        "<strong>Điều 3.</strong>",
        "Trần Văn Chủ",
    ]:
        assert line in html, line
    response = client.get(reverse("dossiers:decision_docx", args=[dossier.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-125-Q-UBND.docx"'
    from docx import Document

    document = Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(p.text for t in document.tables for cell in t._cells for p in cell.paragraphs)
    assert "QUYẾT ĐỊNH" in body and "Về việc trợ cấp xã hội hàng tháng" in body
    assert "Điều 1. Trợ cấp xã hội hàng tháng đối với ông Nguyễn Văn Đức A" in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Cao Lãnh, ngày 20 tháng 10 năm 2026" in cells


def _through_the_district(world, dossier, *, post=True):
    """Submitted → (posted →) forwarded → appraised, as the services do it."""
    if post:
        services.dossier_post(actor=world.user("leader_a"), dossier=dossier)
        Dossier.objects.filter(pk=dossier.pk).update(posted_until=timezone.localdate() - timedelta(days=1))
        dossier.refresh_from_db()
    services.dossier_forward(actor=world.user("leader_a"), dossier=dossier)
    return services.dossier_appraise(actor=world.user("district_officer"), dossier=dossier)


def test_care_support_goes_the_same_way_and_prints_the_person_cared_for(world, login):
    child = f.PersonFactory(full_name="Trần Thị Bé", commune=world.commune_a, birth_date=date(2024, 3, 1),
                            sex="F")  # fmt: skip
    dossier = services.dossier_open(
        actor=world.user("officer_a"), person=world.people["a"], kind="care", category=cat("20.1"), subject=child,
        received_on=RECEIVED,
    )  # fmt: skip
    services.dossier_attach(actor=world.user("officer_a"), dossier=dossier, kind="application", uploaded_file=pdf())
    services.dossier_submit(actor=world.user("officer_a"), dossier=dossier)
    _through_the_district(world, dossier)
    client = login(world.user("district_leader"))
    client.post(
        reverse("dossiers:dossier_decide", args=[dossier.pk]) + "?ket-qua=approve",
        {"number": "130/QĐ-UBND", "signed_on": "20/10/2026", "signer_title": "Chủ tịch", "signer_name": "Trần Văn Chủ",
         "version": dossier.version},
    )  # fmt: skip
    entitlement = Entitlement.objects.get(person=world.people["a"])
    assert (entitlement.subject, entitlement.amount) == (child, 1_350_000)  # 2,5 × 540.000 ₫: a child under 4
    html = text(client.get(reverse("dossiers:decision_print", args=[dossier.pk])))
    assert "Về việc hỗ trợ kinh phí chăm sóc, nuôi dưỡng" in html
    assert "chăm sóc, nuôi dưỡng bà Trần Thị Bé (sinh ngày 01/03/2024)" in html


def test_funeral_support_skips_the_posting_and_prints_the_organiser(world, login):
    approved(world)
    person = world.people["a"]
    person.death_date = date(2026, 10, 25)
    person.save(update_fields=["death_date"])
    officer = login(world.user("officer_a"))
    officer.post(
        reverse("dossiers:dossier_create") + f"?person={person.pk}&kind=funeral",
        {"received_on": "28/10/2026", "death_date": "25/10/2026", "organiser_name": "Nguyễn Văn Con",
         "organiser_id_number": "087099000123", "organiser_relation": "Con"},
    )  # fmt: skip
    dossier = Dossier.objects.get(kind="funeral")
    html = text(officer.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert "10.800.000 ₫" in html  # 20 × 540.000 ₫ (Art. 11)
    assert "Nguyễn Văn Con – 087099000123 – Con" in html
    services.dossier_attach(actor=world.user("officer_a"), dossier=dossier, kind="death_certificate",
                            uploaded_file=pdf("giay-bao-tu.pdf"))  # fmt: skip
    services.dossier_submit(actor=world.user("officer_a"), dossier=dossier)
    leader = text(login(world.user("leader_a")).get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert "Chuyển Huyện Cao Lãnh thẩm định</button>" in leader and "Duyệt và niêm yết" not in leader
    assert "Xã xét duyệt; Huyện Cao Lãnh thẩm định và quyết định (khoản 2 Điều 11" in leader
    _through_the_district(world, dossier, post=False)
    services.dossier_decide(
        actor=world.user("district_leader"), dossier=dossier, approve=True,
        signature=Signature("140/QĐ-UBND", date(2026, 10, 30), "Chủ tịch", "Trần Văn Chủ"),
    )  # fmt: skip
    html = text(login(world.user("district_leader")).get(reverse("dossiers:decision_print", args=[dossier.pk])))
    assert "Về việc hỗ trợ chi phí mai táng" in html
    assert "Hỗ trợ chi phí mai táng cho Nguyễn Văn Con (Con) đã tổ chức mai táng cho ông Nguyễn Văn Đức A, " \
           "sinh ngày 17/05/1950, mất ngày 25/10/2026" in html  # fmt: skip
    assert "Mức hỗ trợ: 10.800.000 ₫" in html


def test_vice_chairman_signs_on_behalf(world, login):
    dossier = appraised(world)
    services.dossier_decide(
        actor=world.user("district_leader"),
        dossier=dossier,
        approve=True,
        signature=Signature("7/QĐ-UBND", SIGNED, "Phó Chủ tịch", "Trần Văn Phó"),
    )
    html = text(login(world.user("district_leader")).get(reverse("dossiers:decision_print", args=[dossier.pk])))
    assert "<p>KT. CHỦ TỊCH</p><p>PHÓ CHỦ TỊCH</p>" in html


def test_return_needs_a_reason_and_the_officer_reads_it(world, login):
    dossier = submitted(world)
    client = login(world.user("leader_a"))
    response = step(client, dossier, "return", reason="   ")
    assert "Lý do: Cần ghi rõ lý do trả lại hồ sơ." in text(client.get(response.url))
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    step(client, dossier, "return", reason="Thiếu giấy xác nhận khuyết tật")
    dossier.refresh_from_db()
    assert dossier.status == "returned"
    officer = login(world.user("officer_a"))
    html = text(officer.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert "Hồ sơ bị trả lại để bổ sung:</strong> Thiếu giấy xác nhận khuyết tật" in html
    assert "Sửa hồ sơ" in html and "Nộp hồ sơ</button>" in html


def test_refusal_needs_reasons_and_prints_as_a_letter(world, login):
    dossier = appraised(world)
    client = login(world.user("district_leader"))
    url = reverse("dossiers:dossier_decide", args=[dossier.pk]) + "?ket-qua=reject"
    data = {"number": "88/UBND-LĐTBXH", "signed_on": "20/10/2026", "signer_title": "Chủ tịch",
            "signer_name": "Trần Văn Chủ", "version": dossier.version}  # fmt: skip
    assert "Văn bản trả lời phải nêu rõ lý do." in text(client.post(url, data))
    assert not Decision.objects.exists()
    client.post(url, {**data, "reasons": "Đang hưởng lương hưu."})
    dossier.refresh_from_db()
    assert dossier.status == "rejected" and not Entitlement.objects.exists()
    html = text(client.get(reverse("dossiers:decision_print", args=[dossier.pk])))
    assert "V/v trả lời đề nghị trợ cấp xã hội hàng tháng" in html
    assert "hồ sơ không đủ điều kiện hưởng vì: Đang hưởng lương hưu." in html


def test_a_step_from_a_stale_page_does_nothing(world, login):
    dossier = submitted(world)
    client = login(world.user("leader_a"))
    response = client.post(
        reverse("dossiers:dossier_step", args=[dossier.pk, "post"]), {"version": dossier.version - 1}
    )
    assert "Hồ sơ vừa được người khác thay đổi" in text(client.get(response.url))
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


# --- The two-level flow -------------------------------------------------------------------------------------------


def _two_level_leader(world):
    user = f.UserFactory(username="leader_2a", full_name="Lê Thị Chủ Tịch")
    user.active_assignment = assignment_grant(user=user, role=Role.COMMUNE_LEADER, unit=world.commune_2a, actor=None)
    return user


def test_two_level_commune_leader_decides_within_ten_working_days(world, login):
    leader = _two_level_leader(world)
    dossier = submitted(world, "2a", actor="officer_2level")
    assert dossier.flow == "two_level"
    assert dossier.due_on == work_calendar(province=world.province2).add(RECEIVED, 10)
    client = login(leader)
    html = text(client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert "Hạn Chủ tịch UBND xã quyết định" in html and "Ký quyết định hưởng</a>" in html
    assert "Duyệt và niêm yết" not in html
    assert "huyện" not in html.lower()
    client.post(
        reverse("dossiers:dossier_decide", args=[dossier.pk]) + "?ket-qua=approve",
        {"number": "15/QĐ-UBND", "signed_on": "20/10/2026", "signer_title": "Chủ tịch",
         "signer_name": "Lê Thị Chủ Tịch", "version": dossier.version},
    )  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == "approved"
    decision = dossier.decision
    assert (decision.unit, decision.authority) == (world.commune_2a, "Ủy ban nhân dân Phường Ninh Kiều")
    assert Entitlement.objects.get(person=world.people["2a"]).amount == 1_350_000
    html = text(client.get(reverse("dossiers:decision_print", args=[dossier.pk])))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU" in html
    assert "Căn cứ Nghị định số 147/2025/NĐ-CP" in html
    assert "Ninh Kiều, ngày 20 tháng 10 năm 2026" in html
    assert "huyện" not in html.lower()


# --- Lists ------------------------------------------------------------------------------------------------------


def test_list_shows_status_deadline_and_overdue(world, login):
    dossier = submitted(world)
    Dossier.objects.filter(pk=dossier.pk).update(due_on=timezone.localdate() - timedelta(days=4))
    open_dossier(world, "a", code="5.5.a")
    client = login(world.user("officer_a"))
    html = text(client.get(reverse("dossiers:dossier_list")))
    assert "Lập hồ sơ mới" in html
    assert "05/10/2026" in html and badge("Đã nộp, chờ xã xét duyệt") in html and badge("Đang lập") in html
    assert "quá hạn 4 ngày" in html
    html = text(client.get(reverse("dossiers:dossier_list"), {"overdue": "on"}))
    assert "quá hạn 4 ngày" in html and badge("Đang lập") not in html
    partial = text(client.get(reverse("dossiers:dossier_list"), {"overdue": "on"}, HTTP_HX_REQUEST="true"))
    assert "quá hạn 4 ngày" in partial and "<html" not in partial  # htmx swaps only the table
    html = text(client.get(reverse("dossiers:dossier_list"), {"status": "draft"}))
    assert badge("Đang lập") in html and badge("Đã nộp, chờ xã xét duyệt") not in html


def test_awaiting_me_filter_shows_the_leader_what_to_review(world, login):
    submitted(world)
    open_dossier(world, "a", code="5.5.a")
    html = text(login(world.user("leader_a")).get(reverse("dossiers:dossier_list"), {"mine": "on"}))
    assert badge("Đã nộp, chờ xã xét duyệt") in html and badge("Đang lập") not in html
    assert "Lập hồ sơ mới" not in html


def test_hiv_category_is_a_dash_without_the_permission(world, login):
    person = poor(world.people["a"])
    person.hiv_positive = True
    person.save(update_fields=["hiv_positive"])
    dossier = open_dossier(world, code="5.8")
    officer = text(login(world.user("officer_a")).get(reverse("dossiers:dossier_list")))
    assert "5.8 · Người nhiễm HIV/AIDS" in officer
    client = login(world.user("province_officer"))
    html = text(client.get(reverse("dossiers:dossier_list")))
    assert "HIV" not in html and "5.8" not in html
    detail = text(client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])))
    assert "HIV" not in detail and "(thông tin được bảo mật)" in detail


def test_list_queries_do_not_grow_with_rows(world, login, django_assert_max_num_queries):
    client = login(world.user("district_officer"))
    open_dossier(world)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("dossiers:dossier_list"))
    for key in ("a", "a", "b", "b", "a"):
        actor = "officer_a" if key == "a" else "officer_b"
        open_dossier(world, key, actor=actor)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = text(client.get(reverse("dossiers:dossier_list")))
    assert html.count('data-testid="status"') == 6


def test_posting_list_omits_hiv_dossiers(world, login):
    village = world.people["a"].village
    world.people["hiv"] = poor(
        f.PersonFactory(full_name="Lâm Văn Hải", commune=world.commune_a, village=village,
                        birth_date=date(1986, 2, 3), hiv_positive=True)
    )  # fmt: skip
    hiv = submitted(world, "hiv", code="5.8")
    services.dossier_post(actor=world.user("leader_a"), dossier=hiv)
    visible = submitted(world, "a")
    services.dossier_post(actor=world.user("leader_a"), dossier=visible)
    html = text(login(world.user("leader_a")).get(reverse("dossiers:posting_list")))
    assert "Nguyễn Văn Đức A" in html and "Lâm Văn Hải" not in html
    assert "HIV" not in html and "Diện khác" not in html
    assert "@page { size: A4 portrait" in html


# --- Scope and permissions ----------------------------------------------------------------------------------------


def signature(dossier) -> dict:
    return {"number": "9/QĐ-UBND", "signed_on": "20/10/2026", "signer_title": "Chủ tịch", "signer_name": "X",
            "reasons": "x", "version": dossier.version}  # fmt: skip


def _urls(dossier, attachment):
    pk = dossier.pk
    return [
        ("get", reverse("dossiers:dossier_detail", args=[pk]), {}),
        ("get", reverse("dossiers:dossier_edit", args=[pk]), {}),
        ("post", reverse("dossiers:dossier_edit", args=[pk]), {"note": "x", "version": dossier.version}),
        ("post", reverse("dossiers:dossier_edit_preview", args=[pk]), {}),
        ("post", reverse("dossiers:attachment_add", args=[pk]), {"kind": "other"}),
        ("get", reverse("dossiers:attachment_download", args=[pk, attachment.pk]), {}),
        *[
            ("post", reverse("dossiers:dossier_step", args=[pk, action]), {"version": dossier.version, "reason": "x"})
            for action in ("submit", "post", "forward", "appraise", "return")
        ],
        *[
            (method, reverse("dossiers:dossier_decide", args=[pk]) + f"?ket-qua={outcome}", signature(dossier))
            for method in ("get", "post")
            for outcome in ("approve", "reject")
        ],
        ("get", reverse("dossiers:decision_print", args=[pk]), {}),
        ("get", reverse("dossiers:decision_docx", args=[pk]), {}),
    ]


def test_officer_b_gets_404_on_every_dossier_url_of_commune_a(world, login):
    decided = approved(world)
    world.people["a2"] = f.PersonFactory(full_name="Phạm Thị Cúc", commune=world.commune_a)
    draft = open_dossier(world, "a2")  # a draft officer_b's steps would otherwise move on
    services.dossier_attach(actor=world.user("officer_a"), dossier=draft, kind="application", uploaded_file=pdf())

    def state():
        rows = Dossier.objects.order_by("pk").values_list("status", "version", "note")
        return list(rows), DossierEvent.objects.count(), Attachment.objects.count(), Decision.objects.count()

    before = state()
    client = login(world.user("officer_b"))
    for dossier in (decided, draft):
        for method, url, data in _urls(dossier, dossier.attachments.get()):
            if method == "post" and "giay-to" in url:
                data = {**data, "file": pdf()}
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, url
    assert state() == before
    html = text(client.get(reverse("dossiers:dossier_list")))
    assert "Nguyễn Văn Đức A" not in html and "Phạm Thị Cúc" not in html


def test_officer_b_cannot_open_a_dossier_for_commune_a(world, login):
    client = login(world.user("officer_b"))
    url = reverse("dossiers:dossier_create") + f"?person={world.people['a'].pk}&kind=monthly"
    assert client.get(url).status_code == 404
    assert client.post(url, {"category": cat("5.6").pk, "received_on": "05/10/2026"}).status_code == 404
    assert not Dossier.objects.exists()


def test_leaders_of_other_steps_get_404_outside_their_district(world, login):
    dossier = appraised(world)
    other = f.UserFactory(username="leader_lapvo")
    other.active_assignment = assignment_grant(user=other, role=Role.DISTRICT_LEADER, unit=world.district2, actor=None)
    client = login(other)
    url = reverse("dossiers:dossier_decide", args=[dossier.pk]) + "?ket-qua=approve"
    assert client.get(url).status_code == 404
    data = {"number": "1/QĐ", "signed_on": "20/10/2026", "signer_title": "Chủ tịch", "signer_name": "X",
            "version": dossier.version}  # fmt: skip
    assert client.post(url, data).status_code == 404
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("persona", "method", "name", "action"),
    [
        ("auditor", "post", "dossiers:dossier_step", "submit"),
        ("auditor", "post", "dossiers:dossier_step", "post"),
        ("province_officer", "post", "dossiers:dossier_step", "return"),
        ("auditor", "post", "dossiers:attachment_add", None),
        ("leader_a", "get", "dossiers:dossier_edit", None),
        ("district_officer", "post", "dossiers:dossier_edit", None),
        ("officer_a", "get", "dossiers:dossier_decide", "approve"),
        ("province_officer", "post", "dossiers:dossier_decide", "reject"),
        ("facility_staff", "get", "dossiers:dossier_detail", None),
    ],
)
def test_roles_without_the_permission_get_403_and_nothing_changes(world, login, persona, method, name, action):
    dossier = submitted(world)
    before = (dossier.status, dossier.version, DossierEvent.objects.count(), Attachment.objects.count())
    if name == "dossiers:dossier_step":
        url = reverse(name, args=[dossier.pk, action])
    elif name == "dossiers:dossier_decide":
        url = reverse(name, args=[dossier.pk]) + f"?ket-qua={action}"
    else:
        url = reverse(name, args=[dossier.pk])
    data = {"version": dossier.version, "reason": "x", "kind": "other", "file": pdf(), "note": "x",
            "number": "1/QĐ", "signed_on": "20/10/2026", "signer_title": "Chủ tịch", "signer_name": "X",
            "reasons": "x"}  # fmt: skip
    response = getattr(login(world.user(persona)), method)(url, data if method == "post" else {})
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version, DossierEvent.objects.count(), Attachment.objects.count()) == before
    assert not Decision.objects.exists()


def test_maker_cannot_check_even_with_a_second_role(world, login):
    """A user who is both officer and leader of commune A prepares a dossier, then switches to the leader role:
    posting it is refused with a message and nothing moves (maker ≠ checker)."""
    user = f.UserFactory(username="kiem_nhiem", full_name="Võ Văn Kiêm")
    as_officer = assignment_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_a, actor=None)
    as_leader = assignment_grant(user=user, role=Role.COMMUNE_LEADER, unit=world.commune_a, actor=None)
    user.active_assignment = as_officer
    world.users["kiem_nhiem"] = user
    dossier = submitted(world, actor="kiem_nhiem")
    client = login(user)
    session = client.session
    session[SESSION_KEY] = as_leader.pk
    session.save()
    response = step(client, dossier, "post")
    assert "Người lập hồ sơ không được tự duyệt hoặc quyết định hồ sơ của mình." in text(client.get(response.url))
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
