"""Entities other than phones and places: e-mail addresses, WhatsApp/Telegram/Instagram handles, ages and age
ranges, prices and salaries, licence or registration numbers, and personal names where they are cheap to see.

Everything reads the folded text (:func:`~picket.monitoring.analysis.text.fold`) except names, which need
the capitals of the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Final

from picket.monitoring.analysis.prefilter import Starts, first_matches

# --- e-mail and handles ----------------------------------------------------------------------------------------

EMAIL: Final = re.compile(
    r"([a-z0-9][a-z0-9._%+\-]{0,63})\s?(?:@|\(at\)|\[at\]|\s+at\s+)\s?([a-z0-9\-]{1,63})"
    r"\s?(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s?(com|in|co\.in|org|net|org\.in|info)(?![a-z])"
)
_TELEGRAM: Final = re.compile(
    r"(?:t\.me/|telegram\.me/|(?:telegram|tg|टेलीग्राम)\s?(?:id|handle|channel|group|pe|par|पर)?\s?[:\-]?\s?@?)"
    r"([a-z][a-z0-9_]{4,31})"
)
_INSTAGRAM: Final = re.compile(
    r"(?:instagram\.com/|(?:instagram|insta|ig)\s?(?:id|handle)?\s?[:\-]?\s?@)([a-z0-9_.]{3,30})"
)
_WHATSAPP_GROUP: Final = re.compile(r"chat\.whatsapp\.com/([a-z0-9]{8,40})")
_AT_HANDLE: Final = re.compile(r"(?<![a-z0-9._%+\-])@([a-z][a-z0-9_]{4,31})(?![a-z0-9_@.]*\.(?:com|in|org|net))")
_NOT_HANDLES: Final = frozenset({"gmail", "yahoo", "hotmail", "outlook", "rediffmail"})


def emails(folded: str) -> tuple[str, ...]:
    """E-mail addresses, also written "name at gmail dot com"; lower case."""
    if "@" not in folded and " at " not in folded and "(at)" not in folded and "[at]" not in folded:
        return ()
    return tuple(dict.fromkeys(f"{m.group(1)}@{m.group(2)}.{m.group(3)}" for m in EMAIL.finditer(folded)))


def handles(folded: str) -> tuple[str, ...]:
    """``telegram:name``, ``instagram:name``, ``whatsapp-group:code``; a bare ``@name`` counts as Telegram
    (where such handles are mostly posted). WhatsApp numbers are phones (see ``phones.py``)."""
    found: list[str] = []
    if "t.me" in folded or "telegram" in folded or "tg" in folded or "टेलीग्राम" in folded:
        found += [f"telegram:{m.group(1)}" for m in _TELEGRAM.finditer(folded)]
    if ("insta" in folded or "ig" in folded) and ("@" in folded or "instagram.com/" in folded):  # one is needed
        found += [f"instagram:{m.group(1).rstrip('.')}" for m in _INSTAGRAM.finditer(folded)]
    if "chat.whatsapp" in folded:
        found += [f"whatsapp-group:{m.group(1)}" for m in _WHATSAPP_GROUP.finditer(folded)]
    if "@" in folded:
        known = {m.group(1) for m in EMAIL.finditer(folded)} | {h.split(":", 1)[1] for h in found}
        for m in _AT_HANDLE.finditer(folded):
            if m.group(1) not in _NOT_HANDLES and m.group(1) not in known:
                found.append(f"telegram:{m.group(1)}")
    return tuple(dict.fromkeys(found))


# --- ages ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Age:
    """An age or range the ad asks for (``low``-``high``), or an adult-only statement (``adult_only``)."""

    low: int
    high: int
    text: str
    adult_only: bool = False


_UNIT: Final = r"(?:yrs?|years?|year old|yo|y/o|saal|sal|varsh|baras|वर्ष|साल|बरस)"
_TO: Final = r"\s?(?:-|to|se|से|tak|/|or|ya|या|and|aur|और|,)\s?"
_CUE: Final = r"(?:age|aged|umar|umr|umra|umer|aayu|ayu|उम्र|उमर|आयु|वय)"
# "(?<!\d)(\d{1,2})" written with the look-behind after the first digit, "(\d(?<!\d\d)\d?)": the same matches,
# but `re` can then skip to the next digit instead of trying every position.
_AGE_RANGE: Final = re.compile(rf"(\d(?<!\d\d)\d?){_TO}(\d{{1,2}})\s?\+?\s?{_UNIT}")
_AGE_UNIT: Final = re.compile(rf"(\d(?<![\d\-/.]\d)\d?)\s?\+?\s?{_UNIT}")
_AGE_CUE: Final = re.compile(
    rf"{_CUE}\s?(?:limit|group|of|between|hai|ki|के|की)?\s?[:\-=]?\s?(\d{{1,2}})(?:\+|{_TO}(\d{{1,2}}))?(?!\d)"
)
_EXPERIENCE: Final = re.compile(
    r"\s?(?:\+\s?)?(?:of\s)?(?:exp|experience|anubhav|अनुभव|work|kaam ka|ka anubhav|purani|old company)"
)
_ADULT: Final = re.compile(
    r"(?:(?:above|over|min(?:imum)?\.?\s?(?:age)?|only|at least|atleast)\s?:?\s?(?:1[89]|2\d)\s?\+?\s?(?:yrs?|years?)?"
    r"|(?<!\d)(?:1[89]|2\d)\s?\+\s?(?:only|age|yrs?|years?|candidates|ke upar|से ऊपर)"
    r"|(?:below|under|less than|kam)\s?(?:age\s)?(?:of\s)?18\s?(?:yrs?|years?|saal|sal)?\s?"
    r"(?:not|no|nahi|na\b|strictly)"
    r"|18\s?(?:saal|sal|varsh|वर्ष|साल)\s?(?:se|से)\s?(?:kam|कम)\s?(?:umar|umr|उम्र|आयु)?\s?(?:ke|वाले|wale|वाली|wali)?"
    r"\s?(?:apply|aavedan|avedan|आवेदन)?\s?(?:na|nahi|नहीं|न)(?![a-z\u0900-\u097f])"
    r"|18\s?(?:saal|sal|varsh|वर्ष|साल)\s?(?:se|से)\s?(?:upar|adhik|zyada|jyada|ऊपर|अधिक|ज्यादा)"
    r"|no (?:minors|one under 18|child labour)|minors? not allowed|(?:strictly )?adults? only)"
)
_LOW_AGE: Final = 5
_HIGH_AGE: Final = 70


def _plausible(low: int, high: int) -> bool:
    return _LOW_AGE <= low <= high <= _HIGH_AGE and high - low <= 30


AGE_WORDS: Final = frozenset(
    [
        "yr",
        "yrs",
        "year",
        "years",
        "yo",
        "y",
        "saal",
        "sal",
        "varsh",
        "baras",
        "वर्ष",
        "साल",
        "बरस",
        "age",
        "aged",
        "umar",
        "umr",
        "umra",
        "umer",
        "aayu",
        "ayu",
        "उम्र",
        "उमर",
        "आयु",
        "वय",
        "adult",
        "adults",
        "minors",
        "minor",
    ]
)


def ages(folded: str, words: Iterable[str] | None = None) -> tuple[Age, ...]:
    """Ages and ranges asked for ("14-16 yrs", "14 se 16 saal", "उम्र 14", "age: 15+"), and adult-only
    statements ("18+ only", "below 18 not allowed", "18 साल से कम उम्र वाले नहीं"); experience ("2-3 years
    experience") is not an age. ``words``: the text's words if already split (a text with none of the words
    ages are written with is skipped)."""
    if words is not None and AGE_WORDS.isdisjoint(words) and "18" not in folded:
        return ()
    found: dict[tuple[int, int, bool], Age] = {}
    covered: list[tuple[int, int]] = []
    for match in _ADULT.finditer(folded):
        found[(18, _HIGH_AGE, True)] = Age(18, _HIGH_AGE, match.group(), adult_only=True)
        covered.append(match.span())

    def add(low: int, high: int, match: re.Match[str]) -> None:
        overlaps = any(s < match.end() and match.start() < e for s, e in covered)
        if overlaps or _EXPERIENCE.match(folded, match.end()):
            return
        if _plausible(low, high):
            found.setdefault((low, high, False), Age(low, high, match.group()))
            covered.append(match.span())

    for match in _AGE_RANGE.finditer(folded):
        add(int(match.group(1)), int(match.group(2)), match)
    for match in _AGE_CUE.finditer(folded):
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else low
        add(low, high, match)
    for match in _AGE_UNIT.finditer(folded):
        age = int(match.group(1))
        add(age, age, match)
    return tuple(found.values())


# --- money -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in rupees; ``period`` month, day, hour or None; ``kind`` fee, salary or amount."""

    amount: int
    period: str | None
    kind: str
    text: str


