import pytest
from django.core.management import call_command

from picket.accounts.models import Organisation, User
from picket.accounts.roles import Role
from picket.demo.generator import demo_data_load, demo_geography_load
from picket.geo.models import District, State

pytestmark = pytest.mark.django_db


def test_demo_creates_one_user_per_role_with_working_random_passwords():
    assert demo_geography_load() is True
    credentials = demo_data_load()
    assert sorted(c.role for c in credentials) == sorted(str(r.label) for r in Role)
    assert len({c.password for c in credentials}) == len(credentials)
    for credential in credentials:
        assert User.objects.get(username=credential.username).check_password(credential.password)
    assert Organisation.objects.filter(name__endswith="(demo)").count() >= 7 * 5
    districts_with_organisations = District.objects.filter(organisations__isnull=False).distinct().count()
    assert districts_with_organisations >= 7


def test_demo_load_is_idempotent_and_keeps_existing_geography(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    assert "passwords are shown only this once" in first
    states = State.objects.count()
    call_command("demo")
    assert "nothing changed" in capsys.readouterr().out
    assert State.objects.count() == states
    assert demo_geography_load() is False


def test_demo_children_are_spread_over_districts_and_scoped_like_real_ones():
    from picket.accounts.access import actor_for
    from picket.people.models import Child
    from picket.people.selectors import child_list

    demo_geography_load()
    demo_data_load()
    assert Child.objects.values("district").distinct().count() == 7
    assert all(child.name for child in Child.objects.all()[:5])  # decrypts
    field_worker = User.objects.get(username="demo-field-worker")
    visible = child_list(actor=actor_for(field_worker))
    assert visible.count() == 8 + 1  # eight per district, and a child reported missing found again at Gaya
    assert set(visible.values_list("district__name", flat=True)) == {"GAYA"}


def test_demo_has_reports_found_children_and_tips_in_every_district():
    from picket.intake.models import FoundChild, MissingReport, Tip

    demo_geography_load()
    demo_data_load()
    for model in (MissingReport, FoundChild, Tip):
        assert model.objects.values("district").distinct().count() == 7, model.__name__


def test_demo_tracing_puts_children_found_again_in_the_gaya_review_queue(django_capture_on_commit_callbacks):
    from picket.accounts.access import actor_for
    from picket.tracing.models import MatchCandidate
    from picket.tracing.selectors import review_queue, sides_outside

    demo_geography_load()
    with django_capture_on_commit_callbacks(execute=True):
        demo_data_load()
    worker = User.objects.get(username="demo-case-worker")
    queue = list(review_queue(actor=actor_for(worker)).filter(kind="link", decision="match"))
    # One found at Gaya station (fully open to Gaya's team), one in New Delhi (the Delhi record closed).
    found_children = [c.found_child for c in queue if c.found_child is not None]
    assert len(found_children) == len(queue)
    assert sorted(f.district.name for f in found_children) == ["GAYA", "NEW DELHI"]
    closed = {f.district.name: sides_outside(actor=actor_for(worker), candidate=c, approved_count=True)
              for f, c in zip(found_children, queue, strict=True)}  # fmt: skip
    assert closed["GAYA"] == [] and [s.name for s in closed["NEW DELHI"]] == ["found"]
    assert MatchCandidate.objects.count() >= 2
