"""A pytest plugin: a test may skip only for a reason its own skip or skipif marker gives.

A skip from anywhere else (a fixture calling pytest.skip, an importorskip, a
missing file) fails the test instead, so nothing goes untested quietly. The
skips that remain are listed with their reasons at the end of every run (-rs).
"""

import pytest


def declared_reasons(item):
    reasons = set()
    for marker in item.iter_markers():
        if marker.name in ("skip", "skipif"):
            reasons.add(marker.kwargs.get("reason", marker.args[0] if marker.args else ""))
    return reasons


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    if reason not in declared_reasons(item):
        report.outcome = "failed"
        report.longrepr = (
            f"Skipped without a skip marker saying why: {reason}. A test may skip only "
            "through @pytest.mark.skipif(condition, reason=...) on the test itself."
        )
