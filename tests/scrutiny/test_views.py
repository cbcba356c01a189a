import pytest


@pytest.mark.django_db
def test_health_answers_ok_without_touching_the_database(client, get_with_queries):
    response = get_with_queries(client, 0, "/health/")
    assert response.status_code == 200
    assert response.text == "ok"


def test_health_rejects_post(client):
    assert client.post("/health/").status_code == 405
