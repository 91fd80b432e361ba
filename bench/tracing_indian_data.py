"""Fictional missing-child reports and found children shaped like Indian records, for the tracing benchmarks.

``realistic_link_dataset(seed, missing=..., found=...)`` returns ``picket.tracing.synthetic.LinkData``: reports,
found children and the true (report, found child) pairs. Every person is invented (names drawn independently
from the lists in ``bench/_children_data.py``); only the *shape* of the records is meant to be realistic. Used
by ``bench/tracing_quality.py`` and ``bench/tracing_link_speed.py``; not by the shipped weights.

Assumptions (also in docs/benchmarks.md; each is a guess from how such records are made, not a measurement of
real records, which we do not have):

Families and names
- Regions as in ``_children_data``: Hindi belt, Bengali, Adivasi (Oraon, Munda, Santhal...), Hindi- and
  Bengali-speaking Muslims, mixed per state and district (Seemanchal, tribal belts, border districts); ~50 LGD
  districts of very different caseloads.
- Given names from the region's list (60-80 names) with Zipf-like frequencies (exponent 0.8, most common name
  ~4-6 % of a region's children of one gender) plus 15 % from the other regions' lists; the
  tail of real names is longer than ours, so common-name collisions here are if anything more frequent.
- Fathers' given names from the region's boys' list (adult names: Ramesh, Mahesh, Somra...), mothers' from the
  girls' list. 70 % of Hindi-belt, 90 % of Bengali, 80 % of Adivasi and 60 % of Muslim families have a
  surname; Hindi-belt girls are often "X Kumari", boys "X Kumar"; Muslim boys sometimes "Md X", girls "X
  Khatun".
- 1-4 children per family, 1-4 years apart. In 12 % of missing events two brothers/sisters go missing together
  (same parents, phone, village, date: the hard negatives).
- Villages: 60 invented names per district.

Missing reports (filed by a parent at a police station)
- Reported at the home district's police station (85 %), another district of the home state (10 %) or a city
  where the child was last seen (5 %); state and district as LGD writes them, upper or title case.
- Name in full (given name + surname/Kumari/Kumar as the family writes it); Devanagari for 25 % of Hindi-belt,
  Adivasi and Hindi-speaking Muslim reports (Bengal's in Latin); 20 % with a spelling variant (Puja/Pooja),
  3 % mistyped.
- Father's name 95 % (with surname when the family has one, 60 %), mother's 50 %, phone 90 %, age 97 % (off by
  one year 10 %), gender 99.5 %, village 80 %, language 50 %, a mark (40 % of children have one) 70 %.
- 4 % of children are reported twice (the other parent, or where last seen), written independently, the date
  a few days apart, the phone another family number 15 % of the time. Both reports are true matches.
- "Missing since" from 2020-01 to 2025-10.

Found children (recorded by police, CWC or an NGO from what the child could say)
- Name: the given name (82 %), sometimes with the surname (30 %) or Kumari/Kumar (10 %), spelled as heard
  (variant 30 %, mistyped 5 %) or in Devanagari (30 % in the Hindi regions); another name entirely (renamed
  by those who held the child, misheard: 3 %); only a pet name (10 %: Guddu, Pinky, Sonu..., a quarter of them
  generic: Chhotu, Munni); nothing or "Unknown" (5 %).
- Father's name 60 % (first name only 70 % of those), mother's 30 %.
- Home state 65 %, home district 50 % (10 % of those wrong: another district of the state; 20 % misspelled).
- Age estimated: true age + N(0, 1.5) (N(0, 3) for 15 %), rounded; missing 5 %. Gender wrong 1 %.
- Found from a day to three years after going missing (exponential, mean 200 days; found before the report's
  date by up to a week 2 %: slips), not after 2026-10-31.
- Found in the home district 20 %, elsewhere in the home state 15 %, in a destination city 65 %.
- Language 60 % (the family's, or "Hindi" for a Hindi-belt child 30 % of the time); a mark described 50 % of
  the time when the child has one; a parent's phone 15 %, a wrong number 3 %.
- ``reported_share`` (default 0.6) of found children have a report in the file; the others come from families
  not in the file.
"""

from __future__ import annotations

import datetime
import random
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _children_data as names

