"""Reading a found child's home district against the districts the reports name (fictional places only)."""

from __future__ import annotations

from picket.tracing.places import Gazetteer
from picket.tracing.records import Record, prepare
from picket.tracing.text import place_key


def gazetteer(*places: tuple[str, str]) -> Gazetteer:
    g = Gazetteer()
    for k, (state, district) in enumerate(places):
        g.add(prepare(Record(record_id=f"M{k}", name="Pooja", state=state, district=district)))
    return g


def home(g: Gazetteer, district: str, state: str = "") -> tuple[str, str]:
    p = g.resolve(prepare(Record(record_id="F", name="Pooja", home_district=district, home_state=state)))
    return p.home_district, p.home_state


JHARKHAND = [("Jharkhand", "Dumka"), ("Jharkhand", "Gumla"), ("Jharkhand", "Ranchi"), ("Bihar", "Gaya")]


def test_a_truncated_or_misspelt_district_is_read_as_the_reports_one_and_gets_its_state():
    g = gazetteer(*JHARKHAND)
    assert home(g, "Dumk") == (place_key("Dumka"), place_key("Jharkhand"))
    assert home(g, "GUML", "Jharkhand") == (place_key("Gumla"), place_key("Jharkhand"))
    assert home(g, "Raanchee") == (place_key("Ranchi"), place_key("Jharkhand"))


def test_a_district_known_to_the_reports_is_kept_and_given_its_only_state():
    g = gazetteer(*JHARKHAND)
    assert home(g, "Gaya") == (place_key("Gaya"), place_key("Bihar"))
    assert home(g, "Gaya", "Bihar") == (place_key("Gaya"), place_key("Bihar"))


def test_nothing_is_guessed_when_the_district_fits_none_or_two_or_another_state():
    g = gazetteer(*JHARKHAND, ("Uttar Pradesh", "Aurangabad"), ("Maharashtra", "Aurangabad"), ("Bihar", "Dumri"))
    assert home(g, "Patna") == (place_key("Patna"), "")  # no report names it
    assert home(g, "Dum") == (place_key("Dum"), "")  # too short to be a truncation
    assert home(g, "Dumk", "Bihar") == (place_key("Dumk"), place_key("Bihar"))  # Dumka is in another state
    assert home(g, "Aurangabad") == (place_key("Aurangabad"), "")  # named in two states: the state stays unknown
    assert home(g, "", "Bihar") == ("", place_key("Bihar"))