_CURRENCY: Final = r"(?:rs\.?|inr|₹|rupees?|rupaye|रु\.?|रुपये|रुपए)"
_MULTIPLIER: Final = r"(?:k|thousand|hazar|hazaar|हजार|lakh|lac|lakhs|लाख)"
_MONEY: Final = re.compile(
    rf"{_CURRENCY}\s?(\d[\d,]*(?:\.\d+)?)\s?({_MULTIPLIER})?(?![a-z])"
    rf"|(\d(?<![\d.]\d)[\d,]*(?:\.\d+)?)\s?({_MULTIPLIER})?\s?{_CURRENCY}"  # (?<![\d.]) after the digit
    rf"|(\d(?<![\d.]\d)\d{{0,2}}(?:\.\d)?)\s?(k|hazar|hazaar|हजार|lakh|lac|लाख)(?![a-z])"
    r"|(?:salary|vetan|tankhwah|tankha|pagar|income|kamai|fee|fees|charges?|deposit|वेतन|सैलरी|तनख्वाह|पगार|फीस|शुल्क)"
    r"\s?(?:[:\-]|of|upto|up to|से)?\s?"
    r"(\d[\d,]{2,}(?:\.\d+)?)(?![\d,])"
)
_PERIOD: Final = re.compile(
    r"\s?(?:/|per|a|प्रति|har)?\s?-?\s?(month|mon|pm|p\.m\.|monthly|mahina|mahine|महीना|माह|मासिक"
    r"|day|daily|roz|rozana|din|दिन|रोज|प्रतिदिन|hour|hr|ghanta|घंटा|week|hafta)(?![a-z])"
)
_FEE: Final = re.compile(r"(?:fee|fees|charges?|deposit|pay|jama|फीस|शुल्क|जमा)[^.!?\n]{0,25}$")
_FEE_AFTER: Final = re.compile(r"\s?(?:/-)?\s?(?:registration|processing|visa|fee|fees|charges?|deposit|फीस|शुल्क)")
_FEE_WORD: Final = re.compile(r"fee|charge|deposit|फीस|शुल्क")
_FACTOR: Final = {"k": 1000, "thousand": 1000, "hazar": 1000, "hazaar": 1000, "हजार": 1000}
_PERIODS: Final = {
    "month": "month", "mon": "month", "pm": "month", "p.m.": "month", "monthly": "month", "mahina": "month",
    "mahine": "month", "महीना": "month", "माह": "month", "मासिक": "month", "day": "day", "daily": "day",
    "roz": "day", "rozana": "day", "din": "day", "दिन": "day", "रोज": "day", "प्रतिदिन": "day", "hour": "hour",
    "hr": "hour", "ghanta": "hour", "घंटा": "hour", "week": "week", "hafta": "week",
}  # fmt: skip


