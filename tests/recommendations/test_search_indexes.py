import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_full_text_search_has_its_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search'")
        names = {row[0] for row in cursor.fetchall()}
    assert names >= {"recommendation_search", "update_response_search"}
