import pytest
from django.contrib.auth.models import AnonymousUser

from recommendations import snapshot as snapshots
from recommendations.models import MembersDecision, ProgressUpdate, Recommendation, Status
from recommendations.snapshot import snapshot_for
from recommendations.status import DECIDED
from tests.factories import draft_report_changing

pytestmark = pytest.mark.django_db

PUBLIC = AnonymousUser()


@pytest.fixture(autouse=True)
def kept_snapshots(settings):
    settings.STATUS_SNAPSHOTS = True
    snapshots._kept.clear()
    yield
    snapshots._kept.clear()


def status_of(number, user=PUBLIC):
    statuses = snapshot_for(user).statuses
    return next(c.status for c in statuses.values() if c.update.recommendation.number == number)


def test_an_unchanged_database_reuses_the_snapshot_for_one_query(seed, django_assert_num_queries):
    first = snapshot_for(PUBLIC)
    with django_assert_num_queries(1):
        assert snapshot_for(PUBLIC) is first


def test_a_saved_change_is_seen_at_once(seed):
    assert status_of(2) == Status.CONSIDERATION
    update = ProgressUpdate.objects.get(recommendation__number=2)
    update.proposed_status = Status.COMPLETE
    update.save()
    assert status_of(2) == Status.COMPLETE
    assert status_of(13) == Status.COMPLETE  # linked to 2


def test_a_decision_is_seen_at_once(seed):
    snapshot_for(PUBLIC)
    MembersDecision.objects.create(
        update=ProgressUpdate.objects.get(recommendation__number=9), outcome="deferred"
    )
    current = next(
        c for c in snapshot_for(PUBLIC).statuses.values() if c.update.recommendation.number == 9
    )
    assert current.basis == DECIDED


def test_bulk_inserts_and_deletes_are_seen(seed):
    snapshot_for(PUBLIC)
    ProgressUpdate.objects.filter(recommendation__number=24).delete()
    assert all(c.update.recommendation.number != 24 for c in snapshot_for(PUBLIC).statuses.values())


def draft_completing_8():
    return draft_report_changing(Recommendation.objects.get(number=8), Status.COMPLETE)


def test_publishing_is_seen(seed, member):
    report = draft_completing_8()
    assert status_of(8) == Status.OUTSTANDING
    assert status_of(8, member) == Status.COMPLETE
    report.published_at = "2008-06-05T10:00:00Z"
    report.save()
    assert status_of(8) == Status.COMPLETE


def test_drafts_stay_with_those_who_may_see_them(seed, member, outsider):
    draft_completing_8()
    assert status_of(8, member) == Status.COMPLETE
    assert status_of(8, outsider) == Status.OUTSTANDING
    assert status_of(8) == Status.OUTSTANDING


def test_a_snapshot_is_rebuilt_after_its_time_whatever(seed, monkeypatch):
    first = snapshot_for(PUBLIC)
    monkeypatch.setattr(snapshots, "SNAPSHOT_SECONDS", 0)
    assert snapshot_for(PUBLIC) is not first
