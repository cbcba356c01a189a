"""Hostile input everywhere: never a server error, always a clear message, nothing changed.

Hypothesis throws odd values (NUL and other control characters, any Unicode
but lone surrogates, huge and negative numbers, SQL and HTML fragments, very
long strings, repeated keys, bytes that are not UTF-8) at every query-string
parameter of the committee views, at every form, and at the CSV import. A
page answers 200, or 400 with the GOV.UK error summary; a form is shown again
with its errors; an import fails with its problems listed. The tracked data is
the same afterwards unless the input happened to be valid.

Stored text is hostile too: Markdown fields holding script, event handlers and
javascript: links must reach no page as live markup.
"""

import csv
import io
import os
from urllib.parse import quote_from_bytes, urlencode

import lxml.html
import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from recommendations.imports import COLUMNS, ImportFailed, ImportResult, import_recommendations
from recommendations.models import (
    Abbreviation,
    MembersDecision,
    Outcome,
    Recommendation,
    Report,
    ReportSection,
    Status,
)
from recommendations.paper.exports import print_stylesheet_path
from scrutiny.forms import normalise_text
from strategy.models import Activity, Strategy
from tests.database_state import snapshot
from tests.factories import add_update, draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

# Modest, so the file runs in well under a minute; HOSTILE_EXAMPLES=1000 for a long hunt.
EXAMPLES = settings(
    max_examples=int(os.getenv("HOSTILE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- What hostile input looks like

FRAGMENTS = [
    "\x00",
    "a\x00b",
    "'; DROP TABLE recommendations_recommendation; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "../../etc/passwd",
    "\r\n",
    "\u202e",
    "\ufeff",
    "\U0001f600",
    "ﷺ",
    "²",
    "٣",
    "１２",
    "½",
    "Ⅻ",
    "-1",
    "-0",
    "0",
    "+1",
    "1.5",
    "1e308",
    "NaN",
    "inf",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "0x10",
    "007",
    " 1 ",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
    "complete",
    "outstanding",
    "consideration",
    "none",
    "yes",
    "no",
    "csv",
    "xlsx",
    "number",
    "-number",
    "status",
    "-due",
    "scrutiny",
    "text",
]
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
LONG_TEXT = st.builds(
    lambda piece, times: piece * times,
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=3),
    st.integers(min_value=500, max_value=4000),
)
# Shapes that once broke pages: characters XML cannot hold (pasted from Word or a
# terminal), digits str.isdigit() accepts and int() refuses, dates at the calendar's
# edges, and Markdown or markup nested or bracketed beyond reason.
CONTROL_CHARACTERS = st.text(
    st.sampled_from("\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"), min_size=1, max_size=5
)
COMPATIBILITY_DIGITS = st.text(st.sampled_from("²³¹①⑫⒈𝟙٣۴१１"), min_size=1, max_size=4)
FAR_DATES = st.sampled_from(
    ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31", "10000-01-01", "2147483648-01-01"]
)
DEEP_MARKDOWN = st.builds(
    lambda marker, depth: "".join(f"{'  ' * level}{marker}item\n" for level in range(depth)),
    st.sampled_from(["- ", "1. ", "> "]),
    st.integers(min_value=20, max_value=250),
)
BRACKET_RUNS = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["[", "](", "[[]", "![", "[a](", "*[", "`["]),
    st.integers(min_value=500, max_value=8000),
)
DEEP_MARKUP = st.builds(
    lambda tags, depth: tags[0] * depth + "deep" + tags[1] * depth,
    st.sampled_from(
        [
            ("<em>", "</em>"),
            ("<strong><em>", "</em></strong>"),
            ("<ul><li>", "</li></ul>"),
            ("<blockquote>", "</blockquote>"),
            ("*", "*"),
        ]
    ),
    st.integers(min_value=60, max_value=1500),
)
# Elements with no words in them: PDF/UA refuses a heading without a title.
EMPTY_ELEMENTS = st.lists(
    st.sampled_from(
        [
            "## <br>",
            "<h3><em></em></h3>",
            "## \u200b",
            "#",
            "[](https://example.org)",
            "<table><caption></caption><tr><th></th></tr></table>",
            "- \n- ",
            "<blockquote></blockquote>",
            "<pre></pre>",
            "**\x87**",
        ]
    ),
    min_size=1,
    max_size=5,
).map("\n\n".join)
SHAPES = st.one_of(
    CONTROL_CHARACTERS,
    COMPATIBILITY_DIGITS,
    FAR_DATES,
    DEEP_MARKDOWN,
    BRACKET_RUNS,
    DEEP_MARKUP,
    EMPTY_ELEMENTS,
)
ODD = st.one_of(
    st.sampled_from(FRAGMENTS),
    ANY_TEXT,
    CONTROL_CHARACTERS,
    COMPATIBILITY_DIGITS,
    FAR_DATES,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    LONG_TEXT,
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
)


