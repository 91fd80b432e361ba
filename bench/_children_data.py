"""Fictional children for benchmarks: Indian names as they are really written in case files, at scale.

Every person here is invented: names are drawn independently from lists of common given names and surnames,
so no generated record describes a real child. The point is realistic *shape*, not real people:

- regions with their own naming: the Hindi belt (Bihar, Uttar Pradesh; girls mostly "X Kumari", boys "X Kumar"
  or a caste surname), Bengal (given name + surname, Bengali spellings), Adivasi families of Jharkhand and the
  tea gardens (Oraon, Munda, Santhal surnames; weekday names like Somra, Budhni), Muslim families (Md. prefix,
  Khatun/Begum for girls, Ansari, Khan, Sheikh);
- both genders, Zipf-like frequencies (a few very common names, a long tail);
- about 18% of records written in Devanagari, about a quarter of Latin records with a word in a variant
  spelling (Puja/Pooja, Laxmi/Lakshmi, Vikas/Vikash), about 10% with a nickname as another name, a few known
  only by a nickname (a boy found in a dhaba known as "Chhotu");
- the father's name for most children, the mother's for some ("Sunita Devi");
- about 50 districts of the LGD geography, of very different sizes; most children are the responsibility of
  their home district, others of a destination district (Delhi, Mumbai, Jaipur, Kolkata).

This module is pure Python (no Django): ``bench/search_names.py`` turns the records into rows.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from picket.people.nicknames import NICKNAMES


def _names(text: str) -> list[tuple[str, str]]:
    """``"Pooja:पूजा Moumita"`` → ``[("Pooja", "पूजा"), ("Moumita", "")]`` (most common first)."""
    pairs = []
    for item in text.split():
        latin, _, devanagari = item.partition(":")
        pairs.append((latin, devanagari))
    return pairs


HINDI_GIRLS = _names("""
    Pooja:पूजा Priya:प्रिया Anjali:अंजलि Khushi:खुशी Kajal:काजल Neha:नेहा Sunita:सुनीता Rani:रानी Sonam:सोनम
    Rinki:रिंकी Pinki:पिंकी Kiran:किरण Jyoti:ज्योति Nisha:निशा Preeti:प्रीति Muskan:मुस्कान Shivani:शिवानी
    Kavita:कविता Rekha:रेखा Anita:अनीता Suman:सुमन Sapna:सपना Komal:कोमल Aarti:आरती Mamta:ममता Seema:सीमा
    Poonam:पूनम Babita:बबिता Ritu:रितु Radha:राधा Sita:सीता Geeta:गीता Laxmi:लक्ष्मी Savitri:सावित्री
    Manisha:मनीषा Ranjana:रंजना Renu:रेणु Sarita:सरिता Chanda:चंदा Sushma:सुषमा Archana:अर्चना
    Nandini:नंदिनी Divya:दिव्या Simran:सिमरन Sakshi:साक्षी Ankita:अंकिता Payal:पायल Roshni:रोशनी
    Sangeeta:संगीता Usha:उषा Kumkum:कुमकुम Bindu:बिंदु Shalini:शालिनी Nikita:निकिता Khushboo:खुशबू
    Chandni:चाँदनी Sona:सोना Rupa:रूपा Meena:मीना Mala:माला Uma:उमा Kanchan:कंचन Lalita:ललिता Durga:दुर्गा
    Parvati:पार्वती Soni:सोनी Julie:जूली Dolly:डॉली Guddi:गुड्डी Anshu:अंशु Gudiya:गुड़िया Tanu:तनु
