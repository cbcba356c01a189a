"""Page details in a browser: the table's selected filters and sort arrow, and axe at
desktop and phone widths on the pages they changed."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDTHS = [1280, 390]


def check_at_each_width(page, assert_accessible):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)


def selected_tags(page) -> list[str]:
    return [
        " ".join(text.split())
        for text in page.locator(".moj-filter__selected .moj-filter__tag").all_inner_texts()
    ]


def test_two_filters_one_removed_sorted_and_back_from_a_recommendation(
    seed, axe_page, live_url, assert_accessible
):
    page = axe_page
    page.goto(live_url("recommendations:list"))
    page.get_by_label("Outstanding").check()
    page.get_by_label("Overdue", exact=True).select_option("yes")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert selected_tags(page) == [
        "Remove this filter: Status Outstanding",
        "Remove this filter: Overdue Overdue",
    ]
    check_at_each_width(page, assert_accessible)

    with page.expect_navigation():
        page.get_by_role("link", name="Remove this filter: Overdue").click()
    assert "overdue" not in page.url and "status=outstanding" in page.url
    assert selected_tags(page) == ["Remove this filter: Status Outstanding"]
    expect(page.get_by_label("Outstanding")).to_be_checked()

    status_heading = page.locator("thead th", has=page.get_by_role("link", name="Status"))
    with page.expect_navigation():
        status_heading.get_by_role("link").click()
    expect(status_heading).to_have_attribute("aria-sort", "ascending")
    expect(status_heading.locator(".app-sort-indicator")).to_have_text("▲")
    expect(page.locator("thead .app-sort-indicator")).to_have_count(1)
    filtered_list = page.url
    assert "status=outstanding" in filtered_list and "sort=status" in filtered_list


def test_no_matches_says_so_once_with_the_words(seed, axe_page, live_url, assert_accessible):
    page = axe_page
    page.goto(live_url("recommendations:list"))
    page.get_by_label("Search").fill("zebra crossing")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text(re.compile("No recommendations match"))).to_have_count(1)
    expect(page.locator("main")).to_contain_text(
        "No recommendations match the search “zebra crossing”."
    )
    assert Recommendation.objects.exists()
    check_at_each_width(page, assert_accessible)
