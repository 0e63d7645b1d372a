"""The shell around every page: home per role, modules not built yet, error pages, the job progress bar."""

import pytest
from django.urls import reverse

from core.models import Job

HOME_TEXT = {
    "officer_a": ("Thị trấn Mỹ Thọ", "Cán bộ cấp xã"),
    "leader_a": ("Thị trấn Mỹ Thọ", "Lãnh đạo UBND xã"),
    "district_officer": ("Huyện Cao Lãnh", "Chuyên viên cấp huyện"),
    "district_leader": ("Huyện Cao Lãnh", "Lãnh đạo cấp huyện"),
    "province_officer": ("Tỉnh Đồng Tháp", "Cán bộ Sở"),
    "facility_staff": ("Trung tâm Bảo trợ xã hội tổng hợp", "Cán bộ cơ sở trợ giúp xã hội"),
    "auditor": ("Tỉnh Đồng Tháp", "Thanh tra"),
    "officer_2level": ("Phường Ninh Kiều", "Cán bộ cấp xã"),
}


@pytest.mark.parametrize("persona", sorted(HOME_TEXT))
def test_home_shows_the_unit_and_role(world, login, persona):
    html = login(world.user(persona)).get("/").content.decode()
    unit, role = HOME_TEXT[persona]
    assert unit in html and role in html


def test_home_counts_people_per_district_for_the_province(world, login):
    html = login(world.user("province_officer")).get("/").content.decode()
    assert "Đối tượng theo huyện" in html and "Huyện Cao Lãnh" in html and "Huyện Lấp Vò" in html


def test_two_level_home_says_the_commune_decides(world, login):
    html = login(world.user("officer_2level")).get("/").content.decode()
    assert "Chủ tịch UBND cấp xã quyết định" in html


def test_unknown_page_is_a_vietnamese_404(world, login):
    response = login(world.user("officer_a")).get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_english_is_available(world, login):
    client = login(world.user("officer_a"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_registry_reload_runs_as_a_job_with_progress(world, login, django_capture_on_commit_callbacks):
    client = login(world.user("province_officer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("locations:registry_reload"), HTTP_HX_REQUEST="true")
    assert "Cập nhật danh mục đơn vị hành chính" in response.content.decode()
    job = Job.objects.get(kind="admin_units_load")
    assert job.status == Job.Status.DONE and job.percent == 100
    assert job.result["communes"]["two_level"] == 3321 + 1  # the registry's communes and the fixture's own
    partial = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert "100%" in partial and "Hoàn tất" in partial and "hx-trigger" not in partial  # polling stops
    assert response.status_code == 200


def test_job_of_another_unit_is_404(world, login):
    job = Job.objects.create(kind="x", title="Việc của Cần Thơ", unit=world.province2)
    assert login(world.user("province_officer")).get(reverse("core:job_progress", args=[job.pk])).status_code == 404


def test_a_redelivered_job_does_nothing(world):
    from core.services import job_claim

    job = Job.objects.create(kind="x", title="t")
    assert job_claim(job_id=job.pk) is True
    assert job_claim(job_id=job.pk) is False
