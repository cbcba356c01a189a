"""Every URL the project defines, fetched by every role, against a table written here.

The table is the specification: who may see what (SPEC.md's roles), written out
by hand, not read from the views or the admin. A URL pattern the table does not
cover fails `test_the_matrix_covers_every_url_pattern`, so a new page must be
added here, with its expected outcome for each role, before the suite passes.

The POST endpoints (publish, decisions, start a report, import, admin forms,
sign-out) are checked per role too: refused roles are refused and the database
is left exactly as it was; allowed roles change it, which shows the snapshot
would notice.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recommendations.models import (
    Abbreviation,
    CheckedImport,
    MembersDecision,
    Outcome,
    PreparedExport,
    QueuedWork,
    Recommendation,
    Report,
    Status,
)
from strategy.models import Activity, Objective, Strategy, SuccessMeasure, Unit
from tests.database_state import snapshot
from tests.factories import admin_recommendation_form, draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "member", "staff", "officer", "superuser")

OK = 200
FORBIDDEN = 403
MISSING = 404
NOT_ALLOWED = 405
SIGN_IN = "sent to /accounts/login/ with next= this page"
ADMIN_SIGN_IN = "sent to /admin/login/ with next= this page"


@dataclass(frozen=True)
class RedirectTo:
    """A redirect somewhere other than sign-in; `url` may name objects as {key}."""

    url: str


def each(outcome):
    return dict.fromkeys(ROLES, outcome)


def roles(anonymous, outsider, member, staff, officer, superuser):
    return dict(zip(ROLES, (anonymous, outsider, member, staff, officer, superuser), strict=True))


PUBLIC = each(OK)
# Drafts exist only for people with view_draft: anyone else gets a 404, as if
# there were no such report.
DRAFT_READERS = roles(MISSING, MISSING, OK, OK, OK, OK)
# The officers' pages: the signed-out are sent to sign in, the rest refused.
OFFICERS_PAGE = roles(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
SIGNED_IN = roles(SIGN_IN, OK, OK, OK, OK, OK)
# The draft's workspace: for those who change progress updates (staff and officers).
WORKSPACE_PAGE = roles(SIGN_IN, FORBIDDEN, FORBIDDEN, OK, OK, OK)
# A published report has no workspace: they are sent to the report, which says so.
TO_PUBLISHED = RedirectTo("/reports/{published}/")
PUBLISHED_WORKSPACE = roles(SIGN_IN, FORBIDDEN, FORBIDDEN, TO_PUBLISHED, TO_PUBLISHED, TO_PUBLISHED)
# The report's details and sections C-F in the workspace: for officers (who change reports).
OFFICERS_WORKSPACE_PAGE = OFFICERS_PAGE
PUBLISHED_OFFICERS_WORKSPACE = roles(
    SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, TO_PUBLISHED, TO_PUBLISHED
)

# --- The committee's pages, the sign-in pages and health: path -> outcome per role.
# {key} names an object the `world` fixture makes: {published} is the seed's
# published Report 4, {draft} a later draft report, and so on.
SITE_PAGES = {
    "/": PUBLIC,
    "/recommendations/": PUBLIC,
    "/recommendations/?_export=csv": PUBLIC,
    "/recommendations/?_export=xlsx": PUBLIC,
    "/recommendations/{recommendation}/": PUBLIC,
    "/recommendations/999999/": each(MISSING),
    "/glossary/": PUBLIC,
    "/reports/": PUBLIC,
    "/reports/{published}/": PUBLIC,
    "/reports/{published}/export.html": PUBLIC,
    "/reports/{published}/export.pdf": PUBLIC,
    "/reports/{published}/export.docx": PUBLIC,
    "/reports/{published}/export.csv": PUBLIC,
    "/reports/{published}/export.xlsx": PUBLIC,
    "/reports/{published}/export.odt": each(MISSING),
    "/reports/{published}/as-at/": PUBLIC,
    "/reports/{published}/changes/": PUBLIC,
    "/reports/{draft}/": DRAFT_READERS,
    "/reports/{draft}/export.html": DRAFT_READERS,
    "/reports/{draft}/export.pdf": DRAFT_READERS,
    "/reports/{draft}/export.docx": DRAFT_READERS,
    "/reports/{draft}/export.csv": DRAFT_READERS,
    "/reports/{draft}/export.xlsx": DRAFT_READERS,
    "/reports/{draft}/as-at/": DRAFT_READERS,
    "/reports/{draft}/changes/": DRAFT_READERS,
    # Exports the task queue prepared: one of the draft, asked for by a member, and one of
    # the table as anyone sees it, whose unguessable address is enough.
    "/exports/{prepared_draft}/": DRAFT_READERS,
    "/exports/{prepared_draft}/download": DRAFT_READERS,
    "/exports/{prepared_table}/": PUBLIC,
    "/exports/{prepared_table}/download": PUBLIC,
    "/reports/start/": OFFICERS_PAGE,
    "/reports/{published}/decisions/": OFFICERS_PAGE,
    "/reports/{draft}/decisions/": OFFICERS_PAGE,
    "/reports/{draft}/workspace/": WORKSPACE_PAGE,
    "/reports/{published}/workspace/": PUBLISHED_WORKSPACE,
    "/reports/{draft}/workspace/recommendations/1/": WORKSPACE_PAGE,
    "/reports/{published}/workspace/recommendations/1/": PUBLISHED_WORKSPACE,
    "/reports/{draft}/workspace/details/": OFFICERS_WORKSPACE_PAGE,
    "/reports/{published}/workspace/details/": PUBLISHED_OFFICERS_WORKSPACE,
    "/reports/{draft}/workspace/sections/C/": OFFICERS_WORKSPACE_PAGE,
    "/reports/{published}/workspace/sections/C/": PUBLISHED_OFFICERS_WORKSPACE,
    "/reports/{draft}/workspace/sections/G/": roles(
        SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, MISSING, MISSING
    ),
    # A draft started by mistake is discarded after a confirmation page; a record never is.
    "/reports/{draft}/discard/": OFFICERS_PAGE,
    "/reports/{published}/discard/": roles(
        SIGN_IN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        RedirectTo("/reports/{published}/"),
        RedirectTo("/reports/{published}/"),
    ),
    "/reports/{draft}/check/": OFFICERS_PAGE,
    "/reports/{published}/check/": roles(
        SIGN_IN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        RedirectTo("/reports/{published}/"),
        RedirectTo("/reports/{published}/"),
    ),
    # Publishing is a POST only, whoever asks.
    "/reports/{draft}/publish/": each(NOT_ALLOWED),
    # With one strategy there is nothing to choose: the index opens it.
    "/strategy/": each(RedirectTo("/strategy/{strategy}/")),
    "/strategy/{strategy}/": PUBLIC,
    "/strategy/activities/{activity}/": PUBLIC,
    "/health/": PUBLIC,
    "/accounts/login/": PUBLIC,
    "/accounts/logout/": each(NOT_ALLOWED),
    "/accounts/password_change/": SIGNED_IN,
    "/accounts/password_change/done/": SIGNED_IN,
}

# --- The admin.
ADMIN_USERS = {"member", "staff", "officer", "superuser"}  # is_staff: may open the admin
DIRECTORATE = {"staff", "superuser"}
OFFICERS = {"officer", "superuser"}
STAFF_AND_OFFICERS = {"staff", "officer", "superuser"}
ROOT = {"superuser"}
NOBODY = set()


def admin_page(allowed, refused=FORBIDDEN):
    """People without admin access sign in first; admin users see it or are refused."""
    return {
        role: ADMIN_SIGN_IN if role not in ADMIN_USERS else OK if role in allowed else refused
        for role in ROLES
    }


ADMIN_PAGES = {
    "/admin/": admin_page(ADMIN_USERS),
    "/admin/login/": roles(OK, OK, *[RedirectTo("/admin/")] * 4),
    # Signing out is a POST; a GET by someone not signed in to the admin goes to its index.
    "/admin/logout/": roles(*[RedirectTo("/admin/")] * 2, *[NOT_ALLOWED] * 4),
    "/admin/password_change/": admin_page(ADMIN_USERS),
    "/admin/password_change/done/": admin_page(ADMIN_USERS),
    "/admin/jsi18n/": admin_page(ADMIN_USERS),
    "/admin/autocomplete/?app_label=recommendations&model_name=progressupdate"
    "&field_name=report&term=drugs": admin_page(ADMIN_USERS),
    "/admin/autocomplete/": admin_page(NOBODY),  # no field named: refused
    "/admin/r/{recommendation_type}/{recommendation}/": {
        # Django's "view on site": to the object's own page, on this host.
        **admin_page(NOBODY),
        **dict.fromkeys(
            ADMIN_USERS, RedirectTo("http://testserver/recommendations/{recommendation}/")
        ),
    },
    "/admin/recommendations/": admin_page(ADMIN_USERS),
    "/admin/strategy/": admin_page(ADMIN_USERS),
    "/admin/auth/": admin_page(ROOT, refused=MISSING),
    "/admin/axes/": admin_page(ROOT, refused=MISSING),
    "/admin/no-such-page/": admin_page(NOBODY, refused=MISSING),
    "/admin/recommendations/recommendation/import/": admin_page(STAFF_AND_OFFICERS),
    # A large import the queue checked: the officer's own, so only they and a superuser see it.
    "/admin/recommendations/recommendation/import/{checked_import}/": admin_page(
        OFFICERS, refused=MISSING
    ),
    "/admin/auth/user/{user}/password/": admin_page(ROOT),
}


@dataclass(frozen=True)
class AdminObject:
    """Who may view, add and delete one registered model's objects in the admin."""

    model: str  # app_label/model_name
    key: str  # the object, as the world fixture names it
    view: set
    add: set
    delete: set
    history: bool = True  # django-simple-history's page of one past version


