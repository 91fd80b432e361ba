"""Common nicknames (pet names) of children in north and east India.

Data only; the look-ups live in :mod:`picket.people.names` (``nickname_key``, ``is_nickname``, ``nickname_info``).

Each key is the *canonical nickname key*: the most usual Latin spelling, lowercase. ``variants`` lists other
spellings in Latin and Devanagari (and, for Bengali pet names, Bengali script). Any spelling whose phonetic key
equals the phonetic key of the canonical form or of a variant is treated as that nickname, so the variants only
need to cover what the phonetic key does not already merge (Bunty/Banti, Honey/Hani) plus the native spellings.

A nickname is never mapped to a given name: Guddi is not Pooja, even when a particular Guddi is a Pooja. The
tracing engine treats a nickname as an alias with its own weight.

Fields:

- ``gender``: ``"M"``, ``"F"`` or ``"X"`` (used for both).
- ``note``: what the word means or how it is used.
- ``generic``: the word is used for *any* child of that kind ("little one", "boy"), not just as a pet name.
  A rescued boy working in a dhaba is often known only as "Chhotu". Such a name says almost nothing on its own.
- ``also_given_name``: also common as a formal given name (Raju, Rani, Raja, Bhola, Sonu), so a record with it
  is not necessarily using a nickname.
"""

from __future__ import annotations

from typing import TypedDict


class NicknameInfo(TypedDict):
    variants: tuple[str, ...]
    gender: str
    note: str
    generic: bool
    also_given_name: bool