""")
HINDI_BOYS = _names("""
    Rahul:राहुल Amit:अमित Raju:राजू Sunil:सुनील Vikas:विकास Ravi:रवि Rohit:रोहित Ajay:अजय Vijay:विजय
    Sanjay:संजय Manoj:मनोज Deepak:दीपक Rakesh:राकेश Mukesh:मुकेश Ramesh:रमेश Suresh:सुरेश Mahesh:महेश
    Dinesh:दिनेश Pankaj:पंकज Arjun:अर्जुन Aman:अमन Ankit:अंकित Sachin:सचिन Gaurav:गौरव Rajesh:राजेश
    Santosh:संतोष Pawan:पवन Shyam:श्याम Mohan:मोहन Sohan:सोहन Govind:गोविंद Krishna:कृष्णा Ganesh:गणेश
    Dilip:दिलीप Vishal:विशाल Abhishek:अभिषेक Saurabh:सौरभ Nitesh:नितेश Ritesh:रितेश Sonu:सोनू Monu:मोनू
    Golu:गोलू Bablu:बबलू Kishan:किशन Shivam:शिवम Satyam:सत्यम Aditya:आदित्य Ashok:अशोक Anil:अनिल Ramu:रामू
    Lalu:लालू Birju:बिरजू Chandan:चंदन Roshan:रोशन Sunny:सन्नी Manish:मनीष Naveen:नवीन Prakash:प्रकाश
    Dharmendra:धर्मेंद्र Jitendra:जितेंद्र Bhola:भोला Sagar:सागर Akash:आकाश Raushan:रौशन Ranjeet:रंजीत
    Pintu:पिंटू Guddu:गुड्डू Umesh:उमेश Naresh:नरेश Rajkumar:राजकुमार Ramchandra:रामचंद्र Shankar:शंकर
""")
HINDI_SURNAMES = _names("""
    Yadav:यादव Paswan:पासवान Sharma:शर्मा Manjhi:मांझी Mahto:महतो Prasad:प्रसाद Gupta:गुप्ता Ram:राम
    Verma:वर्मा Sah:साह Sahu:साहू Thakur:ठाकुर Rajak:रजक Ravidas:रविदास Chaudhary:चौधरी Mandal:मंडल
    Mishra:मिश्रा Tiwari:तिवारी Pandey:पांडेय Nishad:निषाद Mallah:मल्लाह Kushwaha:कुशवाहा Kewat:केवट
    Baitha:बैठा Rai:राय Chauhan:चौहान Patel:पटेल Pandit:पंडित Jha:झा Mehta:मेहता Saini:सैनी Maurya:मौर्य
    Pal:पाल Rajbhar:राजभर Bind:बिंद Gond:गोंड
""")
BENGALI_GIRLS = _names("""
    Moumita Mousumi Payel Puja Rupa Sreya Rima Tumpa Mampi Soma Tania Priyanka Sathi Rakhi Jhuma Sampa
    Dipika Mitali Sumita Ananya Rumpa Sharmila Shampa Mithu Rinku Tanushree Barnali Sukla Chaitali Puspita
    Madhumita Papiya Sraboni Nupur Riya Piyali Tithi Mou Mamoni Munmun Rumki Sonali Bristi Ishita
""")
BENGALI_BOYS = _names("""
    Subrata Sourav Arijit Debashish Sandip Sujit Prosenjit Abhijit Biswajit Tapas Bapi Raju Partha Anirban
    Sayan Subhajit Arnab Rana Tanmoy Sumon Bikash Ratan Gopal Babai Tutun Pintu Bappa Sanjib Shuvo Amit Rajib
    Kartik Uttam Palash Mithun Supriyo Souvik Rohan Khokon Sukanta Dipankar Goutam
""")
BENGALI_SURNAMES = _names("""
    Das Mondal Roy Ghosh Sarkar Biswas Haldar Sardar Paul Saha Bag Bera Pramanik Dutta Chakraborty Banerjee
    Mukherjee Majhi Naskar Gayen Laskar Maity Barman Adhikari Bhattacharya Dey Pal Mridha Purkait Halder
""")
TRIBAL_GIRLS = _names("""
    Sunita:सुनीता Anita:अनीता Sukhmani:सुखमनी Phulmani:फुलमनी Somari:सोमारी Mangri:मंगरी Budhni:बुधनी
    Etwari:एतवारी Salomi:सलोमी Sushila:सुशीला Pramila:प्रमिला Sangita:संगीता Jasinta:जसिंता Sumitra:सुमित्रा
    Birsi:बिरसी Ratni:रतनी Lalmuni:लालमुनी Anjela Meera:मीरा Sarita:सरिता Basanti:बसंती Sukurmuni:सुकुरमुनी
    Parvati:पार्वती Jayanti:जयंती Rashmi:रश्मि Pushpa:पुष्पा Rajni:रजनी Mukta:मुक्ता Neelam:नीलम Asha:आशा
