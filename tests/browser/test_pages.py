"""Every committee page in a real Chromium: it renders, the skip link works, axe finds nothing."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation, Report, Status
from strategy.models import Activity, Strategy
from tests.factories import draft_report_changing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def linked_recommendation():
    """A recommendation treated as another: its page has the most to show."""
    return [Recommendation.objects.filter(updates__linked_to__isnull=False).first().pk]


def published_report():
    return [Report.objects.published().first().pk]


def activity_with_recommendations():
    return [Activity.objects.filter(objectives__recommendations__isnull=False).first().pk]


# (page, route name, the route's arguments from the seed)
PAGES = [
    ("dashboard", "recommendations:dashboard", list),
    ("recommendations", "recommendations:list", list),
    ("recommendation", "recommendations:detail", linked_recommendation),
    ("reports", "recommendations:reports", list),
    ("report", "recommendations:report", published_report),
    ("report-as-at", "recommendations:as_at", published_report),
    ("report-changes", "recommendations:changes", published_report),
    ("strategy", "strategy:detail", lambda: [Strategy.objects.first().pk]),
    ("activity", "strategy:activity", activity_with_recommendations),
    ("glossary", "recommendations:glossary", list),
    ("sign-in", "login", list),
]
PAGE_IDS = [name for name, _, _ in PAGES]


@pytest.fixture(params=PAGES, ids=PAGE_IDS)
def committee_page(request, seed, live_url):
    _, route, arguments = request.param
    return live_url(route, *arguments())


@pytest.fixture
def watched_page(axe_page):
    """A page that records script errors and failed requests, to assert there are none."""
    problems = []
    axe_page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def console(message):
        # Chromium asks for /favicon.ico by itself; the pages do not link one.
        source = message.location.get("url", "")
        if message.type == "error" and not source.endswith("/favicon.ico"):
            problems.append(f"console: {message.text} ({source})")

    axe_page.on("console", console)
    axe_page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"{response.status} {response.url}")
        ),
    )
    axe_page.problems = problems
    return axe_page


def test_it_renders_with_styles_and_scripts(watched_page, committee_page):
    response = watched_page.goto(committee_page)
    assert response.status == 200
    assert watched_page.locator("main h1").count() == 1
    assert watched_page.locator("main h1").is_visible()
    # GOV.UK Frontend's stylesheet loaded (Arial is set in it) and its script ran.
    font = watched_page.evaluate("getComputedStyle(document.querySelector('main h1')).fontFamily")
    assert "arial" in font.lower()
    assert watched_page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert watched_page.problems == []


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(watched_page, committee_page):
    watched_page.goto(committee_page)
    watched_page.keyboard.press("Tab")
    focused = watched_page.evaluate(
        "({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href'),"
        " visible: document.activeElement.getBoundingClientRect().height > 0})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main-content", "visible": True}
    watched_page.keyboard.press("Enter")
    expect(watched_page.locator("main#main-content")).to_be_focused()


def test_axe_finds_no_wcag_violations(watched_page, committee_page, assert_accessible):
    watched_page.goto(committee_page)
    assert_accessible(watched_page)


def test_axe_finds_no_wcag_violations_for_a_signed_in_member(
    watched_page, committee_page, member, sign_in, assert_accessible
):
    sign_in(watched_page, member)
    watched_page.goto(committee_page)
    expect(watched_page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(watched_page)


def test_a_member_sees_the_draft_banner_and_the_public_view(
    watched_page, seed, live_url, member, sign_in, assert_accessible
):
    eight = Recommendation.objects.get(number=8)
    draft_report_changing(eight, Status.COMPLETE)
    sign_in(watched_page, member)
    watched_page.goto(live_url("recommendations:dashboard"))
    banner = watched_page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("This page includes draft proposals, not yet published.")
    assert_accessible(watched_page)
    banner.get_by_role("link", name="See this page as the public sees it").click()
    expect(watched_page.get_by_role("region", name="Important")).to_contain_text(
        "You are seeing this page as the public sees it"
    )
    assert_accessible(watched_page)
    watched_page.get_by_role("link", name="See this page with draft proposals").click()
    expect(watched_page.get_by_role("region", name="Important")).to_contain_text(
        "This page includes draft proposals"
    )
