"""Every page shape at a small phone's, a large phone's and a desktop's width: nothing
scrolls sideways and axe finds no WCAG 2.2 A or AA violation.

One browser context serves every page, so each test costs a page load per width's
check, not a browser start.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.models import PreparedExport, Recommendation, Report
from strategy.models import Activity, Strategy
from tests.browser.conftest import AXE_SCRIPT, axe_violations, describe
from tests.factories import start_report_5

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDTHS = [320, 390, 1280]


def recommendation(number):
    return lambda: Recommendation.objects.get(number=number).get_absolute_url()


def recommendation_with_history():
    """Recommendation 5 once its note has been changed to hold a long address: the change
    history's table shows it before and after."""
    recommendation = Recommendation.objects.get(number=5)
    recommendation.note = (
        "See https://www.mpa.gov.uk/committees/cop/2008/080306/04-drugs-scrutiny-"
        "recommendations-update-with-a-very-long-address-that-has-no-spaces-in-it"
    )
    recommendation.save()
    return recommendation.get_absolute_url()


def published_report(route):
    return lambda: reverse(route, args=[Report.objects.published().first().pk])


def strategy():
    return reverse("strategy:detail", args=[Strategy.objects.first().pk])


def activity_with_delivery_plan():
    """An activity whose delivery plan names recommendations: its table has the most to show."""
    activity = Activity.objects.filter(objectives__recommendations__isnull=False).first()
    return reverse("strategy:activity", args=[activity.pk])


def workspace():
    return reverse("recommendations:workspace", args=[start_report_5().pk])


def in_workspace(route, *args):
    return lambda: reverse(f"recommendations:{route}", args=[start_report_5().pk, *args])


def url(path):
    return lambda: path


def too_many_files_asked_for():
    """Five files already being prepared for visitors: the next export is asked to wait."""
    PreparedExport.objects.bulk_create(
        PreparedExport(table_query=f"page={n}", fmt="csv") for n in range(5)
    )
    return "/recommendations/?_export=csv&sort=number"


# (page shape, its address from the seed, who reads it, the status it answers)
SHAPES = [
    ("dashboard", url("/"), None, 200),
    ("recommendations table", url("/recommendations/"), None, 200),
    (
        "filtered table",
        url("/recommendations/?q=drug&status=outstanding&status=complete&sort=-due"),
        None,
        200,
    ),
    ("recommendation and its change history", recommendation_with_history, "member", 200),
    ("linked recommendation", recommendation(13), "member", 200),
    ("what changed in a report", published_report("recommendations:changes"), "member", 200),
    ("reports list", url("/reports/"), None, 200),
    ("report", published_report("recommendations:report"), None, 200),
    ("as at", published_report("recommendations:as_at"), None, 200),
    ("strategy", strategy, None, 200),
    ("activity and delivery plan", activity_with_delivery_plan, None, 200),
    ("glossary", url("/glossary/"), None, 200),
    ("sign in", url("/accounts/login/"), None, 200),
    ("page not found", url("/no-such-page/"), None, 404),
    ("workspace task list", workspace, "officer", 200),
    ("workspace update", in_workspace("workspace_update", 8), "staff", 200),
    ("workspace details", in_workspace("workspace_details"), "officer", 200),
    ("workspace section", in_workspace("workspace_section", "C"), "officer", 200),
    ("start a report", url("/reports/start/"), "officer", 200),
    ("members' decisions", published_report("recommendations:report_decisions"), "officer", 200),
    ("too many files being prepared", too_many_files_asked_for, None, 429),
]


@pytest.fixture(scope="module")
def one_context(browser):
    """A browser context for the module, axe loaded into every document it opens."""
    context = browser.new_context()
    context.add_init_script(path=str(AXE_SCRIPT))
    yield context
    context.close()


@pytest.fixture
def screen(one_context):
    one_context.clear_cookies()
    page = one_context.new_page()
    yield page
    page.close()


def sideways_overflow(page) -> str:
    """'' if the page is no wider than the window, else how wide and the outermost elements
    that reach past the window's right edge."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth, scrollWidth = document.documentElement.scrollWidth;
            if (scrollWidth <= width) return "";
            const past = el => el.getBoundingClientRect().right > width + 0.5;
            const culprits = [...document.querySelectorAll("body *")]
              .filter(el => past(el) && !past(el.parentElement))
              .map(el => el.outerHTML.slice(0, 120));
            return `the page is ${scrollWidth} px wide: ${culprits.join(" | ")}`;
        }"""
    )


@pytest.mark.parametrize(
    ("address", "reader", "status"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES]
)
def test_it_fits_the_screen_and_axe_finds_nothing(
    seed, screen, live_server, sign_in, request, settings, address, reader, status
):
    settings.PREPARE_TABLE_EXPORTS_ABOVE = 10  # so the seed's table export is queued
    if reader:
        sign_in(screen, request.getfixturevalue(reader))
    response = screen.goto(live_server.url + address())
    assert response.status == status
    problems = []
    for width in WIDTHS:
        screen.set_viewport_size({"width": width, "height": 800})
        overflow = sideways_overflow(screen)
        if overflow:
            problems.append(f"at {width} px {overflow}")
        violations = axe_violations(screen)
        if violations:
            problems.append(f"at {width} px axe-core found:\n{describe(violations)}")
    assert not problems, "\n".join(problems)


def test_signed_in_the_menu_keeps_to_one_line_and_sign_out_reads_as_a_link(
    seed, screen, live_server, sign_in, member
):
    sign_in(screen, member)
    screen.goto(live_server.url + "/")
    sign_out = screen.get_by_role("button", name="Sign out")
    for width in WIDTHS:
        screen.set_viewport_size({"width": width, "height": 800})
        expect(sign_out).to_be_visible()  # outside the menu a phone folds away
        expect(screen.get_by_text("Signed in as member")).to_be_visible()
    menu = screen.locator(
        ".govuk-service-navigation__service-name, .govuk-service-navigation__item"
    )
    tops = menu.evaluate_all("items => items.map(item => item.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, f"the menu wraps at 1280 px: item tops {tops}"
    look = sign_out.evaluate(
        "button => [getComputedStyle(button).color, getComputedStyle(button).textDecorationLine]"
    )
    assert look == ["rgb(26, 101, 166)", "underline"]  # GOV.UK Frontend's link colour
    form = screen.locator("form", has=sign_out)
    expect(form).to_have_attribute("method", "post")
    expect(form.locator("input[name=csrfmiddlewaretoken]")).to_have_count(1)
