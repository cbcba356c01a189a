import pytest
from django.urls import reverse

from recommendations.admin import ImportForm
from recommendations.models import ProgressUpdate, Recommendation, Report
from tests.factories import (
    bulk_recommendations,
    example_upload,
    imported_count,
    upload,
)

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:recommendations_recommendation_import")
CHANGELIST = reverse("admin:recommendations_recommendation_changelist")


class TestForm:
    @pytest.mark.parametrize("who", ["staff", "officer"])
    def test_it_shows_the_form_and_the_format(self, seed, client_for, who, request):
        response = client_for(request.getfixturevalue(who)).get(IMPORT)
        assert response.status_code == 200
        assert '<input type="file" name="file"' in response.text
        assert 'enctype="multipart/form-data"' in response.text
        assert '<label class="required" for="id_file">CSV file</label>' in response.text
        assert 'aria-describedby="id_file_helptext"' in response.text
        assert "<caption>Columns of the CSV file, in any order</caption>" in response.text
        assert '<th scope="row"><code>timescale</code></th>' in response.text

    @pytest.mark.parametrize("extra", [0, 300])
    def test_its_query_count_is_fixed(self, seed, officer, client_for, get_with_queries, extra):
        if extra:
            bulk_recommendations(extra)
        client = client_for(officer)
        client.get(IMPORT)  # warm the session
        get_with_queries(client, 4, IMPORT)

    def test_the_changelist_links_to_it_for_people_who_may_add(self, seed, staff, client_for):
        response = client_for(staff).get(CHANGELIST)
        assert f'<a href="{IMPORT}">Import from CSV</a>' in response.text

    def test_the_changelist_hides_the_link_from_members(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST)
        assert response.status_code == 200
        assert "Import from CSV" not in response.text


class TestWhoMayImport:
    def test_members_are_refused(self, seed, member, client_for):
        client = client_for(member)
        assert client.get(IMPORT).status_code == 403
        assert client.post(IMPORT, example_upload()).status_code == 403
        assert imported_count() == 0

    def test_people_without_staff_access_are_sent_to_sign_in(self, seed, outsider, client_for):
        response = client_for(outsider).post(IMPORT, example_upload())
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert imported_count() == 0

    def test_anonymous_visitors_are_sent_to_sign_in(self, seed, client):
        response = client.get(IMPORT)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    @pytest.mark.parametrize("method", ["put", "delete", "patch"])
    def test_it_rejects_other_methods(self, seed, officer, client_for, method):
        response = getattr(client_for(officer), method)(IMPORT)
        assert response.status_code == 405


class TestImporting:
    def test_a_good_file_is_imported_and_the_counts_shown(self, seed, officer, client_for):
        response = client_for(officer).post(IMPORT, example_upload(), follow=True)

        assert response.redirect_chain == [(CHANGELIST, 302)]
        assert (
            "Imported example_import.csv. Scrutinies: 1 created, 0 updated. "
            "Recommendations: 7 created, 0 updated, 0 unchanged. Reports: 1 created, 0 updated. "
            "Progress updates: 7 created, 0 updated, 0 unchanged."
        ) in response.text
        assert imported_count() == 7
        report = Report.objects.get(scrutiny__title__startswith="Example")
        assert not report.is_published
        update = ProgressUpdate.objects.filter(report=report).first()
        assert update.history.latest().history_user == officer

    def test_a_bad_file_lists_every_problem_and_changes_nothing(self, seed, staff, client_for):
        content = (
            b"scrutiny,number,text\r\n"
            b"MPA Drugs Scrutiny,1,Would change recommendation 1.\r\n"
            b"MPA Drugs Scrutiny,two,A bad number.\r\n"
            b"MPA Drugs Scrutiny,25,\r\n"
        )
        response = client_for(staff).post(IMPORT, upload(content))

        assert response.status_code == 200
        assert "<title>Error: Import recommendations from CSV" in response.text
        assert "Nothing was imported: 2 problems to fix" in response.text
        assert "<li>Row 3, number: &#x27;two&#x27; is not a whole number.</li>" in response.text
        assert "<li>Row 4, text: is empty; give the recommendation&#x27;s text.</li>" in (
            response.text
        )
        assert Recommendation.objects.count() == 24
        assert Recommendation.objects.get(number=1).text.startswith("As a priority")

    def test_staff_are_told_what_their_permissions_refuse(self, seed, staff, client_for):
        response = client_for(staff).post(IMPORT, example_upload())
        assert "Row 2, report_number: you may not add reports" in response.text
        assert imported_count() == 0

    def test_a_post_without_a_file_asks_for_one(self, seed, staff, client_for):
        response = client_for(staff).post(IMPORT, {})
        assert response.status_code == 200
        assert "This field is required." in response.text
        assert 'aria-invalid="true"' in response.text

    def test_a_file_too_large_is_refused(self, seed, officer, client_for, monkeypatch):
        monkeypatch.setattr(ImportForm, "MAX_BYTES", 100)
        response = client_for(officer).post(IMPORT, example_upload())
        assert "The file is larger than 5 MB" in response.text
        assert imported_count() == 0

    def test_a_file_that_is_not_utf8_is_refused(self, seed, officer, client_for):
        response = client_for(officer).post(IMPORT, upload("scrutiny\nCaf\xe9".encode("cp1252")))
        assert "The file is not UTF-8 text." in response.text