ADMIN_OBJECTS = [
    AdminObject(
        "recommendations/recommendation",
        "recommendation",
        ADMIN_USERS,
        STAFF_AND_OFFICERS,
        STAFF_AND_OFFICERS,
    ),
    AdminObject("recommendations/report", "draft", ADMIN_USERS, OFFICERS, OFFICERS),
    # A published report is the public record: nobody may delete it.
    AdminObject("recommendations/report", "published", ADMIN_USERS, OFFICERS, NOBODY),
    AdminObject(
        "recommendations/progressupdate",
        "draft_update",
        ADMIN_USERS,
        STAFF_AND_OFFICERS,
        STAFF_AND_OFFICERS,
    ),
    AdminObject(
        "recommendations/progressupdate",
        "published_update",
        ADMIN_USERS,
        STAFF_AND_OFFICERS,
        NOBODY,
    ),
    AdminObject("recommendations/membersdecision", "decision", ADMIN_USERS, OFFICERS, OFFICERS),
    AdminObject("recommendations/scrutiny", "scrutiny", ADMIN_USERS, OFFICERS, OFFICERS),
    AdminObject("recommendations/committee", "committee", ADMIN_USERS, OFFICERS, OFFICERS),
    AdminObject("recommendations/meeting", "meeting", ADMIN_USERS, OFFICERS, OFFICERS),
    AdminObject(
        "recommendations/abbreviation", "abbreviation", ADMIN_USERS, DIRECTORATE, DIRECTORATE
    ),
    AdminObject("strategy/strategy", "strategy", ADMIN_USERS, DIRECTORATE, DIRECTORATE),
    AdminObject("strategy/activity", "activity", ADMIN_USERS, DIRECTORATE, DIRECTORATE),
    AdminObject("strategy/objective", "objective", ADMIN_USERS, DIRECTORATE, DIRECTORATE),
    AdminObject("strategy/successmeasure", "measure", ADMIN_USERS, DIRECTORATE, DIRECTORATE),
    AdminObject("strategy/unit", "unit", ADMIN_USERS, DIRECTORATE, DIRECTORATE),
    AdminObject("auth/user", "user", ROOT, ROOT, ROOT, history=False),
    AdminObject("auth/group", "group", ROOT, ROOT, ROOT, history=False),
    # Sign-in records are written by django-axes, never added by hand.
    # The task queue's results: for the superuser to read, written by the queue alone.
    AdminObject(
        "django_tasks_database/dbtaskresult", "task_result", ROOT, NOBODY, NOBODY, history=False
    ),
    AdminObject("axes/accessattempt", "attempt", ROOT, NOBODY, ROOT, history=False),
    AdminObject("axes/accesslog", "access_log", ROOT, NOBODY, ROOT, history=False),
    AdminObject("axes/accessfailurelog", "failure_log", ROOT, NOBODY, ROOT, history=False),
]