from picket.tracing.records import Record
from picket.tracing.synthetic import LinkData

REGION_LISTS = {
    "hindi": (names.HINDI_BOYS, names.HINDI_GIRLS, names.HINDI_SURNAMES, 0.7),
    "bengali": (names.BENGALI_BOYS, names.BENGALI_GIRLS, names.BENGALI_SURNAMES, 0.9),
    "tribal": (names.TRIBAL_BOYS, names.TRIBAL_GIRLS, names.TRIBAL_SURNAMES, 0.8),
    "muslim_hindi": (names.MUSLIM_BOYS, names.MUSLIM_GIRLS, names.MUSLIM_SURNAMES, 0.6),
    "muslim_bengal": (names.MUSLIM_BOYS, names.MUSLIM_GIRLS, names.MUSLIM_SURNAMES, 0.6),
}
PETS = {
    "M": [("Guddu", "गुड्डू"), ("Pintu", "पिंटू"), ("Bittu", "बिट्टू"), ("Golu", "गोलू"), ("Monu", "मोनू"),
          ("Sonu", "सोनू"), ("Chintu", "चिंटू"), ("Bunty", "बंटी"), ("Tinku", "टिंकू"), ("Pappu", "पप्पू"),
          ("Bablu", "बबलू"), ("Lallu", "लल्लू"), ("Babai", ""), ("Bapi", ""), ("Raju", "राजू")],
    "F": [("Guddi", "गुड्डी"), ("Gudiya", "गुड़िया"), ("Pinky", "पिंकी"), ("Rinky", "रिंकी"), ("Babli", "बबली"),
          ("Dolly", "डॉली"), ("Chunni", "चुन्नी"), ("Sweety", "स्वीटी"), ("Mamoni", ""), ("Tuktuki", ""),
          ("Rani", "रानी"), ("Sonu", "सोनू")],
}  # fmt: skip
GENERIC = {"M": [("Chhotu", "छोटू"), ("Munna", "मुन्ना"), ("Babu", "बाबू")],
           "F": [("Munni", "मुन्नी"), ("Chhoti", "छोटी"), ("Baby", "बेबी")]}  # fmt: skip
UNKNOWN_NAMES = ("", "Unknown", "अज्ञात", "Not known")
MARKS = (
    ("burn mark on left hand", "jala hua nishan baayen haath", "बाएं हाथ पर जलने का निशान"),
    ("burn mark on right arm", "dayen banh par jalne ka nishan", "दाहिने बांह पर जला निशान"),
    ("mole on right cheek", "daayen gaal par til", "दाहिने गाल पर तिल"),
    ("mole near left eye", "baayi aankh ke paas til", "बाईं आंख के पास तिल"),
    ("scar on forehead", "mathe par chot ka nishan", "माथे पर चोट का निशान"),
    ("cut mark on chin", "thodi par kata nishan", "ठोड़ी पर कटा निशान"),
    ("birthmark on back", "peeth par lehsun", "पीठ पर लहसुन"),
    ("tattoo on right hand", "dahine haath par godna", "दाहिने हाथ पर गोदना"),
    ("white patch on neck", "gardan par safed daag", "गर्दन पर सफ़ेद दाग"),
    ("scar on left knee", "baayen ghutne par chot", "बाएं घुटने पर चोट का निशान"),
    ("missing front tooth", "aage ka daant tuta", "आगे का दांत टूटा"),
    ("burn scar on stomach", "pet par jalne ka daag", "पेट पर जलने का दाग"),
)
_VILLAGE_HEADS = ("Ram", "Sita", "Lal", "Bela", "Madho", "Kishan", "Basant", "Gopal", "Shiv", "Chand", "Sultan",
                  "Narayan", "Fateh", "Jamal", "Amar", "Dhan", "Raj", "Hari", "Sonu", "Bishun", "Kanti", "Dumri",
                  "Kali", "Mohan", "Durga", "Barh", "Sikandar", "Pipra", "Bhagwan", "Karma")  # fmt: skip
