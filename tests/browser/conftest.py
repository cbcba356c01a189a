"""Playwright drives Debian's Chromium against pytest-django's live server.

The live server runs in a thread of this process and serves static files
through the staticfiles finders (static/build/app.css from `npm run build`).
"""

import importlib
import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.getenv("CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make system` (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The groups the roles migration makes, made again for each test.

    Live-server tests run in transactions that are flushed afterwards, and a flush
    takes the groups with it (permissions come back on their own, by post_migrate).
    Django's serialized rollback cannot restore them here: Playwright's greenlets
    give the test a different database connection from the one that was serialized.
    """
    migration = importlib.import_module("recommendations.migrations.0002_roles")
    for name, codenames in migration.ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in (dotted.split(".") for dotted in codenames)
        )


@pytest.fixture
def axe_page(page):
    """A page with axe-core loaded into every document before the page's own scripts.

    An init script is evaluated by the browser itself, so a Content-Security-Policy
    that forbids inline scripts does not stop it, and the page needs no change.
    """
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci`.")
    page.context.add_init_script(path=str(AXE_SCRIPT))
    return page


def axe_violations(page) -> list[dict]:
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(
            results => results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                                          summary: n.failureSummary})),
            })))""",
        WCAG_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {node['target']}: {node['html'][:200]}")
            lines.append("    " + node["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """Run axe-core's WCAG 2.2 A and AA rules on the page; fail listing every violation."""

    def check(page):
        violations = axe_violations(page)
        assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"

    return check


@pytest.fixture
def live_url(live_server):
    """The live server's address of a named route; a name with no route fails the test."""

    def url(name: str, *args) -> str:
        try:
            return live_server.url + reverse(name, args=args)
        except NoReverseMatch:
            pytest.fail(f"No route named {name!r} with arguments {args!r}.")

    return url


@pytest.fixture
def sign_in(live_server):
    """Give a page's browser a session cookie for a person, as signing in would."""

    def sign_in_as(page, user) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return sign_in_as


PASSWORD = "pw-not-used"  # every named person's password (tests/conftest.person)
WIDTHS = (1280, 390)  # desktop, and a phone


@pytest.fixture
def sign_in_with_form(live_server):
    """Sign a person in through the sign-in page, as they would, and land on `path`.

    `check`, if given, is called with the page while the sign-in form shows.
    """

    def sign_in(page, user, path: str = "/", check=None) -> None:
        page.goto(live_server.url + reverse("login") + "?" + urlencode({"next": path}))
        if check is not None:
            check(page)
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert page.url == live_server.url + path

    return sign_in


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.fixture
def assert_accessible_at_each_width(assert_accessible):
    """axe at a desktop's and a phone's width, and no sideways scrolling on the phone."""

    def check(page) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert_accessible(page)
        assert not scrolls_sideways(page), f"{page.url} scrolls sideways at {WIDTHS[-1]} px"
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    return check