def admin_object_pages(entry: AdminObject) -> dict[str, dict]:
    base = f"/admin/{entry.model}/"
    change = f"{base}{{{entry.key}}}/change/"
    pages = {
        base: admin_page(entry.view),
        f"{base}add/": admin_page(entry.add),
        change: admin_page(entry.view),
        f"{base}{{{entry.key}}}/delete/": admin_page(entry.delete),
        f"{base}{{{entry.key}}}/history/": admin_page(entry.view),
        # The bare object address forwards admin users to the change page.
        f"{base}{{{entry.key}}}/": {
            **admin_page(NOBODY),
            **dict.fromkeys(ADMIN_USERS, RedirectTo(change)),
        },
    }
    if entry.history:
        pages[f"{base}{{{entry.key}}}/history/{{{entry.key}_version}}/"] = admin_page(entry.view)
    return pages


def get_matrix() -> dict[str, dict]:
    matrix = SITE_PAGES | ADMIN_PAGES
    for entry in ADMIN_OBJECTS:
        for path, outcomes in admin_object_pages(entry).items():
            assert path not in matrix or matrix[path] == outcomes, path
            matrix[path] = outcomes
    return matrix


MATRIX = get_matrix()


# --- The objects the matrix names


def saved_with_history(obj):
    """Saving again records a version, so the admin's page of one version has one to show."""
    obj.save()
    return obj


