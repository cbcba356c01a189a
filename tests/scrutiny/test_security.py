import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/admin/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_sign_in_locks_after_five_failures_even_with_the_right_password(client):
    User.objects.create_user("officer", password="right-password-123", is_staff=True)
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "officer", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    response = client.post(
        "/admin/login/",
        {"username": "officer", "password": "right-password-123"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429
    assert "Sign-in locked" in response.text
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_lockouts_follow_the_client_not_the_proxy(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0  # as PROXY_COUNT=1 sets it: one proxy, nginx
    settings.AXES_IPWARE_PROXY_ORDER = "right-most"
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    User.objects.create_user("officer", password="right-password-123", is_staff=True)

    def sign_in(password, client_address):
        return client.post(
            "/admin/login/",
            {"username": "officer", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for _ in range(5):
        sign_in("wrong", "203.0.113.9")
    assert sign_in("right-password-123", "203.0.113.9").status_code == 429
    assert sign_in("right-password-123", "198.51.100.7").status_code == 302
