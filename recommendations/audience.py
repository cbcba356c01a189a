"""Whom a committee page is read for: with the drafts, or as the public sees it.

People with the view_draft permission see draft reports' proposals mixed into
counts, statuses and dates. Every page that mixes them in says so in a banner,
with a link to the same page as the public sees it (`?view=published`), where
the page reads as if no one were signed in; that page links back.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

VIEW_DRAFT = "recommendations.view_draft"
PUBLISHED_VIEW = "published"


def wants_published_view(request) -> bool:
    return request.GET.get("view") == PUBLISHED_VIEW and request.user.has_perm(VIEW_DRAFT)


def reader(request):
    """The person whose permissions decide what the page shows."""
    return AnonymousUser() if wants_published_view(request) else request.user


def sees_drafts(request) -> bool:
    return reader(request).has_perm(VIEW_DRAFT)


def url_with_view(request, view: str | None) -> str:
    """This page's address with its query kept, in the published view or out of it."""
    query = QueryDict(mutable=True)
    query.update(request.GET)
    query.pop("view", None)
    if view:
        query["view"] = view
    return f"{request.path}?{query.urlencode()}" if query else request.path


def audience(request) -> dict:
    """Context for every template: whether drafts are in, and the links between the views."""
    if not hasattr(request, "user"):
        return {}
    return {
        "sees_drafts": sees_drafts(request),
        "published_view": wants_published_view(request),
        "published_view_url": lambda: url_with_view(request, PUBLISHED_VIEW),
        "draft_view_url": lambda: url_with_view(request, None),
    }


def drafts_in(updates) -> list:
    """The draft reports whose proposals are among `updates`, in number order."""
    drafts = {update.report_id: update.report for update in updates if update is not None}
    return sorted(
        (report for report in drafts.values() if not report.is_published),
        key=lambda report: (report.scrutiny_id or 0, report.number),
    )


def drafts_among(statuses) -> list:
    """The draft reports proposing any of these current statuses."""
    return drafts_in(current.update for current in statuses.values())