@pytest.fixture
def people(member, staff, officer, outsider, superuser):
    return {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "staff": staff,
        "officer": officer,
        "superuser": superuser,
    }


@pytest.fixture
def world(seed, people, settings):
    # The queue's results page reads each task through the database backend it was queued on.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    published = seed_report()
    first = Recommendation.objects.get(scrutiny=published.scrutiny, number=1)
    draft = draft_report_changing(first, Status.CONSIDERATION, response="Draft progress.")
    published_update = published.updates.get(recommendation=first)
    decision = MembersDecision.objects.create(
        update=published_update, outcome=Outcome.AGREED_COMPLETE
    )
    objects = {
        "recommendation": first,
        "published": published,
        "draft": draft,
        "published_update": published_update,
        "draft_update": draft.updates.get(),
        "decision": decision,
        "scrutiny": published.scrutiny,
        "committee": published.meeting.committee,
        "meeting": published.meeting,
        "abbreviation": Abbreviation.objects.first(),
        "strategy": Strategy.objects.first(),
        "activity": Activity.objects.first(),
        "objective": Objective.objects.first(),
        "measure": SuccessMeasure.objects.first(),
        "unit": Unit.objects.first(),
    }
    ids = {key: saved_with_history(obj).pk for key, obj in objects.items()}
    for key, obj in objects.items():
        ids[f"{key}_version"] = obj.history.latest("history_id").history_id
    ids |= {
        "user": people["outsider"].pk,
        "group": Group.objects.get(name="Committee members").pk,
        "attempt": AccessAttempt.objects.create(
            username="someone",
            ip_address="10.0.0.9",
            user_agent="test",
            http_accept="*/*",
            path_info="/accounts/login/",
            failures_since_start=1,
        ).pk,
        "access_log": AccessLog.objects.create(
            username="someone",
            ip_address="10.0.0.9",
            user_agent="test",
            http_accept="*/*",
            path_info="/accounts/login/",
        ).pk,
        "failure_log": AccessFailureLog.objects.create(
            username="someone",
            ip_address="10.0.0.9",
            user_agent="test",
            http_accept="*/*",
            path_info="/accounts/login/",
        ).pk,
        "recommendation_type": ContentType.objects.get_for_model(Recommendation).pk,
    }
    return ids | queued_work(people, draft)