MONEY_WORDS: Final = frozenset(
    [
        "rs",
        "inr",
        "rupee",
        "rupees",
        "rupaye",
        "रु",
        "रुपये",
        "रुपए",
        "k",
        "thousand",
        "hazar",
        "hazaar",
        "हजार",
        "lakh",
        "lac",
        "lakhs",
        "लाख",
        "salary",
        "vetan",
        "tankhwah",
        "tankha",
        "pagar",
        "income",
        "kamai",
        "fee",
        "fees",
        "charge",
        "charges",
        "deposit",
        "वेतन",
        "सैलरी",
        "तनख्वाह",
        "पगार",
        "फीस",
        "शुल्क",
    ]
)


def money(folded: str, words: Iterable[str] | None = None) -> tuple[Money, ...]:
    """Prices, fees and salaries in rupees ("Rs 15,000/month", "15k", "₹500 registration fee", "1.5 lakh").
    ``words``: the text's words if already split (a text without money words or ₹ is skipped)."""
    if words is not None and MONEY_WORDS.isdisjoint(words) and "₹" not in folded and "k" not in words:
        return ()
    found: list[Money] = []
    for match in _MONEY.finditer(folded):
        number = match.group(1) or match.group(3) or match.group(5) or match.group(7)
        unit = match.group(2) or match.group(4) or match.group(6)
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            continue
        factor = 100_000 if unit and unit.startswith(("lakh", "lac", "लाख")) else _FACTOR.get(unit or "", 1)
        amount = round(value * factor)
        if not 10 <= amount <= 100_000_000:
            continue
        period_match = _PERIOD.match(folded, match.end())
        period = _PERIODS[period_match.group(1)] if period_match else None
        before = folded[max(0, match.start() - 40) : match.start()]
        is_fee = _FEE.search(before) or _FEE_AFTER.match(folded, match.end()) or _FEE_WORD.match(match.group())
        kind = "fee" if is_fee else "salary" if period or match.group(7) else "amount"
        found.append(Money(amount, period, kind, match.group().strip()))
    return tuple(found)


# --- licence and registration numbers --------------------------------------------------------------------------