""")
TRIBAL_BOYS = _names("""
    Birsa:बिरसा Sukra:सुकरा Budhu:बुधु Somra:सोमरा Mangra:मंगरा Etwa:एतवा Budhram:बुधराम Lakhan:लखन
    Jitu:जीतू Bandhan:बंधन Dular:दुलार Sukhram:सुखराम Chamru:चमरू Guru:गुरु Sanika:सनिका Sumit:सुमित
    Anand:आनंद Prakash:प्रकाश Ajit:अजीत Bijay:बिजय Manoj:मनोज Suraj:सूरज Karma:करमा Fagu:फगु Budhwa:बुधवा
    Ramesh:रमेश Sanjay:संजय Mahavir:महावीर Vinod:विनोद
""")
TRIBAL_SURNAMES = _names("""
    Oraon:उरांव Munda:मुंडा Soren:सोरेन Hembrom:हेंब्रम Murmu:मुर्मू Kisku:किस्कू Tudu:टुडू Hansda:हांसदा
    Tirkey:तिर्की Toppo:टोप्पो Minz:मिंज Ekka:एक्का Lakra:लकड़ा Kujur:कुजूर Kerketta:केरकेट्टा
    Bhengra:भेंगरा Purty:पूर्ति Horo:होरो Marandi:मरांडी Besra:बेसरा Baskey:बास्के Sinku:सिंकू
    Kachhap:कच्छप Bhagat:भगत Kandulna:कंडुलना Barla:बारला
""")
MUSLIM_BOYS = _names("""
    Imran:इमरान Salman:सलमान Arif:आरिफ़ Asif:आसिफ़ Sahil:साहिल Faizan:फ़ैज़ान Aamir:आमिर Sameer:समीर
    Rizwan:रिज़वान Shahid:शाहिद Zahid:ज़ाहिद Javed:जावेद Sajid:साजिद Wasim:वसीम Nadeem:नदीम Naushad:नौशाद
    Rashid:राशिद Aslam:असलम Akram:अकरम Danish:दानिश Shahrukh:शाहरुख़ Faiz:फ़ैज़ Azhar:अज़हर Tabrez:तबरेज़
    Anwar:अनवर Junaid:जुनैद Ayaan:अयान Irfan:इरफ़ान Chand:चाँद Sarfaraz:सरफ़राज़ Kaif:कैफ़ Arman:अरमान
    Sohail:सोहैल Shakil:शकील Jamal:जमाल Raja:राजा Guddu:गुड्डू Sonu:सोनू
""")
MUSLIM_GIRLS = _names("""
    Fatima:फ़ातिमा Ayesha:आयशा Shabnam:शबनम Nazia:नाज़िया Rukhsar:रुख़सार Shaheen:शाहीन Farzana:फ़रज़ाना
    Nasreen:नसरीन Rubina:रुबीना Reshma:रेशमा Salma:सलमा Zainab:ज़ैनब Afreen:आफ़रीन Tabassum:तबस्सुम
    Gulnaz:गुलनाज़ Sana:सना Sabina:सबीना Nargis:नरगिस Rehana:रेहाना Heena:हिना Shabana:शबाना Noor:नूर
    Muskan:मुस्कान Parveen:परवीन Zeenat:ज़ीनत Sultana:सुल्ताना Shahnaz:शहनाज़ Rozy:रोज़ी Sadiya:सादिया
    Asma:असमा Yasmin:यास्मीन Nikhat:निखत Gulshan:गुलशन Sanjida Rupali Mousumi
""")
MUSLIM_SURNAMES = _names("""
    Ansari:अंसारी Khan:ख़ान Ahmed:अहमद Ali:अली Alam:आलम Qureshi:क़ुरैशी Shaikh:शेख़ Siddiqui:सिद्दीक़ी
    Hussain:हुसैन Rahman:रहमान Raeen:राईन Mansuri:मंसूरी Malik:मलिक Akhtar:अख़्तर Idrisi:इदरीसी
    Molla Mondal Sk Biswas Laskar
