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
