"""A picture of the tracked data, to show that a refused request changed nothing."""

from django.contrib.auth.models import User

from recommendations.models import (
    Abbreviation,
    Committee,
    Meeting,
    MembersDecision,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportSection,
    Scrutiny,
)
from strategy.models import Activity, Objective, Strategy, SuccessMeasure

TRACKED = [
    Scrutiny,
    Recommendation,
    Committee,
    Meeting,
    Report,
    ReportSection,
    ProgressUpdate,
    MembersDecision,
    Abbreviation,
    Strategy,
    Activity,
    Objective,
    SuccessMeasure,
    User,
]


def snapshot() -> dict:
    """Every row of the tracked tables, and how many history records each has."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in TRACKED}
    for model in TRACKED:
        if hasattr(model, "history"):
            rows[f"{model.__name__} history"] = model.history.count()
    return rows
