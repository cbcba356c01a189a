"""The recommendations table in a browser: filter by status with the form, sort by a heading."""

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import expect

from recommendations.models import ProgressUpdate, Recommendation, Status
from recommendations.status import current_statuses

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

READ_TABLE = """() => {
    const table = document.querySelector("main table");
    const headers = [...table.querySelectorAll("thead th")].map(
        th => (th.querySelector("a")?.firstChild ?? th).textContent.trim());
    return [...table.querySelectorAll("tbody tr")].map(row => Object.fromEntries(
        [...row.children].map((cell, i) => [headers[i], cell.textContent.trim()])));
}"""


def table_rows(page) -> list[dict[str, str]]:
    return page.evaluate(READ_TABLE)


def numbers(rows) -> list[int]:
    # The cell reads "Recommendation 8": the first word is for screen readers.
    return [int(row["Number"].split()[-1]) for row in rows]


def public_numbers_with(status: str) -> list[int]:
    """What the status rules say an anonymous visitor should see as `status`."""
    updates = ProgressUpdate.objects.visible_to(AnonymousUser()).for_status()
    statuses = current_statuses(updates)
    numbers_by_pk = dict(Recommendation.objects.values_list("pk", "number"))
    return sorted(numbers_by_pk[pk] for pk, current in statuses.items() if current.status == status)


def test_filtering_by_status_shows_only_those_recommendations(seed, page, live_url):
    page.goto(live_url("recommendations:list"))
    assert len(table_rows(page)) == Recommendation.objects.count()
    page.get_by_label("Outstanding").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "status=outstanding" in page.url
    expect(page.get_by_label("Outstanding")).to_be_checked()
    rows = table_rows(page)
    expected = public_numbers_with(Status.OUTSTANDING)
    assert expected, "the seed has outstanding recommendations"
    assert sorted(numbers(rows)) == expected
    assert all(row["Status"].startswith("Outstanding") for row in rows)


def test_clicking_a_heading_sorts_and_clicking_again_reverses(seed, page, live_url):
    page.goto(live_url("recommendations:list"))
    number_heading = page.locator("thead th", has=page.get_by_role("link", name="Number"))
    # The seed's one scrutiny is named in the caption and its rows are in number order.
    expect(number_heading).to_have_attribute("aria-sort", "ascending")
    ascending = numbers(table_rows(page))
    assert ascending == sorted(ascending) and len(ascending) > 1

    with page.expect_navigation():
        number_heading.get_by_role("link").click()
    expect(number_heading).to_have_attribute("aria-sort", "descending")
    assert numbers(table_rows(page)) == sorted(ascending, reverse=True)

    with page.expect_navigation():
        number_heading.get_by_role("link").click()
    expect(number_heading).to_have_attribute("aria-sort", "ascending")
    assert numbers(table_rows(page)) == ascending


def test_sorting_by_status_groups_the_statuses_in_order(seed, page, live_url):
    page.goto(live_url("recommendations:list"))
    status_heading = page.locator("thead th", has=page.get_by_role("link", name="Status"))
    with page.expect_navigation():
        status_heading.get_by_role("link").click()
    expect(status_heading).to_have_attribute("aria-sort", "ascending")
    order = [Status.COMPLETE.label, Status.OUTSTANDING.label, Status.CONSIDERATION.label]
    shown = [row["Status"] for row in table_rows(page)]
    ranks = [next(i for i, label in enumerate(order) if text.startswith(label)) for text in shown]
    assert ranks == sorted(ranks)
    assert set(ranks) == {0, 1, 2}
