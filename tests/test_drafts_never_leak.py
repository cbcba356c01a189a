"""A draft report never shows through to anyone without view_draft.

The draft carries a marker word in everything it says (title, summary, a
section, each response and status sentence, a minute) and proposes different
statuses from the published report. For an anonymous visitor and a signed-in
outsider, every committee page, every export, every search and filter, the
as-at and changes pages and the dashboard's counts must read exactly as they
did before the draft existed, and the marker must appear nowhere. Committee
members, who may read drafts, do see it: that shows the pages would carry it
if they leaked.
"""

import io
import re
import subprocess

import docx
import openpyxl
import pytest
from django.test import Client

from recommendations.models import MembersDecision, Outcome, Recommendation, ReportSection, Status
from strategy.models import Activity, Strategy
from tests.factories import add_update, draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

MARKER = "Quizzlebrook"
EXPORTS = ["html", "pdf", "docx", "csv", "xlsx"]
TABLE_QUERIES = [
    "",
    "q=drugs",
    f"q={MARKER}",
    f"q={MARKER.lower()}",
    "status=complete",
    "status=outstanding",
    "status=consideration",
    "status=none",
    "overdue=yes",
    "overdue=no",
    "linked=yes",
    "sort=status",
    "sort=-due",
    "page=1",
    "_export=csv",
    "_export=xlsx",
    f"q={MARKER}&_export=csv",
    "status=outstanding&_export=xlsx",
]


def number(n):
    return Recommendation.objects.get(number=n)


def make_draft():
    """A later draft that moves 1 from complete to outstanding, 2 to complete and links 9 to 1."""
    draft = draft_report_changing(
        number(1),
        Status.OUTSTANDING,
        timescale=(0, 3),
        response=f"{MARKER} progress: the work has started again.",
    )
    draft.title = f"{MARKER} drugs scrutiny update"
    draft.summary = f"Members are asked to note the {MARKER} changes."
    draft.save()
    ReportSection.objects.create(
        report=draft, letter="C", heading=f"{MARKER} impact", body=f"The {MARKER} section."
    )
    complete = add_update(draft, number(2), Status.COMPLETE, response=f"{MARKER} finished it.")
    complete.status_statement = f"It is suggested that {MARKER} is complete."
    complete.save()
    add_update(
        draft,
        number(9),
        Status.CONSIDERATION,
        linked_to=number(1),
        response=f"See the {MARKER} work on recommendation 1.",
    )
    # Not how the workflow goes, but a decision must not leak even if one exists.
    MembersDecision.objects.create(
        update=complete, outcome=Outcome.AGREED_COMPLETE, minute=f"{MARKER} agreed."
    )
    return draft


def page_urls(published):
    """Every page an outsider may open, with the table's filters and every export."""
    urls = [
        "/",
        "/glossary/",
        "/reports/",
        f"/reports/{published.pk}/",
        f"/reports/{published.pk}/as-at/",
        f"/reports/{published.pk}/changes/",
        f"/reports/{published.pk}/as-at/?page=1",
    ]
    urls += [f"/recommendations/?{query}" for query in TABLE_QUERIES]
    urls += [
        f"/recommendations/{pk}/" for pk in Recommendation.objects.values_list("pk", flat=True)
    ]
    urls += [f"/reports/{published.pk}/export.{fmt}" for fmt in EXPORTS]
    urls += [f"/strategy/{pk}/" for pk in Strategy.objects.values_list("pk", flat=True)]
    urls += [f"/strategy/activities/{pk}/" for pk in Activity.objects.values_list("pk", flat=True)]
    return urls


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def readable(response, tmp_path) -> str:
    """What a reader of the response sees, whatever its format."""
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        path = tmp_path / "export.pdf"
        path.write_bytes(response.content)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    if "wordprocessingml" in kind:
        document = docx.Document(io.BytesIO(response.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)
    if "spreadsheetml" in kind:
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
        )
    # A signed-in page's sign-out form carries a fresh token in every response.
    return CSRF_TOKEN.sub("csrf", response.content.decode())


def read_all(client, urls, tmp_path) -> dict[str, tuple[int, str]]:
    return {
        url: (response.status_code, readable(response, tmp_path))
        for url in urls
        for response in [client.get(url)]
    }


@pytest.fixture
def published(seed):
    return seed_report()


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_every_page_and_export_reads_as_it_did_before_the_draft(who, published, request, tmp_path):
    client = Client()
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    urls = page_urls(published)
    before = read_all(client, urls, tmp_path)
    make_draft()
    after = read_all(client, urls, tmp_path)

    # A search for the marker repeats it in the search box and links; what it finds
    # is held to being the same as before the draft existed.
    leaks = [
        url
        for url, (_, text) in after.items()
        if MARKER.lower() in text.lower() and MARKER.lower() not in url.lower()
    ]
    assert leaks == []
    changed = [url for url in urls if after[url] != before[url]]
    assert changed == []
    # The pages were really read: nothing here is an error page.
    assert {url: status for url, (status, _) in after.items() if status != 200} == {}


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_draft_itself_is_missing(who, published, request):
    client = Client()
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    draft = make_draft()
    for path in ["", "as-at/", "changes/", *(f"export.{fmt}" for fmt in EXPORTS)]:
        assert client.get(f"/reports/{draft.pk}/{path}").status_code == 404
    # Nor can the changes page be asked to compare with it.
    response = client.get(f"/reports/{published.pk}/changes/?since={draft.pk}")
    assert response.status_code == 400
    assert MARKER not in response.text


def test_searching_for_the_marker_finds_nothing_for_visitors(published, client):
    make_draft()
    response = client.get(f"/recommendations/?q={MARKER}")
    assert response.status_code == 200
    assert "No recommendations match the search" in response.text
    results = response.text.split('<h2 class="govuk-heading-m">Results</h2>', 1)[1]
    assert 'href="/recommendations/' not in results


def test_members_do_see_the_draft_everywhere(published, member, client_for):
    client = client_for(member)
    dashboard_before = client.get("/").content
    draft = make_draft()
    assert MARKER in client.get(f"/reports/{draft.pk}/").text
    assert MARKER in client.get(f"/recommendations/{number(1).pk}/").text
    assert MARKER in client.get(f"/reports/{draft.pk}/export.csv").content.decode()
    found = client.get(f"/recommendations/?q={MARKER}")
    for n in (1, 2, 9):
        assert f'href="/recommendations/{number(n).pk}/' in found.text
    # The dashboard counts the draft's proposals.
    assert client.get("/").content != dashboard_before
    listed = client.get("/recommendations/?status=outstanding").text
    assert f'href="/recommendations/{number(1).pk}/' in listed


def test_visitors_status_of_a_changed_recommendation_stays_the_published_one(published, client):
    make_draft()
    complete = client.get("/recommendations/?status=complete").text
    assert f'href="/recommendations/{number(1).pk}/' in complete
    outstanding = client.get("/recommendations/?status=outstanding").text
    assert f'href="/recommendations/{number(1).pk}/' not in outstanding
