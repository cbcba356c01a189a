"""The service's own pages: health, and the error pages in the service's design.

Django's own error pages are bare HTML with no header and no way back. These
extend templates/base.html and point home. The 400 and 500 pages render
without the request's context processors: a malformed request or a failing
database must not break the page that reports it.
"""

import sys

from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

HEADINGS = {
    400: "Sorry, there is a problem with the request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is busy",
}
CSRF_HEADING = "Sorry, the form could not be sent"


@require_GET
def health(request):
    """For load balancers and the benchmark: the full middleware stack, no database."""
    return HttpResponse("ok", content_type="text/plain")


def without_request(status: int) -> HttpResponse:
    page = loader.render_to_string(f"scrutiny/errors/{status}.html", {"heading": HEADINGS[status]})
    return HttpResponse(page, status=status)


def bad_request(request, exception=None):
    return without_request(400)


def server_error(request):
    """The 500 page; or, when SQLite was busy, the 503 page asking to try again.

    Django calls this while handling the exception, wherever it was raised (a
    view, or a middleware saving the session), so it can tell which it was.
    """
    if is_database_busy(sys.exc_info()[1]):
        response = without_request(503)
        response["Retry-After"] = "30"
        return response
    return without_request(500)


def is_database_busy(error) -> bool:
    """SQLite's answer when a write waited its whole busy timeout for another one.

    A long write (a large import runs in one transaction) holds SQLite's only
    write lock; others wait (settings' "timeout") and then give up with this.
    Their transaction is rolled back, so trying again later is safe.
    """
    return isinstance(error, OperationalError) and "database is locked" in str(error)


@requires_csrf_token
def permission_denied(request, exception=None):
    context = {"heading": HEADINGS[403]}
    return render(request, "scrutiny/errors/403.html", context, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    context = {"heading": HEADINGS[404]}
    return render(request, "scrutiny/errors/404.html", context, status=404)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form sent without its security token, most often from a page left open too long."""
    context = {"heading": CSRF_HEADING}
    return render(request, "scrutiny/errors/csrf.html", context, status=403)