NICKNAMES: dict[str, NicknameInfo] = {
    "chhotu": {
        "variants": ("chotu", "chhotoo", "chotoo", "chottu", "छोटू", "छोटु"),
        "gender": "M",
        "note": "'little one'; also what employers call boy workers in dhabas, tea stalls and homes",
        "generic": True,
        "also_given_name": False,
    },
    "chhoti": {
        "variants": ("choti", "chhotki", "chotki", "छोटी", "छोटकी"),
        "gender": "F",
        "note": "'little one' (girl); also used for girl domestic workers",
        "generic": True,
        "also_given_name": False,
    },
    "munna": {
        "variants": ("muna", "munnaa", "मुन्ना"),
        "gender": "M",
        "note": "'little boy'",
        "generic": True,
        "also_given_name": False,
    },
    "munni": {
        "variants": ("muni", "munny", "मुन्नी"),
        "gender": "F",
        "note": "'little girl'",
        "generic": True,
        "also_given_name": False,
    },
    "guddu": {
        "variants": ("gudu", "guddoo", "गुड्डू", "गुड्डु"),
        "gender": "X",
        "note": "pet name, mostly for boys",
        "generic": False,
        "also_given_name": False,
    },
    "guddi": {
        "variants": ("gudi", "गुड्डी"),
        "gender": "F",
        "note": "'doll'",
        "generic": False,
        "also_given_name": False,
    },
    "gudiya": {
        "variants": ("gudia", "guriya", "गुड़िया", "गुडिया"),
        "gender": "F",
        "note": "'doll'",
        "generic": False,
        "also_given_name": False,
    },
    "pappu": {
        "variants": ("papu", "pappoo", "पप्पू", "पप्पु"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "bablu": {
        "variants": ("babloo", "bubloo", "bublu", "बबलू", "बब्लू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "babli": {
        "variants": ("bubbly", "bubli", "bably", "बबली"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": False,
    },
    "sonu": {
        "variants": ("sonoo", "sonnu", "सोनू", "सोनु"),
        "gender": "X",
        "note": "'golden'; pet name for boys and girls",
        "generic": False,
        "also_given_name": True,
    },
    "monu": {
        "variants": ("monoo", "monnu", "मोनू", "मोनु"),
        "gender": "X",
        "note": "pet name for boys and girls",
        "generic": False,
        "also_given_name": False,
    },
    "golu": {
        "variants": ("gollu", "goloo", "गोलू", "गोलु"),
        "gender": "X",
        "note": "'round, chubby one'",
        "generic": False,
        "also_given_name": False,
    },
    "motu": {
        "variants": ("motoo", "मोटू"),
        "gender": "X",
        "note": "'fat one'",
        "generic": False,
        "also_given_name": False,
    },
    "raju": {
        "variants": ("rajoo", "राजू", "राजु"),
        "gender": "M",
        "note": "short for Rajesh, Rajendra, Rajkumar and others",
        "generic": False,
        "also_given_name": True,
    },
    "raja": {
        "variants": ("राजा",),
        "gender": "M",
        "note": "'king'; common pet name for boys in Bihar and UP",
        "generic": False,
        "also_given_name": True,
    },
    "rani": {
        "variants": ("raani", "रानी"),
        "gender": "F",
        "note": "'queen'",
        "generic": False,
        "also_given_name": True,
    },
    "bittu": {
        "variants": ("bitu", "bittoo", "बिट्टू", "बिट्टु"),
        "gender": "X",
        "note": "pet name for boys and girls",
        "generic": False,
        "also_given_name": False,
    },
    "pinky": {
        "variants": ("pinki", "pinkee", "pinkey", "पिंकी", "पिन्की"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": True,
    },
    "pinku": {
        "variants": ("pinkoo", "पिंकू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "rinku": {
        "variants": ("rinkoo", "रिंकू", "रिन्कू"),
        "gender": "X",
        "note": "pet name, mostly for boys",
        "generic": False,
        "also_given_name": False,
    },
    "rinky": {
        "variants": ("rinki", "rinkee", "रिंकी"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": True,
    },
    "tinku": {
        "variants": ("tinkoo", "टिंकू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "chintu": {
        "variants": ("chintoo", "chhintu", "चिंटू", "चिन्टू", "चिंटु"),
        "gender": "M",
        "note": "'little one'",
        "generic": False,
        "also_given_name": False,
    },
    "bunty": {
        "variants": ("bunti", "banty", "banti", "buntee", "बंटी", "बन्टी"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "pintu": {
        "variants": ("pintoo", "पिंटू", "पिन्टू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "mintu": {
        "variants": ("mintoo", "मिंटू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "sanju": {
        "variants": ("sanjoo", "संजू", "सन्जू"),
        "gender": "X",
        "note": "short for Sanjay, Sanjana, Sanjeev",
        "generic": False,
        "also_given_name": False,
    },
    "chandu": {
        "variants": ("chandoo", "चंदू", "चन्दू"),
        "gender": "M",
        "note": "short for Chandan, Chandrashekhar and others",
        "generic": False,
        "also_given_name": False,
    },
    "lalli": {
        "variants": ("lali", "lally", "लल्ली", "लाली"),
        "gender": "F",
        "note": "pet name for girls (Punjab, Haryana, Rajasthan)",
        "generic": False,
        "also_given_name": False,
    },
    "lallu": {
        "variants": ("lalu", "लल्लू", "लालू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": True,
    },
    "lado": {
        "variants": ("laado", "लाडो", "लाड़ो"),
        "gender": "F",
        "note": "'beloved' (Haryana, Punjab)",
        "generic": False,
        "also_given_name": False,
    },
    "laddu": {
        "variants": ("ladoo", "laddoo", "लड्डू"),
        "gender": "X",
        "note": "'sweet' (a sweet ball)",
        "generic": False,
        "also_given_name": False,
    },
    "kallu": {
        "variants": ("kalu", "kaalu", "कल्लू", "कालू"),
        "gender": "M",
        "note": "'dark one'",
        "generic": False,
        "also_given_name": False,
    },
    "kalua": {
        "variants": ("kaluaa", "कलुआ"),
        "gender": "M",
        "note": "'dark one' (UP, Bihar)",
        "generic": False,
        "also_given_name": False,
    },
    "bhola": {
        "variants": ("bholaa", "भोला"),
        "gender": "M",
        "note": "'innocent, simple'",
        "generic": False,
        "also_given_name": True,
    },
    "bhura": {
        "variants": ("bhuraa", "भूरा"),
        "gender": "M",
        "note": "'brown-haired, fair'",
        "generic": False,
        "also_given_name": False,
    },
    "dolly": {
        "variants": ("dolli", "doly", "डॉली", "डाली", "डोली"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": True,
    },
    "babu": {
        "variants": ("baabu", "बाबू", "বাবু"),
        "gender": "M",
        "note": "'little boy, dear' (Bihar, Bengal, Odisha)",
        "generic": True,
        "also_given_name": False,
    },
    "babua": {
        "variants": ("babuaa", "बबुआ"),
        "gender": "M",
        "note": "'little boy' (Bihar, east UP)",
        "generic": True,
        "also_given_name": False,
    },
    "bauwa": {
        "variants": ("baua", "bauaa", "बउआ", "बऊआ"),
        "gender": "M",
        "note": "'little boy' (Mithila, Bihar)",
        "generic": True,
        "also_given_name": False,
    },
    "nunu": {
        "variants": ("nunnu", "नुनु"),
        "gender": "X",
        "note": "'little one' (Bihar, Odisha)",
        "generic": True,
        "also_given_name": False,
    },
    "nanhe": {
        "variants": ("nanhey", "नन्हे", "नन्हें"),
        "gender": "M",
        "note": "'tiny one'",
        "generic": True,
        "also_given_name": False,
    },
    "nanhi": {
        "variants": ("नन्ही",),
        "gender": "F",
        "note": "'tiny one' (girl)",
        "generic": True,
        "also_given_name": False,
    },
    "chunnu": {
        "variants": ("chunu", "chunnoo", "चुन्नू"),
        "gender": "M",
        "note": "pet name for boys",
        "generic": False,
        "also_given_name": False,
    },
    "chunni": {
        "variants": ("chuni", "चुन्नी"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": False,
    },
    "tuntun": {
        "variants": ("tun tun", "टुनटुन"),
        "gender": "X",
        "note": "pet name",
        "generic": False,
        "also_given_name": False,
    },
    "chiku": {
        "variants": ("chikoo", "chikku", "चीकू", "चिक्कू"),
        "gender": "X",
        "note": "'sapodilla' (fruit)",
        "generic": False,
        "also_given_name": False,
    },
    "lucky": {
        "variants": ("lucki", "lakki", "lakky", "लकी", "लक्की"),
        "gender": "X",
        "note": "pet name",
        "generic": False,
        "also_given_name": False,
    },
    "sweety": {
        "variants": ("sweetie", "swity", "स्वीटी"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": False,
    },
    "honey": {
        "variants": ("hani", "hunny", "हनी"),
        "gender": "X",
        "note": "pet name",
        "generic": False,
        "also_given_name": False,
    },
    "happy": {
        "variants": ("happi", "हैप्पी"),
        "gender": "X",
        "note": "pet name (Punjab)",
        "generic": False,
        "also_given_name": False,
    },
    "vicky": {
        "variants": ("vicki", "vikki", "vikky", "विक्की", "विकी"),
        "gender": "M",
        "note": "short for Vikas, Vikram, Vivek",
        "generic": False,
        "also_given_name": False,
    },
    "nikki": {
        "variants": ("niki", "nicky", "निक्की"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": False,
    },
    "dimpy": {
        "variants": ("dimpi", "dimple", "डिंपी", "डिंपल"),
        "gender": "F",
        "note": "pet name for girls",
        "generic": False,
        "also_given_name": True,
    },
    "bobby": {
        "variants": ("bobi", "boby", "बॉबी", "बाबी"),
        "gender": "X",
        "note": "pet name",
        "generic": False,
        "also_given_name": False,
    },
    "goldy": {
        "variants": ("goldie", "goldi", "गोल्डी"),
        "gender": "X",
        "note": "pet name (Punjab)",
        "generic": False,
        "also_given_name": False,
    },
    "pammi": {
        "variants": ("pammy", "पम्मी"),
        "gender": "F",
        "note": "pet name for girls (Punjab)",
        "generic": False,
        "also_given_name": False,
    },
    "khokon": {
        "variants": ("khokan", "khokhon", "খোকন", "खोकन"),
        "gender": "M",
        "note": "'little boy' (Bengali)",
        "generic": True,
        "also_given_name": False,
    },
    "khuku": {
        "variants": ("khukoo", "খুকু", "खुकु"),
        "gender": "F",
        "note": "'little girl' (Bengali)",
        "generic": True,
        "also_given_name": False,
    },
    "bapi": {
        "variants": ("bappi", "বাপি", "बापी"),
        "gender": "M",
        "note": "pet name for boys (Bengali)",
        "generic": False,
        "also_given_name": False,
    },
    "mamoni": {
        "variants": ("mamuni", "মামণি", "মামনি"),
        "gender": "F",
        "note": "'dear little one' (Bengali, Assamese)",
        "generic": False,
        "also_given_name": True,
    },
    "munmun": {
        "variants": ("মুনমুন", "मुनमुन"),
        "gender": "F",
        "note": "pet name for girls (Bengali)",
        "generic": False,
        "also_given_name": True,
    },
    "tumpa": {
        "variants": ("টুম্পা", "टुम्पा"),
        "gender": "F",
        "note": "pet name for girls (Bengali)",
        "generic": False,
        "also_given_name": False,
    },
}