def queued_work(people, draft) -> dict:
    """The task queue's objects: two prepared exports, an officer's import and a task's result."""
    return {
        "checked_import": CheckedImport.objects.create(
            requested_by=people["officer"],
            filename="large.csv",
            state=QueuedWork.READY,
            summary="Recommendations: 400 created, 0 updated, 0 unchanged.",
        ).pk,
        "prepared_draft": prepared_export(people["member"], report=draft, fmt="pdf").pk,
        "prepared_table": prepared_export(None, table_query="_export=csv", fmt="csv").pk,
        "task_result": DBTaskResult.objects.create(
            task_path="recommendations.paper.preparing.prepare_export",
            args_kwargs={"args": ["an-id"], "kwargs": {}},
            backend_name="default",
            run_after=timezone.now(),
        ).pk,
    }


def prepared_export(user, **fields) -> PreparedExport:
    return PreparedExport.objects.create(
        requested_by=user,
        with_drafts=user is not None,
        state=QueuedWork.READY,
        content=b"%PDF-1.7 prepared",
        content_type="application/pdf",
        filename="prepared.pdf",
        **fields,
    )


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def outcome_of(response, path):
    """A response as the matrix words outcomes: sign-in redirects back to `path` named as such."""
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"])
    comes_back = parse_qs(location.query).get("next") == [path]
    if location.path == "/accounts/login/" and comes_back:
        return SIGN_IN
    if location.path == "/admin/login/" and comes_back:
        return ADMIN_SIGN_IN
    return RedirectTo(response["Location"])


def expected_outcome(outcome, ids):
    return RedirectTo(outcome.url.format(**ids)) if isinstance(outcome, RedirectTo) else outcome


# --- The GET matrix


def url_routes(patterns, prefix=""):
    """Every URL pattern's full route, joined as Django's resolver joins them."""
    for pattern in patterns:
        route = str(pattern.pattern)
        joined = prefix + route.removeprefix("^") if prefix else route
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern.url_patterns, joined)
        else:
            yield joined


def test_the_matrix_covers_every_url_pattern(world):
    covered = {resolve(urlsplit(path.format(**world)).path).route for path in MATRIX}
    missing = sorted(set(url_routes(get_resolver().url_patterns)) - covered)
    assert not missing, f"URL patterns the roles matrix does not cover: {missing}"


