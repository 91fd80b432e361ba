"""The stored blocking index (``tracing.BlockKey``): rows for open records only, rebuilt by a record's refresh,
gone when the record closes or is traced, no plain name in it, and ranking that breaks the ties of a common name
by age and district (the old lookup kept the most recent reports of a common name and lost older ones)."""

import datetime
import re

import pytest
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.intake.models import CaseStatus
from picket.intake.services import found_child_set_status, missing_report_create, missing_report_set_status
from picket.people.services import child_register_with_family, family_member_add
from picket.tracing import blockkeys
from picket.tracing.candidates import for_found, forget_counts
from picket.tracing.models import UNKNOWN_YEAR, BlockCount, BlockKey, BlockKind, MatchCandidate
from picket.tracing.services import candidate_confirm

from .conftest import register_found, report_missing

pytestmark = pytest.mark.django_db


def _counts_in_step() -> bool:
    """``BlockCount`` holds exactly the histogram of ``BlockKey`` (counted here independently, in Python)."""
    from collections import Counter

    rows = BlockKey.objects.values_list("kind", "key", "gender", "birth_year")
    expected = Counter((k, key, g, UNKNOWN_YEAR if y is None else y) for k, key, g, y in rows)
    stored = {(c.kind, c.key, c.gender, c.birth_year): c.n for c in BlockCount.objects.all()}
    return stored == dict(expected)


def _keys(kind: str, pk: int) -> int:
    return BlockKey.objects.filter(kind=kind, record_id=pk).count()


def test_an_open_report_is_keyed_by_its_refresh_and_a_closed_one_loses_its_keys_and_is_not_found(
    world, reviewer_a, reviewer_b, run_on_commit
):
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    assert _keys(BlockKind.MISSING, report.pk) > 10

    run_on_commit(missing_report_set_status, actor=actor_for(reviewer_a), report=report, status=CaseStatus.CLOSED)
    assert _keys(BlockKind.MISSING, report.pk) == 0
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    assert not MatchCandidate.objects.filter(found_child=found).exists()

    # Reopened: keyed again by its refresh, and the found child (looked up again) finds it.
    run_on_commit(missing_report_set_status, actor=actor_for(reviewer_a), report=report, status=CaseStatus.OPEN)
    assert _keys(BlockKind.MISSING, report.pk) > 10
    assert [c.missing_report_id for c in MatchCandidate.objects.filter(found_child=found)] == [report.pk]
    assert [c.missing_id for c in for_found(found)] == [f"missing:{report.pk}"]


def test_a_found_child_closed_loses_its_keys(world, reviewer_b, run_on_commit):
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    assert _keys(BlockKind.FOUND, found.pk) > 10
    run_on_commit(found_child_set_status, actor=actor_for(reviewer_b), found=found, status=CaseStatus.CLOSED)
    assert _keys(BlockKind.FOUND, found.pk) == 0


def test_confirming_a_match_deletes_the_keys_of_both_records(world, manager_a, run_on_commit):
    report = run_on_commit(report_missing, manager_a, district=world.district_a)
    found = run_on_commit(register_found, manager_a, district=world.district_a2, home_district=world.district_a)
    candidate = MatchCandidate.objects.get(found_child=found, missing_report=report)
    assert _keys(BlockKind.MISSING, report.pk) and _keys(BlockKind.FOUND, found.pk)
    run_on_commit(candidate_confirm, actor=actor_for(manager_a), candidate=candidate)
    assert _keys(BlockKind.MISSING, report.pk) == 0 and _keys(BlockKind.FOUND, found.pk) == 0


def test_the_block_key_table_holds_no_name_and_no_place(world, reviewer_a, reviewer_b, run_on_commit):
    run_on_commit(report_missing, reviewer_a, district=world.district_a, mother_name="Sunita Devi")
    run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    rows = list(BlockKey.objects.values_list("kind", "key", "gender"))
    assert len(rows) > 20
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for _, key, _ in rows)
    text = repr(list(BlockKey.objects.values())).casefold()
    plain = ["pooja", "puja", "पूजा", "ramesh", "rames", "rms", "pja", "sunita", "रमेश", "prasad"]
    plain += [world.district_a.name.casefold(), world.district_b.name.casefold(), "c|", "f|", "cd|"]
    assert not [word for word in plain if word in text]


def test_a_common_name_no_longer_hides_an_older_report_behind_recent_ones(
    world, reviewer_a, manager_a, reviewer_b, run_on_commit, monkeypatch
):
    """Thirty girls called Pooja, no father's name known to the found child: every report shares the same keys.
    The old lookup kept the most recent ones (ties by id) and, with room for 10, lost the true report, the oldest;
    the block index ranks ties by age and district, so the girl of the right age from the home district comes
    first."""
    monkeypatch.setattr(blockkeys, "MAX_COMPARE", 10)
    true = report_missing(reviewer_a, district=world.district_a, age_estimate_years=12, father_name="")
    for number in range(29):
        report_missing(
            manager_a, district=world.district_a2, age_estimate_years=5 + number % 3, father_name="",
            home_district=world.district_a2,
        )  # fmt: skip
    assert blockkeys.rebuild_all(BlockKind.MISSING) == 30
    forget_counts()
    found = register_found(reviewer_b, district=world.district_b, home_district=world.district_a, father_name="")
    ids = [c.missing_id for c in for_found(found)]
    assert ids and ids[0] == f"missing:{true.pk}"


