"""Phone numbers, plain and hidden. Every number here has the fictional form D0000NNNNN (see synthetic.py)."""

import random

import pytest

from picket.monitoring.analysis.phones import phones
from picket.monitoring.analysis.text import fold
from picket.monitoring.synthetic import PHONE_STYLES, fictional_phone, render_phone


def found(text: str) -> tuple[str, ...]:
    return phones(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "Call 9000012345",
        "call 90000 12345 now",
        "90 00 01 23 45",  # the "98 76 54 32 10" style
        "90000.12345",  # the "98765.43210" style
        "+91-90000-12345",
        "+91 90000 12345",
        "(+91) 90000-12345",
        "09000012345",
        "900-001-2345",
        "nine0zero00 1two345",  # the "nine8seven…" style
        "nine zero zero zero zero one two three four five",
        "nine double zero double zero one two three four five",
        "nine triple zero zero one two three four five",
        "९०००० १२३४५",  # Devanagari digits
        "nau shunya shunya shunya shunya ek do teen char paanch",  # Hinglish words ("nau aath…")
        "नौ शून्य शून्य शून्य शून्य एक दो तीन चार पांच",  # Hindi words
        "9️⃣0️⃣0️⃣0️⃣0️⃣1️⃣2️⃣3️⃣4️⃣5️⃣",  # keycap emoji
        "9OOOO12345",  # letter O for zero
        "Mob9000012345",
        "wa.me/919000012345",
        "WhatsApp: 90000-12345.",
    ],
)
def test_obfuscated_number_is_read(text):
    assert found(text) == ("9000012345",)


def test_two_numbers_in_one_run_are_split():
    assert found("Call 90000 12345 / 80000 54321") == ("9000012345", "8000054321")
    assert found("90000 12345 80000 54321") == ("9000012345", "8000054321")


@pytest.mark.parametrize(
    "text",
    [
        "Salary 15000 per month, 10am-6pm",
        "Interview on 12-05-2026 at 10:30",
        "Delhi 110001, Sector 18",
        "RA No. B-0123/DEL/PER/1000+/5/9000012345/2024",  # digits inside a licence number
        "ref9000012345",  # glued to a code
        "Childline 1098, emergency 112",
        "do ladkiyan chahiye, teen din mein",  # Hinglish number words that are not a phone
        "5000012345",  # not a mobile (first digit 5) and no prefix
    ],
)
def test_decoys_are_not_phones(text):
    assert found(text) == ()


def test_landline_needs_its_trunk_prefix():
    assert found("Office 011-23456789") == ("1123456789",)
    assert found("Office 1123456789") == ()


def test_every_generator_style_is_read():
    rng = random.Random(3)  # noqa: S311 - fictional numbers
    for style in PHONE_STYLES:
        for _ in range(20):
            number = fictional_phone(rng)
            text = f"Contact Ramesh {render_phone(number, style, rng)}. Salary 12000."
            assert found(text) == (number,), (style, text)
