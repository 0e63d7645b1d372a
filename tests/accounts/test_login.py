"""Login through the real form (with throttling), logout and the security log."""

from django.test import override_settings
from django.urls import reverse

from accounts.models import SecurityEvent

LOGIN = "/tai-khoan/dang-nhap/"


def _post(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.0.0.5")


def test_login_page_is_vietnamese_and_public(client, db):
    html = client.get(LOGIN).content.decode()
    assert "Tên đăng nhập" in html and "Mật khẩu" in html and 'lang="vi"' in html


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("beneficiaries:person_list"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_good_login_records_an_event_and_lands_home(world, client):
    response = _post(client, "officer_a", "demo12345")
    assert response.status_code == 302 and response["Location"] == "/"
    assert SecurityEvent.objects.filter(kind="login", username="officer_a", ip_address="10.0.0.5").count() == 1
    assert "Thị trấn Mỹ Thọ" in client.get("/").content.decode()


def test_wrong_password_shows_vietnamese_error_and_is_recorded(world, client):
    response = _post(client, "officer_a", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="login_failed", username="officer_a").count() == 1


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_out_even_the_right_password(world, client):
    for _ in range(3):
        _post(client, "officer_a", "sai-mat-khau")
    response = _post(client, "officer_a", "demo12345")
    assert response.status_code == 429
    assert "tạm thời bị khoá" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="locked_out", username="officer_a").exists()
    assert not SecurityEvent.objects.filter(kind="login", username="officer_a").exists()


def test_logout_ends_the_session(world, client):
    _post(client, "officer_a", "demo12345")
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 302
    assert SecurityEvent.objects.filter(kind="logout", username="officer_a").exists()
