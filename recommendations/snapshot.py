"""Every update a person may see and every current status, kept until the data changes.

The status rules read every visible update, and a national tracker holds tens
of thousands: too many to load on each page view. So each process keeps the
loaded updates and worked-out statuses per audience (the public, who see
published reports only, and those who may see drafts), and checks with one
cheap query whether anything they were made from has changed since: the
highest id of each table involved and of its history table, each read from its
primary-key index. Every save and delete through the ORM adds a history row, and
bulk inserts raise the ids, so either moves the fingerprint. Several app servers
stay correct because the fingerprint is read from the shared database. Two
writes committing out of the order their ids were given in could leave the
fingerprint unmoved, so a snapshot is also rebuilt after a minute whatever.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import connection

from .models import (
    Committee,
    Meeting,
    MembersDecision,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
)
from .paper.changes import for_changes
from .status import CurrentStatus, current_statuses

# Everything a snapshot's updates carry (for_changes loads these with them).
SOURCES = [ProgressUpdate, MembersDecision, Report, Meeting, Committee, Recommendation, Scrutiny]


@dataclass(frozen=True)
class Snapshot:
    updates: list[ProgressUpdate]
    statuses: dict[int, CurrentStatus] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "statuses", current_statuses(self.updates))

    @cached_property
    def updates_by_scrutiny(self) -> dict[int, list[ProgressUpdate]]:
        grouped = defaultdict(list)
        for update in self.updates:
            grouped[update.recommendation.scrutiny_id].append(update)
        return grouped

    @cached_property
    def statuses_by_scrutiny(self) -> dict[int, dict[int, CurrentStatus]]:
        grouped = defaultdict(dict)
        for recommendation_id, current in self.statuses.items():
            grouped[current.update.recommendation.scrutiny_id][recommendation_id] = current
        return grouped


SNAPSHOT_SECONDS = 60

_kept: dict[bool, tuple[tuple, float, Snapshot]] = {}


def fingerprint() -> tuple:
    """One query: the highest id of each source table and of its history table."""
    quote = connection.ops.quote_name
    parts = []
    for model in SOURCES:
        for table, key in (
            (model._meta.db_table, model._meta.pk.column),
            (model.history.model._meta.db_table, "history_id"),
        ):
            parts.append(f"(SELECT MAX({quote(key)}) FROM {quote(table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def snapshot_for(user) -> Snapshot:
    """The updates and statuses `user` may see, reusing this process's copy if still current."""
    drafts = user.has_perm("recommendations.view_draft")
    updates = for_changes(
        ProgressUpdate.objects.all() if drafts else ProgressUpdate.objects.visible_to(user)
    )
    if not settings.STATUS_SNAPSHOTS:
        return Snapshot(list(updates))
    version = fingerprint()
    kept = _kept.get(drafts)
    if kept and kept[0] == version and time.monotonic() - kept[1] < SNAPSHOT_SECONDS:
        return kept[2]
    snapshot = Snapshot(list(updates))
    _kept[drafts] = (version, time.monotonic(), snapshot)
    return snapshot