def test_the_matrix_covers_every_registered_admin_model():
    from django.contrib import admin

    registered = {
        f"{model._meta.app_label}/{model._meta.model_name}" for model in admin.site._registry
    }
    assert registered == {entry.model for entry in ADMIN_OBJECTS}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_matrix_says(role, world, people):
    client = client_as(people[role])
    wrong = []
    for template, outcomes in MATRIX.items():
        path = template.format(**world)
        expected = expected_outcome(outcomes[role], world)
        actual = outcome_of(client.get(path), path)
        if actual != expected:
            wrong.append(f"{path}: expected {expected}, got {actual}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# --- POST endpoints: refused roles change nothing


IMPORT_CSV = b"scrutiny,number,text\nMPA Drugs Scrutiny,99,A recommendation the import adds.\n"


def start_report_form(world):
    return {
        "committee": world["committee"],
        "meeting_day": "4",
        "meeting_month": "9",
        "meeting_year": "2008",
        "number": "7",
        "title": "Drugs scrutiny update",
        "scrutiny": world["scrutiny"],
    }


def decisions_form(world):
    return {
        f"outcome-{world['published_update']}": "not_agreed",
        f"minute-{world['published_update']}": "Members asked for more.",
    }


def recommendation_change_form(world):
    recommendation = Recommendation.objects.get(pk=world["recommendation"])
    return admin_recommendation_form(recommendation, text="Changed through the admin.")


def report_change_form(world):
    report = Report.objects.get(pk=world["published"])
    return {
        "meeting": report.meeting_id,
        "number": report.number,
        "scrutiny": report.scrutiny_id,
        "title": "Changed after publishing",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }


CHANGED = "changes the database"


@dataclass(frozen=True)
class Post:
    path: str
    data: object  # a dict, or a function of the world's ids giving one
    outcomes: dict
    upload: bool = False

    def form(self, world):
        data = self.data(world) if callable(self.data) else dict(self.data)
        if self.upload:
            data["file"] = SimpleUploadedFile("recommendations.csv", IMPORT_CSV, "text/csv")
        return data


ADMIN_POST_REFUSED = roles(ADMIN_SIGN_IN, ADMIN_SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)

POSTS = {
    "publish": Post(
        "/reports/{draft}/publish/",
        {},
        roles(
            SIGN_IN,
            FORBIDDEN,
            FORBIDDEN,
            FORBIDDEN,
            RedirectTo("/reports/{draft}/"),
            RedirectTo("/reports/{draft}/"),
        ),
    ),
    "discard draft": Post(
        "/reports/{draft}/discard/",
        {},
        roles(
            SIGN_IN,
            FORBIDDEN,
            FORBIDDEN,
            FORBIDDEN,
            RedirectTo("/reports/"),
            RedirectTo("/reports/"),
        ),
    ),
    "discard published report": Post(
        "/reports/{published}/discard/",
        {},
        roles(
            SIGN_IN,
            FORBIDDEN,
            FORBIDDEN,
            FORBIDDEN,
            RedirectTo("/reports/{published}/"),
            RedirectTo("/reports/{published}/"),
        ),
    ),
    "decisions": Post(
        "/reports/{published}/decisions/",
        decisions_form,
        roles(
            SIGN_IN,
            FORBIDDEN,
            FORBIDDEN,
            FORBIDDEN,
            RedirectTo("/reports/{published}/"),
            RedirectTo("/reports/{published}/"),
        ),
    ),
    "workspace details": Post(
        "/reports/{draft}/workspace/details/",
        {"title": "Changed in the workspace", "save_return": "yes"},
        roles(
            SIGN_IN,
            FORBIDDEN,
            FORBIDDEN,
            FORBIDDEN,
            RedirectTo("/reports/{draft}/workspace/"),
            RedirectTo("/reports/{draft}/workspace/"),
        ),
    ),
    "workspace details of a published report": Post(
        "/reports/{published}/workspace/details/",
        {"title": "Changed after publishing", "save_return": "yes"},
        PUBLISHED_OFFICERS_WORKSPACE,
    ),
    "workspace section": Post(
        "/reports/{draft}/workspace/sections/C/",
        {"heading": "Race and equality impact", "body": "Assessed.", "save_return": "yes"},
        roles(
            SIGN_IN,
            FORBIDDEN,
            FORBIDDEN,
            FORBIDDEN,
            RedirectTo("/reports/{draft}/workspace/"),
            RedirectTo("/reports/{draft}/workspace/"),
        ),
    ),
    "workspace section of a published report": Post(
        "/reports/{published}/workspace/sections/C/",
        {"heading": "Changed", "body": "Changed after publishing.", "save_return": "yes"},
        PUBLISHED_OFFICERS_WORKSPACE,
    ),
    "start report": Post(
        "/reports/start/",
        start_report_form,
        roles(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, CHANGED, CHANGED),
    ),
    "import": Post(
        "/admin/recommendations/recommendation/import/",
        {},
        roles(
            ADMIN_SIGN_IN,
            ADMIN_SIGN_IN,
            FORBIDDEN,
            *[RedirectTo("/admin/recommendations/recommendation/")] * 3,
        ),
        upload=True,
    ),
    "admin change": Post(
        "/admin/recommendations/recommendation/{recommendation}/change/",
        recommendation_change_form,
        roles(
            ADMIN_SIGN_IN,
            ADMIN_SIGN_IN,
            FORBIDDEN,
            *[RedirectTo("/admin/recommendations/recommendation/")] * 3,
        ),
    ),
    # The page of one past version can put it back; only people who may change the
    # object may do so, and nobody may change a published report that way.
    "admin revert": Post(
        "/admin/recommendations/recommendation/{recommendation}/history/{recommendation_version}/",
        recommendation_change_form,
        roles(
            ADMIN_SIGN_IN,
            ADMIN_SIGN_IN,
            FORBIDDEN,
            *[RedirectTo("/admin/recommendations/recommendation/")] * 3,
        ),
    ),
    "admin revert published report": Post(
        "/admin/recommendations/report/{published}/history/{published_version}/",
        report_change_form,
        ADMIN_POST_REFUSED,
    ),
    "admin change published report": Post(
        "/admin/recommendations/report/{published}/change/", report_change_form, ADMIN_POST_REFUSED
    ),
    "admin delete published report": Post(
        "/admin/recommendations/report/{published}/delete/", {"post": "yes"}, ADMIN_POST_REFUSED
    ),
    "admin delete recommendation": Post(
        "/admin/recommendations/recommendation/{recommendation}/delete/",
        {"post": "yes"},
        # Its update in the published report cannot go, so neither can it.
        ADMIN_POST_REFUSED,
    ),
    "admin publish action": Post(
        "/admin/recommendations/report/",
        lambda world: {
            "action": "publish_selected",
            "_selected_action": [world["draft"]],
            "index": "0",
        },
        # Without the publish permission the action is not offered: the list is shown again.
        roles(
            ADMIN_SIGN_IN,
            ADMIN_SIGN_IN,
            OK,
            OK,
            RedirectTo("/admin/recommendations/report/"),
            RedirectTo("/admin/recommendations/report/"),
        ),
    ),
}
# Who gets through and changes something; everyone else must leave the database alone.
CHANGES = {
    "publish": OFFICERS,
    "discard draft": OFFICERS,
    "discard published report": NOBODY,
    "decisions": OFFICERS,
    "start report": OFFICERS,
    "workspace details": OFFICERS,
    "workspace details of a published report": NOBODY,
    "workspace section": OFFICERS,
    "workspace section of a published report": NOBODY,
    "import": STAFF_AND_OFFICERS,
    "admin change": STAFF_AND_OFFICERS,
    "admin revert": STAFF_AND_OFFICERS,
    "admin revert published report": NOBODY,
    "admin change published report": NOBODY,
    "admin delete published report": NOBODY,
    "admin delete recommendation": NOBODY,
    "admin publish action": OFFICERS,
}
NEW_REPORT = re.compile(r"^/reports/\d+/$")


def post_as(role, post, world, people) -> list[str]:
    """What is wrong with one role's POST; the database is put back afterwards."""
    wrong = []
    path = post.path.format(**world)
    with transaction.atomic():
        client = client_as(people[role])
        before = snapshot()
        actual = outcome_of(client.post(path, post.form(world)), path)
        expected = expected_outcome(post.outcomes[role], world)
        if expected == CHANGED:
            if not (isinstance(actual, RedirectTo) and NEW_REPORT.match(actual.url)):
                wrong.append(f"{role}: expected a new report's page, got {actual}")
        elif actual != expected:
            wrong.append(f"{role}: expected {expected}, got {actual}")
        changed = snapshot() != before
        if changed != (role in CHANGES[post_name(post)]):
            wrong.append(f"{role}: {'changed' if changed else 'did not change'} the database")
        transaction.set_rollback(True)
    return wrong


def post_name(post):
    return next(name for name, candidate in POSTS.items() if candidate is post)


@pytest.mark.parametrize("name", POSTS)
def test_each_post_endpoint_refuses_the_roles_it_should_and_they_change_nothing(
    name, world, people
):
    wrong = [problem for role in ROLES for problem in post_as(role, POSTS[name], world, people)]
    assert not wrong, f"POST {POSTS[name].path}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_signing_out_is_a_post_that_signs_anyone_out(role, people):
    client = client_as(people[role])
    response = client.post("/accounts/logout/")
    assert outcome_of(response, "/accounts/logout/") == RedirectTo("/")
    assert "_auth_user_id" not in client.session


def test_only_officers_publish_and_the_draft_becomes_public(world, people):
    assert client_as(None).get(f"/reports/{world['draft']}/").status_code == 404
    client_as(people["officer"]).post(f"/reports/{world['draft']}/publish/")
    assert Report.objects.get(pk=world["draft"]).is_published
    assert client_as(None).get(f"/reports/{world['draft']}/").status_code == 200
