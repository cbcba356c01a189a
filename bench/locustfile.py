"""The people of the load test: visitors browsing and exporting, and signed-in members.

Run by bench/load.py, which builds the database, starts the server and writes
the ids to visit to the JSON file named by LOAD_TARGETS. Every request checks
its status and content type, so a wrong answer counts as a failure, not a
fast success. Each request has a `name`, so the results read per endpoint.
"""

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, events, task

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text())
RESULTS = os.getenv("LOAD_RESULTS")
RUN = {}

HTML = "text/html"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Words the seed's and the generated recommendations and responses use.
SEARCH_WORDS = ["partners", "training", "referral", "drugs", "equality", "DIP", "17"]
STATUSES = ["complete", "outstanding", "consideration", "none"]
SORTS = ["number", "-number", "scrutiny", "-scrutiny", "status", "-status", "due", "-due"]


def table_filters() -> str:
    """A query string as the table's filter form and column headings make them."""
    choices = [
        f"status={random.choice(STATUSES)}",
        f"q={random.choice(SEARCH_WORDS)}",
        f"overdue={random.choice(['yes', 'no'])}",
        f"linked={random.choice(['yes', 'no'])}",
        f"scrutiny={random.choice(TARGETS['scrutinies'])}",
        f"objective={random.choice(TARGETS['objectives'])}",
    ]
    picked = random.sample(choices, k=random.randint(1, 3))
    picked.append(f"sort={random.choice(SORTS)}")
    return "&".join(picked)


def summarise(entry) -> dict:
    return {
        "name": entry.name,
        "method": entry.method,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "median": entry.median_response_time,
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": entry.max_response_time,
    }


@events.init.add_listener
def keep_environment(environment, **kwargs):
    RUN["environment"] = environment


@events.quit.add_listener
def save_results(**kwargs):
    """The final figures, once every user has stopped (locust's CSV lags by up to a second)."""
    if not RESULTS:
        return
    stats = RUN["environment"].stats
    Path(RESULTS).write_text(
        json.dumps(
            {
                "endpoints": [summarise(entry) for entry in stats.entries.values()],
                "overall": summarise(stats.total),
                "failures": [
                    {
                        "request": f"{error.method} {error.name}",
                        "error": str(error.error),
                        "times": error.occurrences,
                    }
                    for error in stats.errors.values()
                ],
            }
        )
    )


class Visitor(HttpUser):
    """Anyone with the link: published reports only."""

    weight = 4
    wait_time = between(1, 4)

    def reports(self) -> list[int]:
        return TARGETS["published_reports"]

    def fetch(self, url: str, name: str, content_type: str = HTML) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            received = response.headers.get("Content-Type", "")
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif not received.startswith(content_type):
                response.failure(f"content type {received!r}, not {content_type}")
            elif not response.content:
                response.failure("empty body")
            else:
                response.success()

    @task(4)
    def dashboard(self):
        self.fetch("/", "dashboard")

    @task(3)
    def table_page(self):
        self.fetch(
            f"/recommendations/?page={random.randint(1, TARGETS['table_pages'])}", "table, a page"
        )

    @task(4)
    def table_filtered(self):
        self.fetch(f"/recommendations/?{table_filters()}", "table, filtered and sorted")

    @task(1)
    def table_export(self):
        fmt = random.choice(["csv", "xlsx"])
        self.fetch(
            f"/recommendations/?{table_filters()}&_export={fmt}",
            f"table export {fmt}",
            CONTENT_TYPES[fmt],
        )

    @task(6)
    def recommendation(self):
        self.fetch(
            f"/recommendations/{random.choice(TARGETS['recommendations'])}/", "recommendation page"
        )

    @task(2)
    def strategy(self):
        self.fetch(
            f"/strategy/activities/{random.choice(TARGETS['activities'])}/", "strategy activity"
        )

    @task(1)
    def strategy_document(self):
        self.fetch(
            random.choice(["/strategy/", f"/strategy/{TARGETS['strategy']}/"]),
            "strategy index and document",
        )

    @task(1)
    def glossary(self):
        self.fetch("/glossary/", "glossary")

    @task(1)
    def reports_index(self):
        self.fetch("/reports/", "reports index")

    @task(3)
    def report(self):
        self.fetch(f"/reports/{random.choice(self.reports())}/", "report HTML")

    @task(1)
    def report_earlier_state(self):
        page = random.choice(["as-at", "changes"])
        self.fetch(f"/reports/{random.choice(self.reports())}/{page}/", f"report {page}")

    @task(1)
    def report_pdf(self):
        self.fetch(
            f"/reports/{random.choice(self.reports())}/export.pdf",
            "report export pdf",
            CONTENT_TYPES["pdf"],
        )

    @task(1)
    def report_docx(self):
        self.fetch(
            f"/reports/{random.choice(self.reports())}/export.docx",
            "report export docx",
            CONTENT_TYPES["docx"],
        )

    @task(1)
    def report_table(self):
        fmt = random.choice(["csv", "xlsx"])
        self.fetch(
            f"/reports/{random.choice(self.reports())}/export.{fmt}",
            f"report export {fmt}",
            CONTENT_TYPES[fmt],
        )


class Member(Visitor):
    """A committee member, signed in through the sign-in form: drafts too."""

    weight = 1

    def reports(self) -> list[int]:
        return TARGETS["published_reports"] + TARGETS["draft_reports"]

    def on_start(self):
        username, password = random.choice(TARGETS["members"])
        self.fetch("/accounts/login/", "sign-in page")
        data = {
            "username": username,
            "password": password,
            "next": "/",
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }
        with self.client.post(
            "/accounts/login/", data=data, name="sign in", catch_response=True
        ) as response:
            if response.status_code != 200 or "sessionid" not in self.client.cookies:
                response.failure(f"not signed in (status {response.status_code})")
            else:
                response.success()