def query_strings(params):
    """Query strings of the given keys (repeated or not) and a few others, or raw bytes."""
    pairs = st.lists(st.tuples(st.sampled_from([*params, "other", "page", ""]), ODD), max_size=6)
    raw = st.binary(max_size=60).map(lambda data: "q=" + quote_from_bytes(data))
    return st.one_of(pairs.map(urlencode), raw)


# --- The world the tests run in


@pytest.fixture
def world(seed, member, officer, staff):
    published = seed_report()
    first = Recommendation.objects.get(scrutiny=published.scrutiny, number=1)
    draft = draft_report_changing(first, Status.OUTSTANDING, timescale=(0, 3))
    clients = {"anonymous": Client()}
    for user in (member, officer, staff):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return {"published": published, "draft": draft, "clients": clients, "staff": staff}


def assert_clear_answer(response):
    """A page, or a refusal that says what is wrong: never a server error."""
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert "govuk-error-summary" in response.text
        assert "There is a problem" in response.text


@pytest.fixture
def unchanged(world):
    """Fails the test if the tracked data differs at the end."""
    before = snapshot()
    yield
    assert snapshot() == before


def rolled_back(function):
    """Runs `function` in a savepoint that is then undone, so examples do not pile up."""
    with transaction.atomic():
        result = function()
        transaction.set_rollback(True)
    return result


# --- Query strings


LIST_PARAMS = [
    "q",
    "scrutiny",
    "status",
    "linked",
    "overdue",
    "objective",
    "sort",
    "page",
    "per_page",
    "_export",
]


@EXAMPLES
@given(query=query_strings(LIST_PARAMS), who=st.sampled_from(["anonymous", "member"]))
@example(query="per_page=-1", who="anonymous")  # once a server error
@example(query="page=%C2%B2", who="anonymous")  # a superscript two: a digit int() refuses
@example(query="scrutiny=%00&objective=99999999999999999999&q=%00", who="member")
def test_the_recommendations_table_answers_any_query_string(world, unchanged, query, who):
    response = world["clients"][who].get(f"/recommendations/?{query}")
    assert_clear_answer(response)
    event(f"status {response.status_code}")
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert "<table" in response.text or "No recommendations match" in response.text


@EXAMPLES
@given(
    query=query_strings(["sort", "page", "per_page"]),
    who=st.sampled_from(["anonymous", "member"]),
    draft=st.booleans(),
)
@example(query="per_page=-1", who="anonymous", draft=False)
@example(query="page=%C2%B2&sort=%00", who="member", draft=True)
def test_the_as_at_page_answers_any_query_string(world, unchanged, query, who, draft):
    report = world["draft"] if draft and who == "member" else world["published"]
    assert_clear_answer(world["clients"][who].get(f"/reports/{report.pk}/as-at/?{query}"))


@EXAMPLES
@given(query=query_strings(["since"]), who=st.sampled_from(["anonymous", "member"]))
def test_the_changes_page_answers_any_query_string(world, unchanged, query, who):
    for report in (world["published"], world["draft"]):
        response = world["clients"][who].get(f"/reports/{report.pk}/changes/?{query}")
        if who == "anonymous" and report == world["draft"]:
            assert response.status_code == 404
        else:
            assert_clear_answer(response)


