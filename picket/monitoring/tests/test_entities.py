import pytest

from picket.monitoring.analysis import analyse
from picket.monitoring.analysis.entities import ages, emails, handles, licences, money, names
from picket.monitoring.analysis.language import ENGLISH, HINDI, HINGLISH, detect
from picket.monitoring.analysis.text import fold


def sought(text: str) -> list[tuple[int, int]]:
    return [(a.low, a.high) for a in ages(fold(text)) if not a.adult_only]


def adult_only(text: str) -> bool:
    return any(a.adult_only for a in ages(fold(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Girls 14-16 yrs needed", [(14, 16)]),
        ("girls 14 to 16 years old", [(14, 16)]),
        ("age: 15+", [(15, 15)]),
        ("Need girls of 15 or 16 years", [(15, 16)]),
        ("14 se 16 saal ki ladkiyan chahiye", [(14, 16)]),
        ("umar 13 se 15", [(13, 15)]),
        ("ladki 15 saal ki", [(15, 15)]),
        ("उम्र 14", [(14, 14)]),
        ("उम्र 14 वर्ष", [(14, 14)]),
        ("14 से 16 साल की लड़कियां", [(14, 16)]),
        ("2-3 years experience required, age 21-35", [(21, 35)]),
        ("company 10 saal purani hai", []),
        ("3 साल का अनुभव", []),
    ],
)
def test_ages_in_three_scripts(text, expected):
    assert sought(text) == expected


@pytest.mark.parametrize(
    "text",
    ["18+ only", "Candidates below 18 not allowed", "18 साल से कम उम्र वाले आवेदन न करें", "umar 18 saal se upar"],
)
def test_adult_only_statements(text):
    assert adult_only(text)
    assert sought(text) == []


def test_money_salaries_and_fees():
    found = {(m.amount, m.period, m.kind) for m in money(fold("Salary Rs 15,000/month. Registration fee ₹500."))}
    assert found == {(15000, "month", "salary"), (500, None, "fee")}
    assert [m.amount for m in money(fold("1.5 lakh"))] == [150000]
    assert [(m.amount, m.period) for m in money(fold("15 हजार महीना"))] == [(15000, "month")]
    assert [m.kind for m in money(fold("Processing fee 5000 to be paid"))] == ["fee"]


def test_licences():
    assert licences(fold("RA No. B-0123/DEL/PER/1000+/5/7890/2024")) == ("B-0123/DEL/PER/1000+/5/7890/2024",)
    assert licences(fold("Regd. No. MH/PPA/2019/123")) == ("MH/PPA/2019/123",)
    assert licences(fold("लाइसेंस संख्या 4521")) == ("4521",)
    assert licences(fold("no documents, no fee")) == ()


def test_emails_and_handles():
    assert emails(fold("mail jobs.delhi at gmail dot com or hr@example.in")) == (
        "jobs.delhi@gmail.com",
        "hr@example.in",
    )
    assert handles(fold("telegram @fresh_girls_dl, t.me/newmaal99")) == (
        "telegram:fresh_girls_dl",
        "telegram:newmaal99",
    )
    assert handles(fold("insta: @spa_royal")) == ("instagram:spa_royal",)
    assert handles(fold("join chat.whatsapp.com/AbCdEf12345")) == ("whatsapp-group:abcdef12345",)


def test_names_are_contacts_only():
    assert names("Contact Ramesh for details") == ("Ramesh",)
    assert names("Call Now") == ()
    assert names("संपर्क करें राकेश") == ("राकेश",)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Receptionist wanted for our Delhi office, salary 15000", ENGLISH),
        ("Delhi mein ghar ke kaam ke liye ladkiyan chahiye", HINGLISH),
        ("दिल्ली में घरेलू काम के लिए लड़कियां चाहिए", HINDI),
    ],
)
def test_language(text, language):
    assert detect(fold(text)) == language


def test_places_are_lgd_districts_and_cities():
    result = analyse("Kaam Gurgaon aur पटना mein, girls from Muzaffarpur; hotel job in Dubai. Vo chala gaya.")
    by_name = {p.name: p for p in result.places}
    assert by_name["Gurugram"].district_code == 62
    assert by_name["Patna"].district_code == 212
    assert by_name["Muzaffarpur"].state == "Bihar"
    assert by_name["Dubai"].kind == "abroad"
    assert "Gaya" not in by_name  # "gaya" is a Hindi word ("went"), not looked for in free text