_VILLAGE_TAILS = ("pur", "ganj", "nagar", "garh", "tola", "bigha", "para", "doba", "tand", "khurd", "kalan")
TODAY_LIMIT = datetime.date(2026, 10, 31)


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class Picker:
    """Zipf-like choice from a list (exponent 0.8)."""

    def __init__(self, items: list[tuple[str, str]], exponent: float = 0.8):
        self.items = items
        self.cumulative = _cumulative([1.0 / (rank + 2) ** exponent for rank in range(len(items))])

    def __call__(self, rng: random.Random) -> tuple[str, str]:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


@dataclass
class Child:
    given: tuple[str, str]
    gender: str
    born: datetime.date
    pet: tuple[str, str]
    mark: tuple[str, str, str] | None


@dataclass
class Family:
    region: str
    state: str
    district: str
    village: str
    father: tuple[str, str]
    mother: tuple[str, str]
    surname: tuple[str, str] | None
    phones: tuple[str, str]
    language: str
    children: list[Child] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 (fictional data)
        self.districts = names.DISTRICTS
        self.district_weights = _cumulative([float(d[2]) for d in self.districts])
        self.pickers = {
            region: (Picker(boys), Picker(girls), Picker(surnames, 0.7))
            for region, (boys, girls, surnames, _) in REGION_LISTS.items()
        }
        self.all_boys = [n for lists in REGION_LISTS.values() for n in lists[0]]
        self.all_girls = [n for lists in REGION_LISTS.values() for n in lists[1]]
        self.destinations = list(names.DESTINATIONS)
        self.destination_weights = _cumulative([float(w) for w in names.DESTINATIONS.values()])
        self.state_of = {d: s for s, d, _ in self.districts}

    # --- families -------------------------------------------------------------------------------------------

    def _region(self, state: str, district: str) -> str:
        mix = names.DISTRICT_MIX.get(district) or names.STATE_MIX[state]
        return self.rng.choices(list(mix), list(mix.values()))[0]

    def family(self) -> Family:
        rng = self.rng
        state, district, _ = rng.choices(self.districts, cum_weights=self.district_weights)[0]
        region = self._region(state, district)
        boys, girls, surnames = self.pickers[region]
        has_surname = rng.random() < REGION_LISTS[region][3]
        village_rng = random.Random(f"{district}-{rng.randrange(60)}")  # noqa: S311 (60 villages per district)
        village = village_rng.choice(_VILLAGE_HEADS) + village_rng.choice(_VILLAGE_TAILS)
        family = Family(
            region=region,
            state=state,
            district=district,
            village=village,
            father=boys(rng),
            mother=girls(rng),
            surname=surnames(rng) if has_surname else None,
            phones=(
                f"{rng.choice('6789')}{rng.randrange(10**9):09d}",
                f"{rng.choice('6789')}{rng.randrange(10**9):09d}",
            ),
            language=rng.choice(names.LANGUAGES[region]),
        )
        born = datetime.date(2003, 1, 1) + datetime.timedelta(days=rng.randrange(10 * 365))
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            gender = rng.choice("MF")
            if rng.random() < 0.15:
                given = rng.choice(self.all_boys if gender == "M" else self.all_girls)
            else:
                given = (boys if gender == "M" else girls)(rng)
            pet = rng.choice(GENERIC[gender]) if rng.random() < 0.25 else rng.choice(PETS[gender])
            mark = rng.choice(MARKS) if rng.random() < 0.4 else None
            family.children.append(Child(given, gender, born, pet, mark))
            born += datetime.timedelta(days=rng.randrange(365, 4 * 365))
        return family

    # --- writing names ----------------------------------------------------------------------------------------

    def write(self, family: Family, words: list[tuple[str, str]], *, devanagari: float, variant: float) -> str:
        rng = self.rng
        if all(native for _, native in words) and rng.random() < devanagari:
            return " ".join(native for _, native in words)
        out = []
        for latin, _ in words:
            roll = rng.random()
            if roll < variant:
                latin = names.spelling_variant(latin, rng)
            elif roll < variant + 0.04:
                latin = names.typo(latin, rng)
            out.append(latin)
        text = " ".join(out)
        return rng.choice((text, text, text, text.upper()))

    def devanagari_share(self, family: Family) -> float:
        return 0.0 if family.region in ("bengali", "muslim_bengal") else 0.25

    def child_words(self, family: Family, child: Child, *, formal: bool) -> list[tuple[str, str]]:
        rng = self.rng
        words = [child.given]
        region = family.region
        if region.startswith("muslim") and child.gender == "M" and rng.random() < (0.25 if formal else 0.1):
            words.insert(0, rng.choice(names.MUSLIM_PREFIXES))
        tail_roll = rng.random()
        if family.surname and tail_roll < (0.55 if formal else 0.3):
            words.append(family.surname)
        elif region == "hindi" and tail_roll < (0.85 if formal else 0.4):
            words.append(names.KUMARI if child.gender == "F" else names.KUMAR)
        elif region.startswith("muslim") and child.gender == "F" and tail_roll < (0.75 if formal else 0.35):
            words.append(rng.choice(names.MUSLIM_GIRL_SUFFIXES))
        return words

    def parent(self, family: Family, which: str, *, first_only: float) -> str:
        given = family.father if which == "father" else family.mother
        words = [given]
        if which == "father" and family.surname and self.rng.random() > first_only:
            words.append(family.surname)
        elif which == "mother" and family.region == "hindi" and self.rng.random() > first_only:
            words.append(names.DEVI)
        return self.write(family, words, devanagari=self.devanagari_share(family), variant=0.2)

    def district_text(self, district: str, *, casual: bool) -> str:
        rng = self.rng
        text = district if rng.random() < 0.5 and not casual else district.title()
        if casual and rng.random() < 0.2:
            words = text.split()
            words[-1] = names.spelling_variant(words[-1], rng)
            text = " ".join(words)
        return text

    # --- records ----------------------------------------------------------------------------------------------

    def report(self, family: Family, child: Child, record_id: str, since: datetime.date) -> Record:
        rng = self.rng
        state, district = family.state, family.district
        roll = rng.random()
        if roll < 0.10:
            others = [d for s, d, _ in self.districts if s == state and d != district]
            district = rng.choice(others) if others else district
        elif roll < 0.15:
            district = rng.choices(self.destinations, cum_weights=self.destination_weights)[0]
            state = self.state_of[district]
        age = max(0, (since - child.born).days // 365 + (rng.choice((-1, 1)) if rng.random() < 0.1 else 0))
        mark = rng.choice(child.mark) if child.mark and rng.random() < 0.7 else ""
        return Record(
            record_id=record_id,
            name=self.write(
                family, self.child_words(family, child, formal=True), devanagari=self.devanagari_share(family),
                variant=0.2,
            ),
            father_name=self.parent(family, "father", first_only=0.4) if rng.random() < 0.95 else "",
            mother_name=self.parent(family, "mother", first_only=0.5) if rng.random() < 0.5 else "",
            gender=child.gender if rng.random() < 0.995 else "",
            age=age if rng.random() < 0.97 else None,
            date=since,
            state=state if rng.random() < 0.5 else state.title(),
            district=self.district_text(district, casual=False),
            place=family.village if rng.random() < 0.8 else "",
            language=family.language if rng.random() < 0.5 else "",
            marks=mark,
            phone=(family.phones[0] if rng.random() < 0.85 else family.phones[1]) if rng.random() < 0.9 else "",
        )  # fmt: skip

    def found_name(self, family: Family, child: Child) -> str:
        rng = self.rng
        roll = rng.random()
        share = 0.3 if family.region not in ("bengali", "muslim_bengal") else 0.0
        if roll < 0.79:
            words = [child.given]
            tail = rng.random()
            if family.surname and tail < 0.3:
                words.append(family.surname)
            elif family.region == "hindi" and tail < 0.4:
                words.append(names.KUMARI if child.gender == "F" else names.KUMAR)
            return self.write(family, words, devanagari=share, variant=0.3)
        if roll < 0.82:  # renamed or misheard: another name of the same gender
            other = rng.choice(self.all_boys if child.gender == "M" else self.all_girls)
            return self.write(family, [other], devanagari=share, variant=0.2)
        if roll < 0.92:
            return self.write(family, [child.pet], devanagari=share, variant=0.1)
        if roll < 0.95:
            return self.write(family, [child.given, child.pet], devanagari=share, variant=0.2)
        return rng.choice(UNKNOWN_NAMES)

    def found(self, family: Family, child: Child, record_id: str, since: datetime.date) -> Record:
        rng = self.rng
        on = since + datetime.timedelta(days=1 + min(int(rng.expovariate(1 / 200)), 3 * 365))
        if rng.random() < 0.02:
            on = since - datetime.timedelta(days=rng.randrange(1, 8))
        on = min(on, TODAY_LIMIT)
        true_age = (on - child.born).days / 365.25
        estimate = round(true_age + rng.gauss(0, 1.5 if rng.random() < 0.85 else 3.0))
        roll = rng.random()
        if roll < 0.20:
            state, district = family.state, family.district
        elif roll < 0.35:
            district = rng.choice([d for s, d, _ in self.districts if s == family.state])
            state = family.state
        else:
            district = rng.choices(self.destinations, cum_weights=self.destination_weights)[0]
            state = self.state_of[district]
        home_state = family.state.title() if rng.random() < 0.65 else ""
        home_district = ""
        if rng.random() < 0.5:
            home = family.district
            if rng.random() < 0.1:
                home = rng.choice([d for s, d, _ in self.districts if s == family.state])
            home_district = self.district_text(home, casual=True)
        language = ""
        if rng.random() < 0.6:
            language = "Hindi" if family.region == "hindi" and rng.random() < 0.3 else family.language
        mark = rng.choice(child.mark) if child.mark and rng.random() < 0.5 else ""
        roll = rng.random()
        phone = rng.choice(family.phones) if roll < 0.15 else f"9{rng.randrange(10**9):09d}" if roll < 0.18 else ""
        return Record(
            record_id=record_id,
            name=self.found_name(family, child),
            father_name=self.parent(family, "father", first_only=0.7) if rng.random() < 0.6 else "",
            mother_name=self.parent(family, "mother", first_only=1.0) if rng.random() < 0.3 else "",
            gender=child.gender if rng.random() < 0.99 else ("F" if child.gender == "M" else "M"),
            age=min(max(estimate, 1), 25) if rng.random() < 0.95 else None,
            date=on,
            state=state.title(),
            district=district.title(),
            place="",
            language=language,
            marks=mark,
            phone=phone,
            home_state=home_state,
            home_district=home_district,
        )

    def since(self) -> datetime.date:
        return datetime.date(2020, 1, 1) + datetime.timedelta(days=self.rng.randrange(5 * 365 + 300))


def realistic_link_dataset(
    seed: int, *, missing: int = 20_000, found: int = 2_000, reported_share: float = 0.6
) -> LinkData:
    """``missing`` reports and ``found`` children, ``reported_share`` of whom have a report in the file."""
    g = Generator(seed)
    rng = g.rng
    reports: list[Record] = []
    events: list[tuple[Family, Child, list[str], datetime.date]] = []
    while len(reports) < missing:
        family = g.family()
        since = g.since()
        children = list(family.children)
        rng.shuffle(children)
        lost = children[:2] if len(children) > 1 and rng.random() < 0.12 else children[:1]
        for child in lost:
            ids = [f"M{len(reports) + 1:07d}"]
            reports.append(g.report(family, child, ids[0], since))
            if rng.random() < 0.04 and len(reports) < missing:
                ids.append(f"M{len(reports) + 1:07d}")
                second = g.report(family, child, ids[1], since)
                shift = rng.choice((0, 1, 2, 3, 5, 10)) * rng.choice((-1, 1))
                second = replace(second, date=since + datetime.timedelta(days=shift))
                reports.append(second)
            events.append((family, child, ids, since))
    rng.shuffle(events)
    found_records: list[Record] = []
    truth: set[tuple[str, str]] = set()
    for family, child, ids, since in events[: round(found * reported_share)]:
        found_id = f"F{len(found_records) + 1:06d}"
        found_records.append(g.found(family, child, found_id, since))
        truth.update((missing_id, found_id) for missing_id in ids)
    while len(found_records) < found:
        family = g.family()
        found_id = f"F{len(found_records) + 1:06d}"
        found_records.append(g.found(family, rng.choice(family.children), found_id, g.since()))
    order = list(range(len(found_records)))
    rng.shuffle(order)
    duplicates = {(ids[0], ids[1]) for _, _, ids, _ in events if len(ids) == 2}
    return LinkData(missing=reports, found=[found_records[k] for k in order], truth=truth, duplicates=duplicates)