@EXAMPLES
@given(
    query=query_strings(["q", "page", "sort", "fmt", "format"]),
    address=st.sampled_from(
        [
            "/",
            "/reports/",
            "/glossary/",
            "/health/",
            "/recommendations/{recommendation}/",
            "/reports/{published}/",
            "/strategy/{strategy}/",
            "/strategy/activities/{activity}/",
        ]
    ),
)
def test_every_other_page_ignores_any_query_string(world, unchanged, query, address):
    path = address.format(
        recommendation=Recommendation.objects.first().pk,
        published=world["published"].pk,
        strategy=Strategy.objects.first().pk,
        activity=Activity.objects.first().pk,
    )
    assert world["clients"]["anonymous"].get(f"{path}?{query}").status_code == 200


@EXAMPLES
@given(
    number=st.integers(min_value=0, max_value=10**30),
    fmt=st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_"), min_size=1, max_size=20),
)
def test_odd_addresses_are_missing_not_broken(world, unchanged, number, fmt):
    client = world["clients"]["member"]
    known = set(Report.objects.values_list("pk", flat=True))
    for path in (
        f"/recommendations/{number}/",
        f"/reports/{number}/",
        f"/reports/{number}/as-at/",
        f"/reports/{number}/changes/",
    ):
        response = client.get(path)
        if number not in known and "recommendations" not in path:
            assert response.status_code == 404
        assert response.status_code in (200, 404)
    response = client.get(f"/reports/{world['published'].pk}/export.{fmt}")
    expected = 200 if fmt in {"html", "pdf", "docx", "csv", "xlsx"} else 404
    assert response.status_code == expected


ADMIN_LIST_PARAMS = ["q", "status", "overdue", "scrutiny__id__exact", "o", "p", "all", "e"]


@EXAMPLES
@given(
    query=query_strings(ADMIN_LIST_PARAMS),
    model=st.sampled_from(["recommendation", "report", "progressupdate"]),
)
@example(query="q=%00&status=%00&overdue=%00", model="recommendation")
@example(query="q=a%00b&p=-1&o=99", model="report")
def test_the_admin_lists_answer_any_query_string(world, unchanged, query, model):
    response = world["clients"]["member"].get(f"/admin/recommendations/{model}/?{query}")
    # The admin sends a filter it cannot apply back to the list with ?e=1.
    assert response.status_code in (200, 302, 400), response.status_code


# --- Forms


START_FIELDS = [
    "committee",
    "meeting_day",
    "meeting_month",
    "meeting_year",
    "number",
    "title",
    "scrutiny",
]


def plausible_start_report(world):
    """Each field valid or odd, so both the error paths and the happy path are taken."""
    report = world["published"]
    valid = {
        "committee": str(report.meeting.committee_id),
        "meeting_day": "4",
        "meeting_month": "9",
        "meeting_year": "2008",
        "number": "7",
        "title": "Drugs scrutiny update",
        "scrutiny": str(report.scrutiny_id),
    }
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(value), ODD, st.just("")) for name, value in valid.items()}
    )


@EXAMPLES
@given(data=st.data())
def test_the_start_report_form_reshows_any_bad_input_with_its_errors(world, data):
    form = data.draw(plausible_start_report(world))
    client = world["clients"]["officer"]

    def post():
        before = snapshot()
        response = client.post("/reports/start/", form)
        event("started" if response.status_code == 302 else "shown again")
        if response.status_code == 302:
            assert Report.objects.filter(
                title=form["title"].strip(), number=int(form["number"])
            ).exists()
        else:
            assert response.status_code == 200
            assert "govuk-error-summary" in response.text
            assert snapshot() == before

    rolled_back(post)


