"""Fictional tracing data for tests and for fitting the default weights: no record describes a real child.

Common Indian given names are drawn with a Zipf-like skew (so "Pooja" is common and "Zeenat" rare), grouped in
families (father, mother, surname or none, phone, home district, language, 1-3 children); a share of the
children go missing and get a report, and some are found, with the noise a real found-child record has: a
spelling variant, Devanagari script, the first name only, a pet name, a generic "Chhotu", another name
entirely, an age guessed ±2-3 years, a home district the child may not know, marks described in other
words, a phone rarely. In a quarter of the families with more than one child two go missing together
(siblings, 1-4 years apart, are the hard negatives: same parents, phone and village, another name) and some
children are reported twice, at two police stations (the duplicates of ``dedupe``).

``link_dataset(seed, ...)`` and ``dedupe_dataset(seed, ...)`` are deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field, replace
from typing import Final

from picket.tracing.records import Record


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_BOYS: Final = _words(
    "Rahul:राहुल Amit:अमित Rohit:रोहित Ravi:रवि Sunil:सुनील Vikash:विकाश Sonu:सोनू Raju:राजू Ajay:अजय "
    "Vijay:विजय Sanjay:संजय Deepak:दीपक Manoj:मनोज Anil:अनिल Rakesh:राकेश Mukesh:मुकेश Dinesh:दिनेश "
    "Suraj:सूरज Aman:अमन Ankit:अंकित Sachin:सचिन Karan:करण Arjun:अर्जुन Gopal:गोपाल Mohan:मोहन Shyam:श्याम "
    "Krishna:कृष्णा Lakshman:लक्ष्मण Bablu:बबलू Pappu:पप्पू Irfan:इरफ़ान Salman:सलमान Imran:इमरान Arif:आरिफ़ "
    "Shahid:शाहिद Rizwan:रिज़वान Santosh:संतोष Pankaj:पंकज Nitish:नीतीश Abhishek:अभिषेक Prince:प्रिंस "
    "Roshan:रोशन Akash:आकाश Vishal:विशाल Sagar:सागर Raja:राजा Babloo:बबलू Sahil:साहिल Aditya:आदित्य "
    "Biswajit:बिस्वजीत Subrata:सुब्रत Pradeep:प्रदीप Laxman:लक्ष्मण Kundan:कुंदन"
)
_GIRLS: Final = _words(
    "Pooja:पूजा Priya:प्रिया Sunita:सुनीता Anjali:अंजलि Kajal:काजल Rani:रानी Neha:नेहा Khushi:खुशी Puja:पूजा "
    "Laxmi:लक्ष्मी Sita:सीता Gita:गीता Rekha:रेखा Rinki:रिंकी Pinki:पिंकी Sapna:सपना Kavita:कविता "
    "Savita:सविता Anita:अनीता Mamta:ममता Nisha:निशा Jyoti:ज्योति Sonam:सोनम Preeti:प्रीति Radha:राधा "
    "Kiran:किरण Shabnam:शबनम Nazia:नाज़िया Reshma:रेशमा Salma:सलमा Ruksar:रुख़सार Zeenat:ज़ीनत Fatima:फ़ातिमा "
    "Chandni:चाँदनी Muskan:मुस्कान Suman:सुमन Asha:आशा Usha:उषा Meena:मीना Rupa:रूपा Sarita:सरिता "
    "Parvati:पार्वती Durga:दुर्गा Shanti:शांति Mousumi:मौसमी Tumpa:टुम्पा Soni:सोनी Babli:बबली Nandini:नंदिनी "
    "Shivani:शिवानी"
)
_FATHERS: Final = _words(
    "Ramesh:रमेश Suresh:सुरेश Mahesh:महेश Rajesh:राजेश Dinesh:दिनेश Mukesh:मुकेश Naresh:नरेश Umesh:उमेश "
    "Ram:राम Shyam:श्याम Mohan:मोहन Sohan:सोहन Gopal:गोपाल Krishna:कृष्णा Shankar:शंकर Shiv:शिव "
    "Rajkumar:राजकुमार Ramchandra:रामचंद्र Ramprasad:रामप्रसाद Shivshankar:शिवशंकर Jagdish:जगदीश Ashok:अशोक "
    "Vinod:विनोद Manoj:मनोज Sanjay:संजय Anil:अनिल Sunil:सुनील Birendra:बिरेंद्र Dharmendra:धर्मेंद्र "
    "Jitendra:जितेंद्र Upendra:उपेंद्र Ramesh:रमेश Kamlesh:कमलेश Bhola:भोला Lalan:ललन Munna:मुन्ना "
    "Pappu:पप्पू Mohammad Ali:मोहम्मद अली Abdul:अब्दुल Rafiq:रफ़ीक़ Salim:सलीम Jamil:जमील Nasir:नासिर "
    "Anwar:अनवर Bipin:बिपिन Tapan:तपन Gouranga:गौरांग Haripada:हरिपद Budhan:बुधन Somra:सोमरा Mangal:मंगल "
    "Shanichar:शनिचर Lakhan:लखन Kishore:किशोर Nandkishore:नंदकिशोर"
)
_MOTHERS: Final = _words(
    "Sunita:सुनीता Anita:अनीता Savitri:सावित्री Kamla:कमला Geeta:गीता Sita:सीता Meena:मीना Rekha:रेखा "
    "Shanti:शांति Lalita:ललिता Urmila:उर्मिला Saroj:सरोज Pushpa:पुष्पा Manju:मंजू Sangita:संगीता Rubi:रूबी "
    "Shabana:शबाना Nasreen:नसरीन Rehana:रेहाना Sabina:सबीना Mala:माला Sumitra:सुमित्रा Kalpana:कल्पना "
    "Basanti:बसंती Phulmani:फूलमनी Sukhmani:सुखमनी Radha:राधा Parvati:पार्वती"
)
_SURNAMES: Final = _words(
    "Yadav:यादव Kumar:कुमार Paswan:पासवान Mandal:मंडल Manjhi:मांझी Ram:राम Sah:साह Gupta:गुप्ता Sharma:शर्मा "
    "Singh:सिंह Mahto:महतो Oraon:उरांव Munda:मुंडा Das:दास Mondal:मंडल Sheikh:शेख Ansari:अंसारी Khatun:ख़ातून "
    "Tudu:टुडू Soren:सोरेन Hembrom:हेम्ब्रम Chauhan:चौहान Verma:वर्मा Prasad:प्रसाद Rajak:रजक Thakur:ठाकुर"
)
_PET_BOYS: Final = _words("Guddu Pintu Bittu Golu Monu Sonu Chintu Bunty Tinku Pappu Lallu Kallu Bablu")
_PET_GIRLS: Final = _words("Guddi Gudiya Pinky Rinky Babli Dolly Chunni Lalli")
_GENERIC: Final = {"M": ("Chhotu", "छोटू", "Munna", "Babu"), "F": ("Munni", "Chhoti", "मुन्नी", "Babli")}

#: (state, district, district in Devanagari or "", language, weight)
_HOMES: Final = (
    ("Bihar", "Gaya", "गया", "Magahi", 6),
    ("Bihar", "Patna", "पटना", "Hindi", 5),
    ("Bihar", "Sitamarhi", "सीतामढ़ी", "Maithili", 5),
    ("Bihar", "Purnia", "पूर्णिया", "Hindi", 4),
    ("Bihar", "Kishanganj", "", "Urdu", 3),
    ("Bihar", "East Champaran", "पूर्वी चंपारण", "Bhojpuri", 4),
    ("Bihar", "Muzaffarpur", "मुज़फ़्फ़रपुर", "Bhojpuri", 4),
    ("Bihar", "Araria", "अररिया", "Maithili", 3),
    ("Jharkhand", "Ranchi", "रांची", "Sadri", 4),
    ("Jharkhand", "Gumla", "गुमला", "Kurukh", 3),
    ("Jharkhand", "Sahebganj", "साहेबगंज", "Santali", 3),
    ("Jharkhand", "Pakur", "पाकुड़", "Santali", 2),
    ("Jharkhand", "West Singhbhum", "पश्चिमी सिंहभूम", "Ho", 2),
    ("West Bengal", "South 24 Parganas", "", "Bengali", 5),
    ("West Bengal", "Murshidabad", "", "Bengali", 4),
    ("West Bengal", "Malda", "", "Bengali", 3),
    ("West Bengal", "Jalpaiguri", "", "Bengali", 2),
    ("Uttar Pradesh", "Bahraich", "बहराइच", "Awadhi", 3),
    ("Uttar Pradesh", "Gorakhpur", "गोरखपुर", "Bhojpuri", 3),
    ("Uttar Pradesh", "Lucknow", "लखनऊ", "Hindi", 2),
    ("Odisha", "Koraput", "", "Odia", 2),
    ("Odisha", "Ganjam", "", "Odia", 2),
    ("Assam", "Kokrajhar", "", "Assamese", 2),
    ("Madhya Pradesh", "Jhabua", "झाबुआ", "Hindi", 2),
    ("Rajasthan", "Banswara", "बांसवाड़ा", "Hindi", 2),
    ("Chhattisgarh", "Bastar", "बस्तर", "Chhattisgarhi", 2),
)
_DESTINATIONS: Final = (
    ("Delhi", "New Delhi"),
    ("Delhi", "North West Delhi"),
    ("Maharashtra", "Mumbai"),
    ("Maharashtra", "Pune"),
    ("West Bengal", "Kolkata"),
    ("Rajasthan", "Jaipur"),
    ("Gujarat", "Surat"),
    ("Telangana", "Hyderabad"),
    ("Karnataka", "Bengaluru Urban"),
    ("Tamil Nadu", "Chennai"),
    ("Punjab", "Ludhiana"),
    ("Uttar Pradesh", "Ghaziabad"),
    ("Haryana", "Gurugram"),
    ("Bihar", "Patna"),
    ("Jharkhand", "Dhanbad"),
)
_VILLAGES: Final = _words(
    "Belaganj Rampur Sonpur Madhopur Harnaut Bishunpur Chandpur Lalganj Sultanpur Barhara Kanti Dumri Bagaha "
    "Sikandarpur Narayanpur Fatehpur Jamalpur Kishanpur Basantpur Gopalpur Rajnagar Shivpur Amarpur Dhanpur"
)
_MARKS: Final = (
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
_SPELLINGS: Final = (
    ("oo", "u"),
    ("u", "oo"),
    ("ee", "i"),
    ("i", "ee"),
    ("sh", "s"),
    ("v", "w"),
    ("w", "v"),
    ("ksh", "x"),
    ("x", "ksh"),
    ("t", "th"),
    ("aa", "a"),
    ("a", "aa"),
    ("ph", "f"),
    ("z", "j"),
    ("j", "z"),
    ("y", "i"),
    ("ch", "chh"),
)


def _pair(entry: str) -> tuple[str, str]:
    latin, _, native = entry.partition(":")
    return latin, native


def _zipf(rng: random.Random, items: tuple[str, ...] | list[str], skew: float = 0.9) -> str:
    weights = [1.0 / (rank + 1) ** skew for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def spelling_variant(rng: random.Random, word: str) -> str:
    """A casual respelling: one or two rules (oo/u, ee/i, sh/s, v/w, x/ksh, t/th, ...) or a dropped vowel."""
    lower = word.lower()
    out = lower
    for _ in range(rng.choice((1, 1, 2))):
        if rng.random() < 0.2 and len(out) > 4:  # a medial vowel dropped: Anjali → Anjli, Ramesh → Rmesh
            positions = [k for k in range(1, len(out) - 1) if out[k] in "aeiou"]
            if positions:
                k = rng.choice(positions)
                out = out[:k] + out[k + 1 :]
                continue
        options = [(a, b) for a, b in _SPELLINGS if a in out[1:]]
        if options:
            a, b = rng.choice(options)
            k = out.find(a, 1)
            out = out[:k] + b + out[k + len(a) :]
    if out == lower and lower.endswith("a") and rng.random() < 0.3:
        out = out[:-1]  # Krishna → Krishn, as a clerk hears it
    return out.capitalize() if word[:1].isupper() else out


def _written(rng: random.Random, latin: str, native: str, *, native_share: float, variant_share: float) -> str:
    if native and rng.random() < native_share:
        return native
    text = " ".join(spelling_variant(rng, w) if rng.random() < variant_share else w for w in latin.split())
    return rng.choice((text, text, text.upper(), text.lower()))


@dataclass
class Child:
    given: tuple[str, str]
    gender: str
    born: datetime.date
    pet: str
    marks: tuple[str, str, str] | None


@dataclass
class Family:
    father: tuple[str, str]
    mother: tuple[str, str]
    surname: tuple[str, str] | None
    phone: str
    home: tuple[str, str, str, str, int]
    village: str
    children: list[Child] = field(default_factory=list)


def _family(rng: random.Random, serial: int) -> Family:
    home = rng.choices(_HOMES, [h[4] for h in _HOMES])[0]
    surname = _pair(_zipf(rng, _SURNAMES, 0.7)) if rng.random() < 0.6 else None
    family = Family(
        father=_pair(_zipf(rng, _FATHERS)),
        mother=_pair(_zipf(rng, _MOTHERS)),
        surname=surname,
        phone=f"{rng.choice('6789')}{rng.randrange(10**9):09d}",
        home=home,
        village=rng.choice(_VILLAGES),
    )
    born = datetime.date(2006, 1, 1) + datetime.timedelta(days=rng.randrange(12 * 365))
    for _ in range(rng.choice((1, 2, 2, 3))):
        gender = rng.choice("MF")
        pool = _BOYS if gender == "M" else _GIRLS
        born += datetime.timedelta(days=rng.randrange(300, 4 * 365))  # brothers and sisters 1-4 years apart
        pets = _PET_BOYS if gender == "M" else _PET_GIRLS
        marks = rng.choice(_MARKS) if rng.random() < 0.5 else None
        family.children.append(Child(_pair(_zipf(rng, pool)), gender, born, rng.choice(pets), marks))
    return family


def _age(child: Child, on: datetime.date) -> int:
    return max(0, (on - child.born).days // 365)


def _full_name(rng: random.Random, family: Family, child: Child, *, formal: bool) -> str:
    latin, native = child.given
    if family.surname and rng.random() < (0.8 if formal else 0.3):
        latin, native = f"{latin} {family.surname[0]}", f"{native} {family.surname[1]}"
    elif rng.random() < (0.5 if formal else 0.15):
        weak = ("Kumar", "कुमार") if child.gender == "M" else ("Kumari", "कुमारी")
        latin, native = f"{latin} {weak[0]}", f"{native} {weak[1]}"
    return _written(rng, latin, native, native_share=0.2 if formal else 0.3, variant_share=0.3)


def _parent(rng: random.Random, family: Family, which: str, *, first_only: float) -> str:
    latin, native = family.father if which == "father" else family.mother
    if which == "father" and family.surname and rng.random() > first_only:
        latin, native = f"{latin} {family.surname[0]}", f"{native} {family.surname[1]}"
    return _written(rng, latin, native, native_share=0.2, variant_share=0.3)


def _mark_text(rng: random.Random, marks: tuple[str, str, str] | None) -> str:
    return rng.choice(marks) if marks else ""


def _report(rng: random.Random, family: Family, child: Child, record_id: str, since: datetime.date) -> Record:
    state, district, district_native, _, _ = family.home
    if rng.random() < 0.12:  # went missing in another district of the state
        others = [h for h in _HOMES if h[0] == state and h[1] != district]
        if others:
            state, district, district_native, _, _ = rng.choice(others)
    age = _age(child, since) + (rng.choice((-1, 1)) if rng.random() < 0.1 else 0)
    return Record(
        record_id=record_id,
        name=_full_name(rng, family, child, formal=True),
        father_name=_parent(rng, family, "father", first_only=0.3) if rng.random() < 0.9 else "",
        mother_name=_parent(rng, family, "mother", first_only=1.0) if rng.random() < 0.5 else "",
        gender=child.gender if rng.random() < 0.98 else "",
        age=max(age, 0) if rng.random() < 0.97 else None,
        date=since,
        state=state,
        district=district_native if district_native and rng.random() < 0.2 else district,
        place=family.village if rng.random() < 0.6 else "",
        language=family.home[3] if rng.random() < 0.6 else "",
        marks=_mark_text(rng, child.marks) if rng.random() < 0.8 else "",
        phone=family.phone if rng.random() < 0.75 else "",
    )


def _found_name(rng: random.Random, family: Family, child: Child) -> str:
    roll = rng.random()
    if roll < 0.58:
        return _full_name(rng, family, child, formal=False)
    if roll < 0.72:
        return child.pet
    if roll < 0.80:
        return rng.choice(_GENERIC[child.gender])
    if roll < 0.85:  # another name entirely (renamed by those who held the child, or misheard)
        return _pair(_zipf(rng, _BOYS if child.gender == "M" else _GIRLS))[0]
    return rng.choice(("", "Unknown", "अज्ञात", "Balak" if child.gender == "M" else "Balika"))


def _found(rng: random.Random, family: Family, child: Child, record_id: str, since: datetime.date) -> Record:
    on = since + datetime.timedelta(days=min(int(rng.expovariate(1 / 240)), 4 * 365))
    if rng.random() < 0.02:
        on = since - datetime.timedelta(days=rng.randrange(1, 20))  # a date slip
    true_age = (on - child.born).days / 365.25
    estimate = round(true_age + rng.gauss(0, 1.3 if rng.random() < 0.8 else 3.0))
    state, district = (
        rng.choice([(h[0], h[1]) for h in _HOMES if h[0] == family.home[0]])
        if rng.random() < 0.3
        else rng.choice(_DESTINATIONS)
    )
    home_state = family.home[0] if rng.random() < 0.6 else ""
    home_district = ""
    if rng.random() < 0.4:
        home_district = family.home[1] if rng.random() < 0.85 else rng.choice(_HOMES)[1]
        if family.home[2] and rng.random() < 0.2:
            home_district = family.home[2]
    language = family.home[3] if rng.random() < 0.5 else ("Hindi" if rng.random() < 0.6 else "")
    marks = ""
    if child.marks and rng.random() < 0.4:
        marks = _mark_text(rng, child.marks)
    elif rng.random() < 0.05:
        marks = _mark_text(rng, rng.choice(_MARKS))
    roll = rng.random()  # the child rarely knows a number; sometimes it is a relative's or a neighbour's
    phone = family.phone if roll < 0.05 else f"9{rng.randrange(10**9):09d}" if roll < 0.07 else ""
    return Record(
        record_id=record_id,
        name=_found_name(rng, family, child),
        father_name=_parent(rng, family, "father", first_only=0.7) if rng.random() < 0.55 else "",
        mother_name=_parent(rng, family, "mother", first_only=1.0) if rng.random() < 0.25 else "",
        gender=child.gender if rng.random() < 0.98 else ("F" if child.gender == "M" else "M"),
        age=min(max(estimate, 0), 25) if rng.random() < 0.95 else None,
        date=on,
        state=state,
        district=district,
        place="",
        language=language,
        marks=marks,
        phone=phone,
        home_state=home_state,
        home_district=home_district,
    )


def _since(rng: random.Random) -> datetime.date:
    return datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(4 * 365))


@dataclass
class LinkData:
    missing: list[Record]
    found: list[Record]
    truth: set[tuple[str, str]]  # (missing_id, found_id)
    #: Pairs of reports of the same child (earlier id first), where the generator writes them.
    duplicates: set[tuple[str, str]] = field(default_factory=set)


def link_dataset(
    seed: int, *, missing: int = 1000, found: int = 400, reported_share: float = 0.5, sibling_share: float = 0.25
) -> LinkData:
    """``missing`` reports and ``found`` children, of whom ``reported_share`` have a report in the file."""
    rng = random.Random(seed)  # noqa: S311 (fictional data, not security)
    reports: list[Record] = []
    pending: list[tuple[Family, Child, str, datetime.date]] = []  # reported children, to be found
    serial = 0
    while len(reports) < missing:
        serial += 1
        family = _family(rng, serial)
        since = _since(rng)
        lost = family.children[:2] if len(family.children) > 1 and rng.random() < sibling_share else family.children[:1]
        for child in lost:
            record_id = f"M{len(reports) + 1:05d}"
            reports.append(_report(rng, family, child, record_id, since))
            pending.append((family, child, record_id, since))
    rng.shuffle(pending)
    found_records: list[Record] = []
    truth: set[tuple[str, str]] = set()
    reported = round(found * reported_share)
    for family, child, missing_id, since in pending[:reported]:
        found_id = f"F{len(found_records) + 1:05d}"
        found_records.append(_found(rng, family, child, found_id, since))
        truth.add((missing_id, found_id))
    while len(found_records) < found:
        family = _family(rng, -1)
        found_id = f"F{len(found_records) + 1:05d}"
        found_records.append(_found(rng, family, family.children[0], found_id, _since(rng)))
    order = list(range(len(found_records)))
    rng.shuffle(order)
    return LinkData(missing=reports, found=[found_records[k] for k in order], truth=truth)


@dataclass
class DedupeData:
    missing: list[Record]
    truth: set[frozenset[str]]  # pairs of record ids of the same child


def dedupe_dataset(
    seed: int, *, reports: int = 1000, duplicate_share: float = 0.1, sibling_share: float = 0.25
) -> DedupeData:
    """``reports`` missing reports; ``duplicate_share`` of the children are reported a second time."""
    rng = random.Random(seed)  # noqa: S311 (fictional data, not security)
    records: list[Record] = []
    truth: set[frozenset[str]] = set()
    while len(records) < reports:
        family = _family(rng, 0)
        since = _since(rng)
        lost = family.children[:2] if len(family.children) > 1 and rng.random() < sibling_share else family.children[:1]
        for child in lost:
            first = _report(rng, family, child, f"R{len(records) + 1:05d}", since)
            records.append(first)
            if rng.random() < duplicate_share and len(records) < reports:
                second = _report(rng, family, child, f"R{len(records) + 1:05d}", since)
                shift = rng.choice((0, 0, 1, 2, 3, 5, 10, 30)) * rng.choice((-1, 1))
                second = replace(
                    second,
                    date=since + datetime.timedelta(days=shift),
                    phone=rng.choices((second.phone, "", f"7{rng.randrange(10**9):09d}"), (0.6, 0.25, 0.15))[0],
                )
                if rng.random() < 0.3:  # reported where the child was last seen, not at home
                    destination = rng.choice(_DESTINATIONS)
                    second = replace(second, state=destination[0], district=destination[1], place="")
                records.append(second)
                truth.add(frozenset((first.record_id, second.record_id)))
    order = list(range(len(records)))
    rng.shuffle(order)
    return DedupeData(missing=[records[k] for k in order], truth=truth)
