"""The FEBRL field set: levels of single fields, and calibration through the shared machinery."""

from picket.tracing import febrl
from picket.tracing.calibration import calibrate

ROW = {
    "given_name": "michaela",
    "surname": "neumann",
    "street_number": "8",
    "address_1": "stanley street",
    "address_2": "miami",
    "suburb": "winston hills",
    "postcode": "4223",
    "state": "nsw",
    "date_of_birth": "19151111",
    "soc_sec_id": "5304218",
}


def levels(a: dict, b: dict) -> dict[str, str]:
    left, right = febrl.record("a", a), febrl.record("b", b)
    return {f.name: f.level for f in febrl.compare(left, right, febrl.NameFrequencies.of([left]))}


def test_levels_of_typical_febrl_errors():
    copy = {
        **ROW,
        "given_name": "neumann",
        "surname": "michaela",
        "date_of_birth": "19151111"[:4] + "1111",
        "postcode": "4232",
        "soc_sec_id": "5304281",
        "suburb": "winston hils",
        "state": float("nan"),
    }
    got = levels(ROW, copy)
    assert got["given_name"] == "swapped"
    assert got["postcode"] == "one"
    assert got["soc_sec_id"] == "one"
    assert got["suburb"] == "close"
    assert got["state"] == "missing"
    assert levels(ROW, {**ROW, "date_of_birth": "19151211"})["date_of_birth"] == "one"
    assert levels(ROW, {**ROW, "date_of_birth": "19150312"})["date_of_birth"] == "year"
    assert levels(ROW, {**ROW, "soc_sec_id": "9999999"})["soc_sec_id"] == "differ"


def test_linker_finds_the_copy_and_calibration_moves_weights():
    others = [
        {
            **ROW,
            "given_name": name,
            "surname": surname,
            "soc_sec_id": str(1000000 + k),
            "date_of_birth": "19800101",
            "street_number": "99",
            "address_1": "king road",
            "address_2": "",
            "suburb": "dapto",
            "postcode": "2530",
        }
        for k, (name, surname) in enumerate([("john", "smith"), ("mia", "neumann"), ("michael", "brown")])
    ]
    left = [febrl.record("orig", ROW)] + [febrl.record(f"o{k}", row) for k, row in enumerate(others)]
    linker = febrl.FebrlLinker(left)
    copy = febrl.record("copy", {**ROW, "address_1": "stanley st", "postcode": "4232"})
    best = linker.candidates(copy, keep_all=True)
    assert best[0].left_id == "orig"
    assert best[0].score > 0.99 > best[1].score
    # Labelled data that says the near-identical pair is *not* the same person pulls its weights down.
    weights = calibrate([(c, False) for c in best] * 20, prior=febrl.PRIOR_FEBRL)
    assert set(febrl.PRIOR_FEBRL) <= set(weights)
    assert weights["soc_sec_id=exact"] < febrl.PRIOR_FEBRL["soc_sec_id=exact"] - 0.5