@pytest.mark.parametrize(
    "day, month, year",
    [
        ("4", "2147483648", "2008"),  # once a server error: date() overflowed
        ("9" * 30, "9", "2008"),
        ("-1", "9", "2008"),
        ("²", "9", "2008"),
        ("4", "9", "99999"),
        ("31", "2", "2008"),
        ("4\x00", "9", "2008"),
        ("1.5", "9", "2008"),
    ],
)
def test_the_start_report_form_explains_an_odd_meeting_date(world, unchanged, day, month, year):
    form = {
        "committee": world["published"].meeting.committee_id,
        "meeting_day": day,
        "meeting_month": month,
        "meeting_year": year,
        "number": "7",
        "title": "Update",
        "scrutiny": world["published"].scrutiny_id,
    }
    response = world["clients"]["officer"].post("/reports/start/", form)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Meeting date must be a real date" in response.text


@EXAMPLES
@given(data=st.data())
def test_the_decisions_form_reshows_any_bad_input_with_its_errors(world, data):
    updates = list(world["published"].updates.values_list("pk", flat=True))
    chosen = data.draw(st.lists(st.sampled_from(updates), max_size=4))
    form = {}
    for pk in chosen:
        form[f"outcome-{pk}"] = data.draw(st.one_of(st.sampled_from([*Outcome.values, ""]), ODD))
        form[f"minute-{pk}"] = data.draw(st.one_of(st.just(""), ODD))
    form |= data.draw(
        st.dictionaries(
            st.sampled_from(["outcome-0", "outcome-x", "minute-", "csrfmiddlewaretoken", "other"]),
            ODD,
            max_size=3,
        )
    )
    client = world["clients"]["officer"]

    def post():
        before = snapshot()
        response = client.post(f"/reports/{world['published'].pk}/decisions/", form)
        event("saved" if response.status_code == 302 else "shown again")
        if response.status_code == 302:
            for pk in chosen:
                # As the form reads it: characters XML cannot hold are dropped first.
                outcome = normalise_text(form[f"outcome-{pk}"])
                if outcome:
                    assert MembersDecision.objects.get(update_id=pk).outcome == outcome
        else:
            assert response.status_code == 200
            assert "govuk-error-summary" in response.text
            assert snapshot() == before

    rolled_back(post)


@EXAMPLES
@given(username=ODD, password=ODD, address=st.sampled_from(["/accounts/login/", "/admin/login/"]))
def test_sign_in_refuses_any_odd_credentials_clearly(world, unchanged, username, password, address):
    client = Client()
    response = client.post(address, {"username": username, "password": password})
    if response.status_code == 429:  # the same name failed five times: locked out
        assert "Sign-in locked" in response.text
    else:
        assert response.status_code == 200
        assert "govuk-error-summary" in response.text or "errornote" in response.text
    assert "_auth_user_id" not in client.session


# Not named "page": that is pytest-playwright's fixture, and would make this a browser test.
@pytest.mark.parametrize("address", ["/accounts/login/", "/admin/login/"])
def test_a_sign_in_with_a_very_long_username_is_refused_and_recorded(world, address):
    """Axes records failed sign-ins; a name longer than its column once made a server error."""
    from axes.models import AccessAttempt

    response = Client().post(address, {"username": "x" * 5000, "password": "guess"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text or "errornote" in response.text
    assert AccessAttempt.objects.get().username == "x" * 255


IMPORT = "/admin/recommendations/recommendation/import/"


@EXAMPLES
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=500).map(lambda text: text.encode("utf-8", "surrogatepass")),
    ),
    name=ODD,
)
def test_the_import_page_lists_problems_with_any_file(world, unchanged, content, name):
    try:
        upload = SimpleUploadedFile(name[:200], content, "text/csv")
    except SuspiciousFileOperation:  # the test client cannot send a name like "/" or ""
        upload = SimpleUploadedFile("file.csv", content, "text/csv")
    response = world["clients"]["staff"].post(IMPORT, {"file": upload})
    assert response.status_code == 200
    assert "Nothing was imported" in response.text


# --- The import function itself


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