""")
#: Weak words (``picket.people.names.WEAK_TOKENS``): searched for only when a name has nothing else.
KUMARI, KUMAR, DEVI = ("Kumari", "कुमारी"), ("Kumar", "कुमार"), ("Devi", "देवी")
MUSLIM_GIRL_SUFFIXES = _names("Khatun:ख़ातून Khatoon:ख़ातून Begum:बेगम Bano:बानो Bibi:बीबी Parveen:परवीन")
MUSLIM_PREFIXES = _names("Md:मो० Mohammad:मोहम्मद Mohd:मोहम्मद Md.:मो०")

#: Names of people who are not in the generated data (other regions of India): "names that do not exist".
ABSENT_GIVEN = [
    "Thangaraj", "Muthuvel", "Lalremruata", "Zothanpuii", "Thingnam", "Yumnam", "Vaishnavi", "Nilofer",
    "Kuttappan", "Ezhilarasi", "Dorjee", "Pemba", "Tsering", "Lhamo", "Kamalakannan", "Sreekutty",
    "Yashwantrao", "Gurnoor", "Harjeet", "Jaskirat", "Ngaihte", "Vanlalruati", "Padmanabhan", "Seetharaman",
    "Ibomcha", "Rongmei", "Hmingthansanga", "Chinnaswamy", "Appukuttan", "Dhanalakshmi",
]  # fmt: skip
ABSENT_SURNAMES = [
    "Iyer", "Menon", "Nair", "Pillai", "Reddy", "Naidu", "Gowda", "Hegde", "Sangma", "Marak", "Lyngdoh",
    "Kharkongor", "Bhutia", "Lepcha", "Sherpa", "Gill", "Sandhu", "Dhillon", "Fernandes", "D'Souza",
]  # fmt: skip

# State → {region: share}. Regions: hindi, bengali, tribal, muslim_hindi (Hindi-speaking Muslims),
# muslim_bengal (Bengali-speaking Muslims).
STATE_MIX = {
    "BIHAR": {"hindi": 0.79, "muslim_hindi": 0.19, "tribal": 0.02},
    "JHARKHAND": {"hindi": 0.45, "tribal": 0.45, "muslim_hindi": 0.10},
    "WEST BENGAL": {"bengali": 0.65, "muslim_bengal": 0.30, "tribal": 0.05},
    "UTTAR PRADESH": {"hindi": 0.80, "muslim_hindi": 0.20},
    "DELHI": {"hindi": 0.60, "muslim_hindi": 0.20, "bengali": 0.10, "tribal": 0.10},
    "ASSAM": {"muslim_bengal": 0.40, "bengali": 0.30, "tribal": 0.20, "hindi": 0.10},
    "MAHARASHTRA": {"hindi": 0.40, "bengali": 0.25, "muslim_bengal": 0.15, "muslim_hindi": 0.20},
    "RAJASTHAN": {"hindi": 0.70, "muslim_hindi": 0.30},
}
# Districts where the mix differs from the state's (Seemanchal, tribal belts, border districts).
DISTRICT_MIX = {
    "KISHANGANJ": {"muslim_hindi": 0.65, "hindi": 0.33, "tribal": 0.02},
    "ARARIA": {"muslim_hindi": 0.42, "hindi": 0.56, "tribal": 0.02},
    "KATIHAR": {"muslim_hindi": 0.44, "hindi": 0.50, "tribal": 0.06},
    "PURNIA": {"muslim_hindi": 0.38, "hindi": 0.56, "tribal": 0.06},
    "GUMLA": {"tribal": 0.70, "hindi": 0.25, "muslim_hindi": 0.05},
    "KHUNTI": {"tribal": 0.75, "hindi": 0.22, "muslim_hindi": 0.03},
    "SIMDEGA": {"tribal": 0.72, "hindi": 0.25, "muslim_hindi": 0.03},
    "LOHARDAGA": {"tribal": 0.60, "hindi": 0.30, "muslim_hindi": 0.10},
    "WEST SINGHBHUM": {"tribal": 0.70, "hindi": 0.27, "muslim_hindi": 0.03},
    "DUMKA": {"tribal": 0.45, "hindi": 0.45, "muslim_hindi": 0.10},
    "PAKUR": {"tribal": 0.40, "hindi": 0.25, "muslim_hindi": 0.35},
    "SAHEBGANJ": {"tribal": 0.30, "hindi": 0.40, "muslim_hindi": 0.30},
    "MURSHIDABAD": {"muslim_bengal": 0.66, "bengali": 0.33, "tribal": 0.01},
    "MALDAH": {"muslim_bengal": 0.51, "bengali": 0.42, "tribal": 0.07},
    "DINAJPUR UTTAR": {"muslim_bengal": 0.50, "bengali": 0.40, "hindi": 0.10},
    "JALPAIGURI": {"bengali": 0.55, "tribal": 0.35, "muslim_bengal": 0.10},
    "DARJEELING": {"bengali": 0.45, "tribal": 0.35, "hindi": 0.20},
    "DHUBRI": {"muslim_bengal": 0.80, "bengali": 0.20},
    "SONITPUR": {"tribal": 0.45, "bengali": 0.25, "muslim_bengal": 0.20, "hindi": 0.10},
    "KOKRAJHAR": {"tribal": 0.50, "bengali": 0.25, "muslim_bengal": 0.25},
}
# (state, district as in LGD's 2-district.csv, relative size of its caseload). Destinations are marked.
DISTRICTS = [
    ("BIHAR", "MUZAFFARPUR", 9), ("BIHAR", "SITAMARHI", 6), ("BIHAR", "PURBI CHAMPARAN", 7),
    ("BIHAR", "PASHCHIM CHAMPARAN", 5), ("BIHAR", "GAYA", 6), ("BIHAR", "PATNA", 8), ("BIHAR", "DARBHANGA", 5),
    ("BIHAR", "MADHUBANI", 5), ("BIHAR", "SAMASTIPUR", 4), ("BIHAR", "SARAN", 3), ("BIHAR", "ARARIA", 5),
    ("BIHAR", "PURNIA", 5), ("BIHAR", "KATIHAR", 5), ("BIHAR", "KISHANGANJ", 4),
    ("JHARKHAND", "RANCHI", 6), ("JHARKHAND", "GUMLA", 5), ("JHARKHAND", "KHUNTI", 3), ("JHARKHAND", "SIMDEGA", 3),
    ("JHARKHAND", "LOHARDAGA", 2), ("JHARKHAND", "WEST SINGHBHUM", 3), ("JHARKHAND", "DUMKA", 3),
    ("JHARKHAND", "SAHEBGANJ", 3), ("JHARKHAND", "PAKUR", 2), ("JHARKHAND", "GODDA", 2),
    ("WEST BENGAL", "24 PARAGANAS SOUTH", 12), ("WEST BENGAL", "24 PARAGANAS NORTH", 9),
    ("WEST BENGAL", "MURSHIDABAD", 7), ("WEST BENGAL", "MALDAH", 5), ("WEST BENGAL", "NADIA", 5),
    ("WEST BENGAL", "JALPAIGURI", 4), ("WEST BENGAL", "DARJEELING", 3), ("WEST BENGAL", "KOLKATA", 6),
    ("WEST BENGAL", "HOWRAH", 4), ("WEST BENGAL", "DINAJPUR UTTAR", 3),
    ("UTTAR PRADESH", "GORAKHPUR", 4), ("UTTAR PRADESH", "KUSHI NAGAR", 3), ("UTTAR PRADESH", "BAHRAICH", 4),
    ("UTTAR PRADESH", "SHRAVASTI", 2), ("UTTAR PRADESH", "VARANASI", 3), ("UTTAR PRADESH", "LUCKNOW", 4),
    ("UTTAR PRADESH", "GHAZIABAD", 3), ("UTTAR PRADESH", "SIDDHARTH NAGAR", 2),
    ("DELHI", "NORTH EAST", 4), ("DELHI", "SHAHDARA", 3), ("DELHI", "NORTH WEST", 4),
    ("ASSAM", "DHUBRI", 3), ("ASSAM", "SONITPUR", 2), ("ASSAM", "KOKRAJHAR", 2),
    ("MAHARASHTRA", "MUMBAI", 5), ("MAHARASHTRA", "THANE", 3), ("RAJASTHAN", "JAIPUR", 4),
]  # fmt: skip
#: Where children found away from home are most often looked after (the responsible district).
DESTINATIONS = {"NORTH EAST": 3, "SHAHDARA": 2, "NORTH WEST": 3, "MUMBAI": 3, "THANE": 1, "JAIPUR": 2,
                "KOLKATA": 2, "24 PARAGANAS SOUTH": 1, "PATNA": 1, "RANCHI": 1}  # fmt: skip
#: Share of records written in Devanagari, by region (Bengal's records are in Latin script here).
DEVANAGARI_SHARE = {"hindi": 0.28, "tribal": 0.22, "muslim_hindi": 0.16, "bengali": 0.0, "muslim_bengal": 0.0}
LANGUAGES = {"hindi": ["Hindi", "Bhojpuri", "Maithili", "Magahi"], "bengali": ["Bengali"],
             "tribal": ["Kurukh", "Mundari", "Santali", "Sadri", "Hindi"], "muslim_hindi": ["Hindi", "Urdu"],
             "muslim_bengal": ["Bengali"]}  # fmt: skip

SPELLING_VARIANT_SHARE = 0.20
NICKNAME_SHARE = 0.10
NICKNAME_ONLY_SHARE = 0.015
FATHER_SHARE = 0.90
MOTHER_SHARE = 0.45


def _zipf(items: list[tuple[str, str]], exponent: float = 0.9) -> tuple[list[tuple[str, str]], list[float]]:
    weights = [1.0 / (rank + 2) ** exponent for rank in range(len(items))]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return items, cumulative


# Spelling variants that occur in real records (each is a substitution on the lowercase word).
_VARIANT_RULES: list[tuple[str, str]] = [
    (r"oo", "u"), (r"(?<=[^aeiou])u(?=[^aeiou]|$)", "oo"), (r"ee", "i"), (r"(?<=[^aeiou])i(?=[^aeiou])", "ee"),
    (r"i$", "y"), (r"y$", "i"), (r"aa", "a"), (r"(?<=[^aeiou])a(?=[^aeiou])", "aa"), (r"v", "w"), (r"w", "v"),
    (r"(?<!s)sh", "s"), (r"s$", "sh"), (r"x", "ksh"), (r"ksh", "x"), (r"ph", "f"), (r"f", "ph"), (r"z", "j"),
    (r"(?<=[aeiou])th(?=[aeiou])", "t"), (r"(?<=[aeiou])t(?=[aeiou])", "th"), (r"(?<=[^aeiou])a$", ""),
    (r"ou", "o"), (r"(?<=[aeiou])n(?=[aeiou])", "nn"), (r"b", "v"), (r"^b", "v"), (r"q", "k"), (r"j", "z"),
]  # fmt: skip


def spelling_variant(word: str, rng: random.Random) -> str:
    """Another spelling of ``word`` as found in records (Pooja → Puja, Vikas → Vikash), or ``word``."""
    lower = word.lower()
    rules = [(pattern, replacement) for pattern, replacement in _VARIANT_RULES if re.search(pattern, lower)]
    rng.shuffle(rules)
    for pattern, replacement in rules:
        matches = list(re.finditer(pattern, lower))
        match = rng.choice(matches)
        variant = lower[: match.start()] + replacement + lower[match.end() :]
        if len(variant) >= 3 and variant != lower:
            return variant.capitalize() if word[:1].isupper() else variant
    return word


def typo(word: str, rng: random.Random) -> str:
    """A typing or hearing slip: a vowel dropped (Anjali → Anjli), a letter doubled or an i/e swapped."""
    lower = word.lower()
    choice = rng.random()
    inner_vowels = [i for i in range(1, len(lower) - 1) if lower[i] in "aeiou"]
    if choice < 0.5 and inner_vowels:
        i = rng.choice(inner_vowels)
        lower = lower[:i] + lower[i + 1 :]
    elif choice < 0.75 and len(lower) > 3:
        i = rng.randrange(1, len(lower) - 1)
        lower = lower[:i] + lower[i] + lower[i:]
    else:
        lower = lower.replace("i", "e", 1) if "i" in lower else lower.replace("e", "i", 1)
    return lower.capitalize()


@dataclass
class Record:
    """One generated child: names as written, plus where and when."""

    name: str
    gender: str
    region: str
    devanagari: bool
    home_district: str
    district: str
    nickname: str = ""
    father: str = ""
    mother: str = ""
    date_of_birth: datetime.date | None = None
    age_estimate: int | None = None
    created_at: datetime.datetime = field(default_factory=lambda: datetime.datetime(2024, 1, 1))
    language: str = ""


class Generator:
    """Deterministic (seeded) stream of fictional children."""

    def __init__(self, seed: int = 20261128) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (fictional data, reproducible from the seed)
        self.lists = {
            ("hindi", "F"): _zipf(HINDI_GIRLS), ("hindi", "M"): _zipf(HINDI_BOYS),
            ("hindi", "S"): _zipf(HINDI_SURNAMES, 0.8),
            ("bengali", "F"): _zipf(BENGALI_GIRLS), ("bengali", "M"): _zipf(BENGALI_BOYS),
            ("bengali", "S"): _zipf(BENGALI_SURNAMES, 0.8),
            ("tribal", "F"): _zipf(TRIBAL_GIRLS), ("tribal", "M"): _zipf(TRIBAL_BOYS),
            ("tribal", "S"): _zipf(TRIBAL_SURNAMES, 0.8),
            ("muslim", "F"): _zipf(MUSLIM_GIRLS), ("muslim", "M"): _zipf(MUSLIM_BOYS),
            ("muslim", "S"): _zipf(MUSLIM_SURNAMES, 0.8),
            ("muslim", "X"): _zipf(MUSLIM_GIRL_SUFFIXES, 0.5), ("muslim", "P"): _zipf(MUSLIM_PREFIXES, 0.5),
        }  # fmt: skip
        self.districts = [(state, name) for state, name, _ in DISTRICTS]
        self.district_weights = _cumulative([size for _, _, size in DISTRICTS])
        self.destinations = list(DESTINATIONS)
        self.destination_weights = _cumulative(list(DESTINATIONS.values()))
        self.nicknames = {
            gender: _zipf([(key, "") for key, info in NICKNAMES.items() if info["gender"] in (gender, "X")], 0.7)
            for gender in ("F", "M")
        }
        self.start = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
        self.span_seconds = int((datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC) - self.start).total_seconds())
        self.made = 0

    def _pick(self, key: tuple[str, str], devanagari: bool, variant: bool = False) -> str:
        items, cumulative = self.lists[key]
        latin, native = self.rng.choices(items, cum_weights=cumulative)[0]
        if devanagari and native:
            return native
        if variant and self.rng.random() < SPELLING_VARIANT_SHARE:
            return spelling_variant(latin, self.rng)
        return latin

    def _person(self, region: str, gender: str, devanagari: bool, *, adult: bool = False) -> str:
        """A name for a person of ``region`` (``adult``: a parent's name)."""
        rng, pick = self.rng, self._pick
        family = "muslim" if region.startswith("muslim") else region
        given = pick((family, gender), devanagari, variant=True)
        words = [given]
        draw = rng.random()
        if family == "hindi":
            if adult and gender == "F":
                if draw < 0.70:
                    words.append(DEVI[devanagari])
            elif adult:
                if draw < 0.85:
                    words.append(pick(("hindi", "S"), devanagari, variant=True))
            else:
                weak, weak_share = (KUMARI, 0.55) if gender == "F" else (KUMAR, 0.45)
                if draw < weak_share:
                    words.append(weak[devanagari])
                elif draw < 0.80:
                    words.append(pick(("hindi", "S"), devanagari, variant=True))
        elif family in ("bengali", "tribal"):
            if draw < 0.85:
                words.append(pick((family, "S"), devanagari, variant=True))
            elif family == "tribal" and draw < 0.95 and not adult:
                words.append((KUMARI if gender == "F" else KUMAR)[devanagari])
        else:
            if gender == "M" and draw < (0.45 if adult else 0.35):
                words.insert(0, pick(("muslim", "P"), devanagari))
            second = rng.random()
            if gender == "F" and second < 0.40:
                words.append(pick(("muslim", "X"), devanagari))
            elif second < (0.85 if adult else 0.65):
                words.append(pick(("muslim", "S"), devanagari, variant=True))
        return " ".join(words)

    def _nickname(self, gender: str, devanagari: bool) -> str:
        items, cumulative = self.nicknames["F" if gender == "F" else "M"]
        key = self.rng.choices(items, cum_weights=cumulative)[0][0]
        spellings = [key, *NICKNAMES[key]["variants"]]
        wanted = [s for s in spellings if not s.isascii()] if devanagari else [s for s in spellings if s.isascii()]
        chosen = self.rng.choice(wanted or [key])
        return chosen.capitalize() if chosen.isascii() else chosen

    def record(self, created_at: datetime.datetime) -> Record:
        rng = self.rng
        state, home = self.districts[_bisect(self.district_weights, rng.random() * self.district_weights[-1])]
        mix = DISTRICT_MIX.get(home) or STATE_MIX[state]
        region = rng.choices(list(mix), weights=list(mix.values()))[0]
        devanagari = rng.random() < DEVANAGARI_SHARE[region]
        draw = rng.random()
        gender = "F" if draw < 0.55 else "M" if draw < 0.99 else "X" if draw < 0.993 else ""
        person_gender = gender if gender in ("F", "M") else rng.choice("FM")
        if rng.random() < NICKNAME_ONLY_SHARE:
            name, nickname = self._nickname(person_gender, devanagari), ""
        else:
            name = self._person(region, person_gender, devanagari)
            nickname = self._nickname(person_gender, devanagari) if rng.random() < NICKNAME_SHARE else ""
        if rng.random() < 0.70:
            district = home
        else:
            district = self.destinations[_bisect(self.destination_weights, rng.random() * self.destination_weights[-1])]
        father = self._person(region, "M", devanagari, adult=True) if rng.random() < FATHER_SHARE else ""
        mother = self._person(region, "F", devanagari, adult=True) if rng.random() < MOTHER_SHARE else ""
        age = rng.choice((4, 6, 8, 9, 10, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17))
        date_of_birth = age_estimate = None
        if rng.random() < 0.40:
            date_of_birth = created_at.date() - datetime.timedelta(days=age * 365 + rng.randrange(365))
        else:
            age_estimate = age
        return Record(
            name=name, gender=gender, region=region, devanagari=devanagari, home_district=home, district=district,
            nickname=nickname, father=father, mother=mother, date_of_birth=date_of_birth,
            age_estimate=age_estimate, created_at=created_at, language=rng.choice(LANGUAGES[region]),
        )  # fmt: skip

    def records(self, count: int, *, total: int | None = None) -> Iterator[Record]:
        """``count`` records, registered in order (ids and ``created_at`` rise together, as with
        ``auto_now_add``) over 2019-2026, as the next ``count`` of ``total``."""
        total = total or count
        for _ in range(count):
            seconds = self.span_seconds * (self.made + self.rng.random()) / total
            self.made += 1
            yield self.record(self.start + datetime.timedelta(seconds=seconds))


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _bisect(cumulative: list[float], value: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


# ---------------------------------------------------------------------------------------------------------
# Queries: what a case worker types, derived from what is stored
# ---------------------------------------------------------------------------------------------------------

_LATIN_TO_DEVANAGARI: dict[str, str] = {}
_DEVANAGARI_TO_LATIN: dict[str, str] = {}
for _list in (HINDI_GIRLS, HINDI_BOYS, HINDI_SURNAMES, TRIBAL_GIRLS, TRIBAL_BOYS, TRIBAL_SURNAMES, MUSLIM_BOYS,
              MUSLIM_GIRLS, MUSLIM_SURNAMES, MUSLIM_GIRL_SUFFIXES, MUSLIM_PREFIXES, [KUMARI, KUMAR, DEVI]):  # fmt: skip
    for _latin, _native in _list:
        if _native:
            _LATIN_TO_DEVANAGARI.setdefault(_latin.lower(), _native)
            _DEVANAGARI_TO_LATIN.setdefault(_native, _latin)
_PREFIX_WORDS = {latin.lower() for latin, _ in MUSLIM_PREFIXES} | {native for _, native in MUSLIM_PREFIXES}
#: Frequent last words: weak ones (dropped from a query that has anything else) and common surnames.
COMMON_LAST_WORDS = {"kumari", "kumar", "khatun", "begum", "yadav", "paswan", "das", "mondal", "oraon", "munda",
                     "ansari", "khan", "कुमारी", "कुमार", "यादव", "उरांव", "ख़ातून"}  # fmt: skip


def other_script(name: str) -> str | None:
    """The name written in the other script (Latin ↔ Devanagari), when every word is known; else ``None``."""
    words = name.split()
    if not words:
        return None
    if all(not w.isascii() for w in words):
        converted = [_DEVANAGARI_TO_LATIN.get(w) for w in words]
    else:
        converted = [_LATIN_TO_DEVANAGARI.get(w.lower()) for w in words]
    return " ".join(converted) if all(converted) else None  # type: ignore[arg-type]


def given_name(name: str) -> str:
    """The first word that is not a prefix (Md., Mohammad)."""
    words = [w for w in name.split() if w.lower() not in _PREFIX_WORDS]
    return words[0] if words else name


def misspelled(name: str, rng: random.Random) -> str:
    """The name with its given name spelled differently or mistyped (Latin script)."""
    if not name.isascii():
        name = other_script(name) or name
    words = name.split()
    given = given_name(name)
    index = words.index(given) if given in words else 0
    words[index] = spelling_variant(given, rng) if rng.random() < 0.6 else typo(given, rng)
    return " ".join(words)


def absent_name(rng: random.Random) -> str:
    return f"{rng.choice(ABSENT_GIVEN)} {rng.choice(ABSENT_SURNAMES)}"