LICENCE: Final = re.compile(
    r"(?:(?:licen[cs]e|lic\.|registration|regn\.?|regd\.?|reg\.|ra|rc|rpl|trade licen[cs]e"
    r"|पंजीकरण|लाइसेंस|रजिस्ट्रेशन)\s?(?:no\.?|number|num|#|संख्या|सं\.?|नंबर)|gstin|gst no\.?|cin)\s?[:.\-]?\s?"
    r"([a-z0-9][a-z0-9/\-.+]{2,40}[a-z0-9])"
    r"|(?<![a-z0-9])(b-\d{3,5}/[a-z]{2,5}/[a-z]{2,5}/[a-z0-9+/\-]{3,30})"
    r"|(?<![a-z0-9])(udyam-[a-z]{2}-\d{2}-\d{7})"
)


@cache
def _licence_starts() -> Starts:
    return Starts([LICENCE])


def licences(folded: str) -> tuple[str, ...]:
    """Licence or registration numbers: "RA No. B-0123/DEL/PER/1000+/5/7890/2024", "Regd. No. MH/PPA/2019/123",
    "GSTIN 07ABCDE1234F1Z5", "लाइसेंस संख्या 4521"; they must contain a digit."""
    if not any(key in folded for key in ("no", "#", "b-", "udyam", "gst", "cin", "संख्या", "सं", "नंबर")):
        return ()
    found = []
    starts = _licence_starts().positions(folded).get(0, ())  # every match starts at one of these
    for match in first_matches(LICENCE, folded, starts):
        value = (match.group(1) or match.group(2) or match.group(3)).upper()
        if any(c.isdigit() for c in value):
            found.append(value)
    return tuple(dict.fromkeys(found))


# --- personal names --------------------------------------------------------------------------------------------

_NAME_CUE: Final = re.compile(
    r"(?:[Cc]ontact(?: person)?|[Cc]all|[Aa]sk for|[Ss]ampark|[Mm]ilein|[Mm]ilen|Mr\.?|Mrs\.?|Ms\.?|Madam|[Mm]anager)"
    r"\s?[:\-]?\s?([A-Z][a-z]{2,14}(?: [A-Z][a-z]{2,14})?)"
    r"|([A-Z][a-z]{2,14}) (?:ji|bhai|sir|madam|didi)\b"
    r"|(?:संपर्क(?: करें)?|मिलें|कॉल करें)\s?[:\-]?\s?([\u0900-\u0963]{2,12})(?: जी)?"
)
NOT_NAMES: Final = frozenset(
    [
        "Now",
        "Today",
        "Us",
        "Me",
        "Immediately",
        "Asap",
        "Fast",
        "Soon",
        "Urgent",
        "Free",
        "The",
        "For",
        "And",
        "Our",
        "Office",
        "Hr",
        "Manager",
        "Madam",
        "Sir",
        "Whatsapp",
        "Only",
        "Anytime",
        "Between",
        "Directly",
        "Timing",
        "Details",
        "Delhi",
        "Mumbai",
        "Interested",
        "Apply",
        "Candidates",
        "Number",
        "Karen",
        "Karein",
        "Kare",
        "Kijiye",
        "Karo",
        "Contact",
        "Call",
        "Here",
        "Back",
        "Centre",
        "Center",
        "Spa",
        "Agency",
        "Team",
        "Message",
        "Msg",
        "Hello",
        "Hindi",
        "English",
    ]
) | {"करें", "करे", "कीजिए", "करो", "नंबर", "अभी", "तुरंत"}


NAME_CUES: Final = frozenset(
    [
        "contact",
        "call",
        "ask",
        "sampark",
        "milein",
        "milen",
        "mr",
        "mrs",
        "ms",
        "madam",
        "manager",
        "ji",
        "bhai",
        "sir",
        "didi",
        "person",
        "संपर्क",
        "मिलें",
        "कॉल",
    ]
)


def names(original: str, words: Iterable[str] | None = None) -> tuple[str, ...]:
    """Personal names introduced as contacts ("Contact Ramesh", "Suresh ji", "संपर्क करें राकेश"); cheap and
    incomplete by design: enough to treat a rotating contact name as a slot of an operator's template.
    ``words``: the folded text's words if already split (a text without a cue word is skipped)."""
    if words is not None and NAME_CUES.isdisjoint(words):
        return ()
    found = []
    for match in _NAME_CUE.finditer(original):
        name = match.group(1) or match.group(2) or match.group(3)
        words = [w for w in name.split() if w not in NOT_NAMES]
        if words and words[0] == name.split()[0]:
            found.append(" ".join(words))
    return tuple(dict.fromkeys(found))