CELL = st.one_of(
    ODD,
    st.sampled_from(
        [
            "MPA Drugs Scrutiny",
            "1",
            "24",
            "3-6",
            "2008-03-06",
            "complete",
            "outstanding",
            "Co-ordination and Policing Committee",
            "4",
            "",
        ]
    ),
)
HEADER = st.lists(st.one_of(st.sampled_from(COLUMNS), ANY_TEXT), min_size=1, max_size=14)


@EXAMPLES
@given(
    header=HEADER, rows=st.lists(st.lists(CELL, max_size=14), max_size=6), as_staff=st.booleans()
)
def test_an_import_of_random_rows_fails_whole_with_every_problem_or_succeeds(
    world, header, rows, as_staff
):
    content = csv_bytes([header, *rows])

    def attempt():
        before = snapshot()
        try:
            result = import_recommendations(file=content, user=world["staff"] if as_staff else None)
        except ImportFailed as failure:
            event("failed")
            assert failure.problems
            assert all(str(problem).strip() for problem in failure.problems)
            assert snapshot() == before
        else:
            event("imported")
            assert isinstance(result, ImportResult)

    rolled_back(attempt)


BAD_NUMBERS = ["", "-1", "0", "²", "1.5", "one", "9" * 30, "1e3", "0x10", "\x00"]


@EXAMPLES
@given(
    texts=st.lists(
        st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=80).filter(
            str.strip
        ),
        min_size=1,
        max_size=8,
    ),
    bad_number=st.sampled_from(BAD_NUMBERS),
    bad_text=ODD,
    position=st.integers(0, 8),
)
def test_one_bad_row_among_good_ones_imports_nothing(
    world, unchanged, texts, bad_number, bad_text, position
):
    rows = [["MPA Drugs Scrutiny", str(100 + index), text] for index, text in enumerate(texts)]
    position = min(position, len(rows))
    rows.insert(position, ["MPA Drugs Scrutiny", bad_number, bad_text])
    with pytest.raises(ImportFailed) as failure:
        import_recommendations(file=csv_bytes([["scrutiny", "number", "text"], *rows]))
    bad_line = position + 2  # the header is row 1
    assert any(problem.row in (None, bad_line) for problem in failure.value.problems)


@EXAMPLES
@given(content=st.binary(max_size=2000))
def test_an_import_of_random_bytes_fails_with_a_problem(world, unchanged, content):
    try:
        import_recommendations(file=content)
    except ImportFailed as failure:
        assert failure.problems
    else:
        pytest.fail("random bytes imported")


# --- Stored Markdown cannot inject markup


PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" JaVaScRiPt:alert(1)">spaced</a>',
    "<svg onload=alert(1)><circle r=1></svg>",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body { display: none }</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example/"><button formaction="javascript:alert(1)">x</button>'
    "</form>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "![image](javascript:alert(1))",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<div onmouseover="alert(1)">hover</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "XSS is an abbreviation here.",
]
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "style", "base", "svg", "meta"}


def is_print_stylesheet(element) -> bool:
    """The print stylesheet a published paper's HTML file carries in its <head>, as stored."""
    parent = element.getparent()
    with open(print_stylesheet_path(), encoding="utf-8") as stylesheet:
        return (
            element.tag == "style"
            and parent is not None
            and parent.tag == "head"
            and (element.text or "").strip() == stylesheet.read().strip()
        )


def live_markup_problems(html: str) -> list[str]:
    """Script, handlers, styles or unsafe links the browser would act on."""
    tree = lxml.html.fromstring(html)
    problems = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and (
            not element.get("src", "").startswith("/static/") or (element.text or "").strip()
        ):
            problems.append(f"script: {lxml.html.tostring(element)[:80]!r}")
        if tag in FORBIDDEN_ELEMENTS and not (
            (tag == "meta" and "http-equiv" not in element.attrib) or is_print_stylesheet(element)
        ):
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name.lower() == "style":
                problems.append(f"<{tag} {name}={value!r}>")
            if name.lower() in {"href", "src", "action", "formaction", "data"}:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(UNSAFE_SCHEMES):
                    problems.append(f"<{tag} {name}={value!r}>")
    return problems