def test_a_phone_shared_with_the_family_outranks_namesakes_sharing_more_keys(
    world, reviewer_a, manager_a, reviewer_b, run_on_commit, monkeypatch
):
    """A renamed child: 29 reports of a Pooja whose father is Ramesh share six name keys with the found child; the
    true report gives another name and only the family's phone in common. With room for 10, it is still loaded."""
    monkeypatch.setattr(blockkeys, "MAX_COMPARE", 10)
    for _ in range(29):
        report_missing(manager_a, district=world.district_a2, age_estimate_years=13)
    actor = actor_for(reviewer_a)
    child = child_register_with_family(
        actor=actor, district=world.district_a, name="Anjali Kumari", gender="F", age_estimate_years=13
    )
    true = missing_report_create(
        actor=actor, child=child, reporter_name="Sunita Devi", reporter_relation="mother",
        last_seen_on=timezone.localdate() - datetime.timedelta(days=200), district=world.district_a,
        reporter_phone="9876501234",
    )  # fmt: skip
    assert blockkeys.rebuild_all(BlockKind.MISSING) == 30
    forget_counts()
    found = register_found(reviewer_b, district=world.district_b)
    family_member_add(
        actor=actor_for(reviewer_b), child=found.child, relation="other_relative", name="Mahesh", phone="9876501234"
    )
    assert f"missing:{true.pk}" in [c.missing_id for c in for_found(found)]


def test_refresh_keys_only_rebuilds_every_open_records_keys_and_drops_closed_ones(world, reviewer_a, run_on_commit):
    from io import StringIO

    from django.core.management import call_command

    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    closed = run_on_commit(report_missing, reviewer_a, district=world.district_a, name="Salma Khatun")
    before = _keys(BlockKind.MISSING, report.pk)
    BlockKey.objects.filter(kind=BlockKind.MISSING, record_id=report.pk).delete()
    closed.status = CaseStatus.CLOSED  # closed without the service (an old installation's data)
    closed.save()
    out = StringIO()
    call_command("tracing", "refresh", "--keys-only", stdout=out)
    assert "blocking keys of 1 open missing record(s) rebuilt" in out.getvalue()
    assert _keys(BlockKind.MISSING, report.pk) == before
    assert _keys(BlockKind.MISSING, closed.pk) == 0


def test_block_counts_stay_in_step_with_the_index_through_changes_closing_and_repair(
    world, reviewer_a, reviewer_b, manager_a, run_on_commit
):
    """The lookup reads block sizes from ``BlockCount``; every way the index changes keeps it exact."""
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    other = run_on_commit(report_missing, manager_a, district=world.district_a2)
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    assert BlockCount.objects.filter(kind=BlockKind.MISSING).exists() and _counts_in_step()
    # Two reports of a Pooja share her name's blocks: counted twice.
    shared = BlockKey.objects.filter(kind=BlockKind.MISSING, record_id=report.pk).values_list("key", flat=True)
    assert any(c.n == 2 for c in BlockCount.objects.filter(kind=BlockKind.MISSING, key__in=list(shared))), (
        "the two reports share no block"
    )

    blockkeys.rebuild(BlockKind.MISSING, report.pk)  # a refresh replaces the rows: counts unchanged
    assert _counts_in_step()
    run_on_commit(missing_report_set_status, actor=actor_for(manager_a), report=other, status=CaseStatus.CLOSED)
    run_on_commit(found_child_set_status, actor=actor_for(reviewer_b), found=found, status=CaseStatus.CLOSED)
    assert _counts_in_step()
    assert not BlockCount.objects.filter(kind=BlockKind.FOUND).exists()  # counts that reach zero are dropped
    assert not BlockCount.objects.filter(n__lte=0).exists()

    BlockKey.objects.all().delete()  # rows lost behind the service's back: the repair command recounts
    assert not _counts_in_step()
    assert blockkeys.rebuild_all(BlockKind.MISSING) == 1
    assert _counts_in_step()


def test_a_found_child_who_names_only_its_home_state_is_looked_for_among_that_states_reports(
    world, reviewer_a, reviewer_b, run_on_commit
):
    from picket.tracing.candidates import reports_for_found
    from picket.tracing.stored import found_records

    report = report_missing(reviewer_a, district=world.district_a, name="Sushma Kumari", father_name="")
    assert blockkeys.rebuild_all(BlockKind.MISSING) == 1
    forget_counts()
    knows_state = register_found(reviewer_b, district=world.district_b, name="Guddi", father_name="",
                                 home_state=world.state_a)  # fmt: skip
    knows_nothing = register_found(reviewer_b, district=world.district_b, name="Guddi", father_name="")
    assert reports_for_found(knows_state, found_records(knows_state)) == [report.pk]
    assert reports_for_found(knows_nothing, found_records(knows_nothing)) == []