def store(text, world):
    """`text` in every stored Markdown or plain field the committee pages show."""
    report = world["published"]
    first = Recommendation.objects.get(scrutiny=report.scrutiny, number=1)
    Recommendation.objects.filter(pk=first.pk).update(text=text, note=text)
    update = report.updates.get(recommendation=first)
    type(update).objects.filter(pk=update.pk).update(response=text, status_statement=text)
    Report.objects.filter(pk=report.pk).update(
        summary=text, standfirst=text, by=text[:300], author=text[:300]
    )
    ReportSection.objects.update_or_create(
        report=report, letter="Z", defaults={"heading": text[:200], "body": text}
    )
    MembersDecision.objects.update_or_create(
        update=update, defaults={"outcome": Outcome.AGREED_COMPLETE, "minute": text}
    )
    draft = world["draft"]
    add_update(
        draft,
        Recommendation.objects.get(scrutiny=report.scrutiny, number=2),
        Status.COMPLETE,
        response=text,
    )
    Abbreviation.objects.update_or_create(
        term="XSS", defaults={"expansion": '" onmouseover="alert(1)" x="<script>alert(1)</script>'}
    )
    return first


def pages_showing_stored_text(world, first):
    published, draft = world["published"].pk, world["draft"].pk
    return [
        "/",
        "/recommendations/",
        f"/recommendations/{first.pk}/",
        "/reports/",
        f"/reports/{published}/",
        f"/reports/{published}/export.html",
        f"/reports/{published}/as-at/",
        f"/reports/{published}/changes/",
        f"/reports/{draft}/",
        f"/reports/{draft}/export.html",
        "/glossary/",
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_text_cannot_inject_markup_into_any_page(world, payload):
    first = store(payload, world)
    client = world["clients"]["member"]
    for path in pages_showing_stored_text(world, first):
        response = client.get(path)
        assert response.status_code == 200, path
        assert live_markup_problems(response.content.decode()) == [], path


@settings(EXAMPLES, max_examples=min(EXAMPLES.max_examples, 6))
@given(text=st.one_of(SHAPES, st.tuples(ANY_TEXT, SHAPES, ANY_TEXT).map("".join)))
@example(text="Before\n\n## <br>\n\nafter")  # once a PDF/UA error: a heading without a title
@example(text="１ \x87 \U0004fe66")  # once a PDF/UA error: characters no font has
def test_stored_text_of_any_odd_shape_reaches_every_page_and_file(world, text):
    """Rows stored before the input was cleaned, or written around the forms, still show."""

    def render():
        first = store(text.replace("\x00", ""), world)
        draft = world["draft"].pk
        client = world["clients"]["member"]
        files = [f"/reports/{draft}/export.{fmt}" for fmt in ("pdf", "docx", "xlsx", "csv")]
        for path in [
            *pages_showing_stored_text(world, first),
            *files,
            "/recommendations/?_export=xlsx",
        ]:
            response = client.get(path)
            assert response.status_code == 200, path

    rolled_back(render)


def test_the_check_finds_live_markup():
    """The checker itself would notice an injection."""
    assert live_markup_problems('<p><img src="x" onerror="alert(1)"></p>')
    assert live_markup_problems("<div><script>alert(1)</script></div>")
    assert live_markup_problems('<div><a href=" javascript:alert(1)">x</a></div>')
    assert live_markup_problems('<div><script src="/static/app.js"></script></div>') == []
    assert live_markup_problems("<html><head><style>p {}</style></head></html>")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(PAYLOADS),
            ANY_TEXT,
            st.sampled_from(["\n\n", "- ", "**", "<", ">", '"', "`"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_mix_of_markdown_and_markup_stays_inert(world, pieces):
    text = "".join(pieces).replace("\x00", "")

    def render():
        first = store(text, world)
        client = world["clients"]["member"]
        for path in (f"/recommendations/{first.pk}/", f"/reports/{world['published'].pk}/"):
            response = client.get(path)
            assert response.status_code == 200
            assert live_markup_problems(response.content.decode()) == []

    rolled_back(render)
