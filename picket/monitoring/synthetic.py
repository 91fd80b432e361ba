"""Generated, clearly fictional ads for tests and benchmarks: no ad, business, person or number is real.

**Phone numbers.** India reserves no numbers for fiction (as Ofcom does for UK drama), so every generated
number has the recognisable form ``D000NNNNNN`` — a first digit 6-9, then three zeros, then six digits — and is
drawn at random, each at most once per generated set (two advertisers never share a number, a handle or an
e-mail address by accident);
none was collected anywhere. Do not dial them. Tests and documentation use the form ``D0000NNNNN``.

**What is generated.** Advertisers, each posting one or many ads (sizes skewed: most post once, a few post
hundreds). An advertiser has a category, a language, and a template composed once from sentence pools of its
category, in its own voice (spellings and words it prefers: "ladies" or "gals" for "girls", "chaiye" for
"chahiye", "युवतियां" for "लड़कियां") — so different advertisers of a category write differently, but share
phrases; each of its ads
renders that template with rotating slots — contact names, phone numbers (each number active for a stretch of
time; a third of the multi-ad risky advertisers use a new number for every ad), cities (an advertiser moves),
business names, amounts — and small edits (a sentence dropped or moved, emoji, case). About 70 % of all ads
also carry stock phrases shared by unrelated advertisers ("Interested candidates contact immediately").

Categories. Negatives (hard): genuine job posts (BPO with 24x7 shifts and freshers, hotels with free stay,
factories with advance salary facility, hostels and schools for girls), licensed placement agencies
(registration numbers, police verification, salary to the bank, 18+), MEA-registered overseas recruiters
(passport and visa talk, free air ticket), genuine spas (female therapists for ladies, full body massage).
Positives: recruitment of minors (domestic, factory, hotel, brick kiln; wages or advance to parents), deceptive
overseas jobs (tourist visa, fees, passport kept, scam-compound "data entry"), spa exploitation, youth cues
("new girls", "fresh"). Languages: English 50 %, Hinglish 30 %, Devanagari Hindi 20 % of advertisers, with code
mixing. Phones: plain and spaced, +91 and 0 prefixes, dots and dashes, Devanagari digits, spelled in English,
Hinglish and Hindi, mixed digits and words, "double"/"triple", keycap emoji, the letter O for zero; decoys
(salaries, dates, PIN codes, licence numbers, helpline 1098).

**Honest limits.** One author wrote these pools and the indicator rules; positive pools deliberately include
phrasings the rules do not know ("we keep the passport safe", "VIP service", "Nepali girls"), and some risky
ads carry a (fake) registration number, but real ads are more varied, more misspelled and more coded than
this, so the benchmark overstates real-world recall. Ground truth is the advertiser: two advertisers that
happen to write alike are different networks here even if no analyst could tell them apart.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from picket.monitoring.pipeline import Ad

NEGATIVE: Final = ("job", "agency", "overseas_genuine", "spa")
POSITIVE: Final = ("minors", "overseas_deceptive", "spa_exploit", "youth")
CATEGORY_WEIGHTS: Final = {
    "job": 30, "agency": 10, "overseas_genuine": 8, "spa": 10,
    "minors": 14, "overseas_deceptive": 12, "spa_exploit": 10, "youth": 6,
}  # fmt: skip
LANGUAGES: Final = (("en", 0.5), ("hinglish", 0.3), ("hi", 0.2))

CITIES: Final = (
    "Delhi", "Mumbai", "Kolkata", "Chennai", "Bengaluru", "Hyderabad", "Pune", "Jaipur", "Lucknow", "Patna",
    "Ranchi", "Gurugram", "Noida", "Goa", "Siliguri", "Guwahati", "Indore", "Bhopal", "Surat", "Ahmedabad",
    "Kanpur", "Varanasi", "Muzaffarpur", "Dhanbad", "Raipur", "Nagpur", "Chandigarh", "Ludhiana", "Amritsar",
    "Kochi",
)  # fmt: skip
CITIES_HI: Final = {
    "Delhi": "दिल्ली", "Mumbai": "मुंबई", "Kolkata": "कोलकाता", "Chennai": "चेन्नई", "Bengaluru": "बेंगलुरु",
    "Hyderabad": "हैदराबाद", "Pune": "पुणे", "Jaipur": "जयपुर", "Lucknow": "लखनऊ", "Patna": "पटना", "Ranchi": "रांची",
    "Gurugram": "गुरुग्राम", "Noida": "नोएडा", "Goa": "गोवा", "Siliguri": "सिलीगुड़ी", "Guwahati": "गुवाहाटी",
    "Indore": "इंदौर", "Bhopal": "भोपाल", "Surat": "सूरत", "Ahmedabad": "अहमदाबाद", "Kanpur": "कानपुर",
    "Varanasi": "वाराणसी", "Muzaffarpur": "मुजफ्फरपुर", "Dhanbad": "धनबाद", "Raipur": "रायपुर", "Nagpur": "नागपुर",
    "Chandigarh": "चंडीगढ़", "Ludhiana": "लुधियाना", "Amritsar": "अमृतसर", "Kochi": "कोच्चि",
}  # fmt: skip
ABROAD: Final = ("Dubai", "Oman", "Saudi", "Kuwait", "Qatar", "Bahrain", "Malaysia")
SCAM_COUNTRIES: Final = ("Thailand", "Cambodia", "Laos", "Myanmar")
ABROAD_HI: Final = {"Dubai": "दुबई", "Oman": "ओमान", "Saudi": "सऊदी", "Kuwait": "कुवैत", "Qatar": "कतर",
                    "Bahrain": "बहरीन", "Malaysia": "मलेशिया"}  # fmt: skip
CONTACTS: Final = (
    "Ramesh", "Suresh", "Rakesh", "Sunil", "Anil", "Vijay", "Sanjay", "Deepak", "Manoj", "Ajay", "Pooja",
    "Neha", "Priya", "Sonia", "Rekha", "Anita", "Kiran", "Meena", "Raju", "Bablu", "Pappu", "Vicky", "Sonu",
    "Monu", "Imran", "Salim", "Farhan", "Joseph", "Thomas", "Gurpreet", "Harpreet", "Arjun", "Rohit",
)  # fmt: skip
CONTACTS_HI: Final = ("रमेश", "सुरेश", "राकेश", "सुनील", "अनिल", "विजय", "पूजा", "नेहा", "प्रिया", "राजू", "सोनू")
PREFIXES: Final = (
    "Shree", "Sai", "Royal", "New", "Star", "Galaxy", "Sunrise", "Om", "Maa", "Balaji", "Classic", "Elite",
    "Urban", "Green", "Lotus", "Golden", "Silver", "Pearl", "Crystal", "Prime", "Apex", "Trust", "Bright",
)  # fmt: skip
MIDDLES: Final = (
    "Ganesh", "Durga", "Laxmi", "Krishna", "Tulsi", "Moon", "Ocean", "Sky", "City", "Metro", "Rose", "Jasmine",
    "Shiv", "Hanuman", "Kaveri", "Ganga", "Everest", "Orchid", "Sapphire", "Vision",
)  # fmt: skip
SUFFIXES: Final = {
    "job": ("Enterprises", "Pvt Ltd", "Industries", "Foods", "Logistics", "Retail", "Hospital", "Hotel"),
    "agency": ("Placement Services", "Manpower Consultants", "Staffing Solutions", "Home Care Agency"),
    "overseas_genuine": ("Overseas Consultants", "International Manpower", "Global Recruiters"),
    "spa": ("Spa", "Wellness Centre", "Ayurveda Centre", "Unisex Salon and Spa"),
    "minors": ("Placement", "Services", "Enterprises", "Agency", "Contractors"),
    "overseas_deceptive": ("Travels", "Overseas", "Tours and Travels", "Job Consultancy", "International"),
    "spa_exploit": ("Spa", "Thai Spa", "Massage Centre", "Wellness", "Body Spa"),
    "youth": ("Friendship Club", "Models", "Entertainment", "Services", "Spa"),
}
LOCALITIES: Final = ("Sector", "Phase", "Nagar", "Colony", "Market", "Road", "Chowk", "Vihar", "Enclave", "Bazaar")
LANDMARKS: Final = (
    "the bus stand", "the railway station", "City Mall", "the SBI branch", "the petrol pump", "the big temple",
    "the Gurudwara", "the main market", "the flyover", "the court", "the hospital", "the metro station",
    "the cinema hall", "the post office", "the old bridge", "the water tank",
)  # fmt: skip
TAGLINES: Final = (
    ("Trusted", "Reliable", "Professional", "Friendly", "Experienced", "Quality", "Caring", "Honest", "Quick"),
    ("service", "team", "people", "care", "staff", "support", "work", "hands", "solutions"),
    ("since", "from", "established", "serving you since", "in business since"),
)
# Details an advertiser gives in every ad (an address, a tagline), in its own words.
SIGNATURES: Final = {
    "en": (
        "Near {landmark}, {place}.",
        "{tagline_a} {tagline_b} {tagline_c} {year}.",
        "Opp. {landmark}.",
        "Office behind {landmark}, {place}.",
    ),
    "hinglish": (
        "{landmark_hi} ke paas, {place}.",
        "{place} mein, {landmark_hi} ke saamne.",
        "{year} se aapki seva mein.",
    ),
    "hi": ("{landmark_hi} के पास, {place}।", "{year} से आपकी सेवा में।", "{place}, {landmark_hi} के सामने।"),
}
LANDMARKS_HI: Final = ("bus adda", "station", "bada mandir", "gurudwara", "mall", "thana", "sabzi mandi", "chauraha",
                       "bank", "petrol pump", "post office", "school", "hospital", "pul", "tanki")  # fmt: skip
LOCALITY_NAMES: Final = ("Rajiv", "Gandhi", "Nehru", "Shastri", "Lajpat", "Karol", "Saket", "Malviya", "Kamla",
                         "Ashok", "Subhash", "Patel", "Tilak", "Azad", "Indira", "Janak", "Vikas", "Prem")  # fmt: skip


# --- sentence pools --------------------------------------------------------------------------------------------
# Slots: {city} {business} {name} {phone} {salary} {fee} {lo} {hi} {abroad} {scam} {place} {role} {lic} {days}
# {gst} {date}. Each advertiser picks its sentences once; each ad renders them.

Pools = dict[str, dict[str, Sequence[str]]]

STOCK: Final[dict[str, Sequence[str]]] = {
    "en": ("Urgent requirement.", "Interested candidates contact immediately.", "Salary negotiable.",
           "Limited seats, apply fast.", "Call or WhatsApp for details.", "Genuine candidates only.",
           "Good working environment.", "Free stay and food.", "Apply now!", "Hurry up!"),
    "hinglish": ("Jaldi sampark karein.", "Seats limited hain.", "Interested log turant call karein.",
                 "Achhi salary milegi.", "Rehna khana free.", "Urgent requirement hai."),
    "hi": ("तुरंत संपर्क करें।", "सीमित सीटें।", "इच्छुक उम्मीदवार संपर्क करें।", "अच्छा वेतन मिलेगा।", "रहना खाना फ्री।"),
}  # fmt: skip

ROLES: Final = {
    "job": ("delivery boys", "security guards", "telecallers", "store helpers", "drivers", "cooks", "packers",
            "ward boys", "receptionists", "data entry operators", "sales executives", "housekeeping staff",
            "machine operators", "waiters", "accountants", "nursing assistants"),
    "agency": ("domestic helpers", "baby sitters", "patient care attendants", "cooks", "nannies", "elder care staff"),
    "overseas_genuine": ("electricians", "welders", "nurses", "plumbers", "heavy drivers", "masons", "AC technicians"),
    "spa": ("massage therapists", "beauticians", "spa receptionists", "hair stylists"),
    "minors": ("house maids", "helpers", "factory workers", "hotel boys", "kiln workers", "workers for a garment unit"),
    "overseas_deceptive": ("hotel staff", "housemaids", "waitresses", "data entry staff", "cleaners", "hostesses"),
    "spa_exploit": ("therapists", "spa girls", "receptionists"),
    "youth": ("models", "friendship", "companions"),
}  # fmt: skip

POOLS: Final[dict[str, Pools]] = {
    "job": {
        "intro": {
            "en": (
                "{business} is hiring {role} in {city}.",
                "Wanted: {role} for our {city} branch.",
                "Vacancies for {role} at {business}, {city}.",
                "Hiring now: {role}, {city} ({place}).",
            ),
            "hinglish": (
                "{business} ko {city} mein {role} chahiye.",
                "{city} branch ke liye {role} ki zarurat hai.",
                "{role} ke liye naukri, {business}, {city}.",
            ),
            "hi": ("{business} को {city} में {role} चाहिए।", "{city} शाखा के लिए {role} की आवश्यकता है।"),
        },
        "body": {
            "en": (
                "Freshers welcome, training given.",
                "Young and energetic team, rotational shifts.",
                "24x7 operations, night shift allowance.",
                "Free cab for night shifts.",
                "Qualification 10th/12th pass.",
                "Age 18-35 years.",
                "Age limit 21-40 years.",
                "2-5 years experience preferred.",
                "Advance salary facility for staff.",
                "Free stay and food for hotel staff.",
                "Girls hostel near office for female staff.",
                "Female candidates preferred for front desk.",
                "Interview on {date} at our office.",
                "Documents required: Aadhaar, PAN and bank passbook.",
                "Office at {place}, {city} {pin}.",
            ),
            "hinglish": (
                "Freshers bhi apply kar sakte hain.",
                "Umar 18 se 35 saal.",
                "Training company degi.",
                "Shift 9 se 6, Sunday chhutti.",
                "Documents: Aadhaar aur PAN laana hoga.",
                "Interview {date} ko office mein.",
                "Office {place}, {city}.",
                "Night shift mein cab free.",
                "Rehne ki suvidha hotel staff ke liye.",
                "12vi pass zaroori.",
                "2-3 saal ka anubhav chahiye.",
            ),
            "hi": (
                "फ्रेशर्स भी आवेदन कर सकते हैं।",
                "आयु 18 से 35 वर्ष।",
                "प्रशिक्षण कंपनी देगी।",
                "दस्तावेज: आधार और पैन कार्ड।",
                "कार्यालय {place}, {city}।",
                "इंटरव्यू {date} को।",
                "रात की शिफ्ट में कैब फ्री।",
                "12वीं पास जरूरी।",
                "2-3 साल का अनुभव चाहिए।",
                "रविवार छुट्टी।",
            ),
        },
        "cues": {
            "en": (
                "PF and ESI as per rules.",
                "Appointment letter on joining.",
                "Salary credited to your bank account.",
                "No registration fee.",
                "We never ask candidates for money.",
                "Candidates below 18 not allowed.",
            ),
            "hinglish": ("PF aur ESI milega.", "Salary seedhe bank khate mein.", "Koi registration fee nahi."),
            "hi": ("पीएफ और ईएसआई मिलेगा।", "वेतन सीधे बैंक खाते में।", "कोई पंजीकरण शुल्क नहीं।"),
        },
        "pay": {
            "en": ("Salary Rs {salary} per month.", "CTC {salary}/month plus incentives.", "Pay ₹{salary} monthly."),
            "hinglish": ("Salary {salary} rupaye mahina.", "Tankhwah {salary} per month."),
            "hi": ("वेतन {salary} रुपये महीना।", "सैलरी ₹{salary} प्रति माह।"),
        },
        "contact": {
            "en": (
                "Contact {name} on {phone}.",
                "Call HR {phone}.",
                "Send CV to hr.{mailbox}@example.in or call {phone}.",
                "Walk in with resume; details {phone}.",
            ),
            "hinglish": ("{name} se sampark karein {phone}.", "Call karein {phone}."),
            "hi": ("संपर्क करें {name_hi} {phone}।", "कॉल करें {phone}।"),
        },
    },
    "agency": {
        "intro": {
            "en": (
                "{business}, government registered placement agency, {city}.",
                "{business} provides trained {role} in {city}.",
                "Need {role}? {business}, {city}.",
            ),
            "hinglish": ("{business}: trained {role} milenge, {city}.", "{city} mein {role} chahiye? {business}."),
            "hi": ("{business}: प्रशिक्षित {role}, {city}।", "{city} में {role} चाहिए? {business}।"),
        },
        "body": {
            "en": (
                "All workers come with police verification.",
                "Workers are 18+ only, Aadhaar mandatory.",
                "Registration No. {lic}.",
                "Salary paid directly to the worker's bank account.",
                "Written contract with every family.",
                "Replacement within 30 days.",
                "Full time and part time available.",
                "Live-in and live-out options.",
            ),
            "hinglish": (
                "Sabhi workers ka police verification hoga.",
                "Registration No. {lic}.",
                "Umar 18 saal se upar honi chahiye.",
                "Salary seedhe bank khate mein.",
            ),
            "hi": (
                "सभी कर्मचारियों का पुलिस सत्यापन।",
                "पंजीकरण संख्या {lic}।",
                "वेतन सीधे बैंक खाते में।",
                "18 साल से कम उम्र वाले आवेदन न करें।",
            ),
        },
        "cues": {
            "en": (
                "No registration fee for workers.",
                "Regd. under the Delhi Private Placement Agencies order.",
                "GSTIN {gst}.",
            ),
            "hinglish": ("Workers se koi fee nahi.", "GSTIN {gst}."),
            "hi": ("कामगारों से कोई शुल्क नहीं।", "जीएसटी {gst}।"),
        },
        "pay": {
            "en": ("Salary {salary} to {salary2} per month.", "Rates from Rs {salary}/month."),
            "hinglish": ("Salary {salary} se {salary2} tak.",),
            "hi": ("वेतन {salary} से {salary2} तक।",),
        },
        "contact": {
            "en": ("Call {phone}.", "Office: {place}, {city}. Phone {phone}."),
            "hinglish": ("Call {phone}.",),
            "hi": ("फोन {phone}।",),
        },
    },
    "overseas_genuine": {
        "intro": {
            "en": (
                "{business} (RA No. {ra}) recruiting {role} for {abroad}.",
                "Urgent {role} for {abroad} projects, {business}.",
                "{abroad} jobs for {role}, {business}.",
            ),
            "hinglish": ("{abroad} ke liye {role} chahiye, {business} (RA No. {ra}).",),
            "hi": ("{abroad} के लिए {role} चाहिए, {business} (आरए नं. {ra})।",),
        },
        "body": {
            "en": (
                "Employment visa through eMigrate.",
                "Valid passport required, bring passport copy.",
                "Free air ticket and accommodation.",
                "Service charges as per MEA rules.",
                "2-year contract, overtime extra.",
                "ECR and ECNR both.",
                "Interview at {city} on {date}.",
                "Experience 3-5 years.",
            ),
            "hinglish": (
                "Work visa milega, eMigrate se.",
                "Passport copy laayen.",
                "Free ticket aur rehna.",
                "Interview {city} mein {date} ko.",
            ),
            "hi": ("वर्क वीजा, ई-माइग्रेट से।", "पासपोर्ट की कॉपी लाएं।", "फ्री टिकट और रहना।"),
        },
        "cues": {
            "en": (
                "No tourist visa, employment visa only.",
                "We will never keep your passport.",
                "Employment contract before departure.",
            ),
            "hinglish": ("Tourist visa nahi, sirf work visa.",),
            "hi": ("केवल वर्क वीजा।",),
        },
        "pay": {
            "en": ("Salary {salary} per month plus food.", "Basic ₹{salary}/month + OT."),
            "hinglish": ("Salary {salary} mahina.",),
            "hi": ("वेतन {salary} रुपये महीना।",),
        },
        "contact": {
            "en": ("Send CV to {phone} (WhatsApp).", "Contact {name}: {phone}."),
            "hinglish": ("WhatsApp CV {phone}.",),
            "hi": ("व्हाट्सएप {phone}।",),
        },
    },
    "spa": {
        "intro": {
            "en": (
                "{business}, {place}, {city}: Ayurvedic and Thai massage.",
                "Relax at {business}, {city}.",
                "{business} now open in {city}.",
            ),
            "hinglish": ("{business} {city} mein, Ayurvedic massage.",),
            "hi": ("{business}, {city}: आयुर्वेदिक मसाज।", "{city} में {business}, {place}।", "आइए {business}, {city}।"),
        },
        "body": {
            "en": (
                "Full body massage by certified therapists.",
                "Female therapists for ladies, male for gents.",
                "Couple massage and facials.",
                "Timings 10 am to 9 pm, closed Tuesdays.",
                "Trade licence no. {lic}.",
                "Hygienic, family friendly.",
                "Walk-ins welcome, prior booking preferred.",
                "Hiring trained therapists, certificate required.",
            ),
            "hinglish": (
                "Full body massage, trained staff.",
                "Timing subah 10 se raat 9.",
                "Ladies ke liye female therapist.",
                "Couple massage aur facial bhi.",
                "Trade licence no. {lic}.",
                "Saaf suthra, family ke liye.",
                "Pehle booking karein.",
            ),
            "hi": (
                "प्रशिक्षित थेरेपिस्ट द्वारा मसाज।",
                "समय सुबह 10 से रात 9 बजे।",
                "महिलाओं के लिए महिला थेरेपिस्ट।",
                "कपल मसाज और फेशियल।",
                "ट्रेड लाइसेंस नं. {lic}।",
                "साफ सुथरा, परिवार के लिए।",
                "मंगलवार बंद।",
            ),
        },
        "cues": {
            "en": ("Strictly no cross massage.", "Police verified staff.", "GSTIN {gst}."),
            "hinglish": ("Cross massage nahi hota.",),
            "hi": ("जीएसटी {gst}।",),
        },
        "pay": {
            "en": ("60 min at Rs {price}.", "Packages from ₹{price}."),
            "hinglish": ("Rate {price} rupaye se.",),
            "hi": ("रेट {price} रुपये से।",),
        },
        "contact": {
            "en": ("Book on {phone}.", "Call {phone} for appointment."),
            "hinglish": ("Booking {phone}.",),
            "hi": ("बुकिंग {phone}।",),
        },
    },
    "minors": {
        "intro": {
            "en": (
                "Wanted {role} for homes in {city}.",
                "Girls {lo}-{hi} yrs needed as {role} in {city}.",
                "{role} required at {city}, boys and girls {lo} to {hi} years.",
                "Need girls of {lo} or {hi} years for house work in {city}.",
                "Small girls wanted for home work, {city}.",
            ),
            "hinglish": (
                "{city} mein ghar ke kaam ke liye {lo} se {hi} saal ki ladkiyan chahiye.",
                "{role} chahiye, umar {lo}-{hi} saal, {city}.",
                "Kam umar ki ladkiyan chahiye, {city} kothi ka kaam.",
            ),
            "hi": (
                "{city} में घरेलू काम के लिए {lo} से {hi} साल की लड़कियां चाहिए।",
                "{role} चाहिए, उम्र {lo} वर्ष, {city}।",
                "कम उम्र की लड़कियां चाहिए, {city}।",
            ),
        },
        "body": {
            "en": (
                "Salary will be sent to parents every month.",
                "Advance of Rs {advance} given to the family.",
                "Parents will receive money in advance.",
                "No documents needed.",
                "No Aadhaar required.",
                "Stay and food with the employer.",
                "Girls studying in class 7-8 also ok.",
                "Travel arranged by our man from the village.",
                "Work for 2 years, then the family gets the full amount.",
            ),
            "hinglish": (
                "Parents ko advance milega.",
                "Salary ghar walon ko bhej denge.",
                "Bina kisi document ke kaam.",
                "Koi document nahi chahiye.",
                "Rehna khana malik ke ghar.",
                "Gaon se le jayenge, kiraya hum denge.",
                "Do saal kaam, phir poora paisa family ko.",
                "Aadhaar ki zarurat nahi.",
                "8vi 9vi class wali bhi chalegi.",
            ),
            "hi": (
                "माता-पिता को एडवांस दिया जाएगा।",
                "वेतन घर वालों को भेजा जाएगा।",
                "कोई दस्तावेज नहीं चाहिए।",
                "रहना खाना मालिक के घर।",
                "गांव से हमारा आदमी ले जाएगा।",
                "दो साल काम, फिर पूरा पैसा परिवार को।",
                "आधार की जरूरत नहीं।",
                "कक्षा 7-8 में पढ़ने वाली लड़कियां भी चलेंगी।",
            ),
        },
        "cues": {
            "en": ("Join immediately.", "Many families waiting.", "Advance given, stay free."),
            "hinglish": ("Turant aao.", "Advance milega.", "Jaldi bhejo ladkiyon ko."),
            "hi": ("तुरंत भेजें।", "एडवांस मिलेगा।"),
        },
        "pay": {
            "en": ("Rs {salary_low} per month.", "₹{salary_low} monthly."),
            "hinglish": ("{salary_low} rupaye mahina.",),
            "hi": ("{salary_low} रुपये महीना।",),
        },
        "contact": {
            "en": ("Call {name} {phone}.", "Contact {phone}.", "WhatsApp {phone}."),
            "hinglish": ("{name} bhai {phone}.", "Call karo {phone}."),
            "hi": ("संपर्क {phone}।", "{name_hi} जी {phone}।"),
        },
    },
    "overseas_deceptive": {
        "intro": {
            "en": (
                "Hotel jobs in {abroad} for girls, {business}.",
                "Urgent {role} for {abroad}, ladies only.",
                "Data entry job in {scam}, salary {salary_high}.",
                "{abroad} hotel staff needed, fly this week.",
                "Customer support vacancies in {scam}, freshers ok.",
            ),
            "hinglish": (
                "{abroad} mein hotel ka kaam, ladkiyan chahiye.",
                "{abroad} ke liye {role} chahiye, jaldi.",
                "{scam} mein data entry job, salary {salary_high}.",
            ),
            "hi": ("{abroad_hi} में होटल की नौकरी, लड़कियां चाहिए।", "{abroad_hi} के लिए {role} चाहिए, जल्दी।"),
        },
        "body": {
            "en": (
                "Going on tourist visa, work visa later.",
                "Visit visa provided.",
                "Registration fee Rs {fee}.",
                "Processing fee {fee} to be paid before visa.",
                "Passport will be kept by the company.",
                "Submit original passport at our office.",
                "No interview, direct joining.",
                "Ticket ready.",
                "We keep the passport safe for you.",
                "Visa on arrival job, easy work.",
                "Fly via Bangkok.",
                "Regd. No. {lic}.",
            ),
            "hinglish": (
                "Visit visa pe jaana hai.",
                "Processing ke liye fees dene honge.",
                "Passport company ke paas jama rahega.",
                "Interview nahi, turant joining.",
                "Ticket free, kharcha hum dekhenge.",
                "Tourist visa pe bhejenge.",
                "Passport hum rakhenge.",
                "Registration fee {fee} rupaye.",
            ),
            "hi": (
                "टूरिस्ट वीजा पर जाना है।",
                "प्रोसेसिंग फीस {fee} रुपये।",
                "पासपोर्ट कंपनी के पास जमा रहेगा।",
                "इंटरव्यू नहीं, तुरंत जॉइनिंग।",
                "विजिट वीजा मिलेगा।",
                "टिकट तैयार है।",
                "पासपोर्ट हम संभाल कर रखेंगे।",
                "रजिस्ट्रेशन फीस {fee} रुपये।",
            ),
        },
        "cues": {
            "en": ("Free ticket and stay.", "Only girls.", "Send your photo on WhatsApp.", "Limited visas."),
            "hinglish": ("Photo bhejo WhatsApp pe.", "Sirf ladkiyan.", "Rehna khana free."),
            "hi": ("फोटो भेजें।", "सिर्फ लड़कियां।"),
        },
        "pay": {
            "en": ("Salary {salary_high} per month.", "Earn ₹{salary_high} monthly."),
            "hinglish": ("Salary {salary_high} mahina.",),
            "hi": ("वेतन {salary_high} रुपये महीना।",),
        },
        "contact": {
            "en": ("Contact {name} {phone}.", "WhatsApp only {phone}.", "Telegram @{handle} or {phone}."),
            "hinglish": ("{name} ji {phone}.", "Sirf WhatsApp {phone}."),
            "hi": ("संपर्क करें {name_hi} {phone}।", "व्हाट्सएप {phone}।"),
        },
    },
    "spa_exploit": {
        "intro": {
            "en": ("{business}, {place}, {city}.", "Best spa in {city}: {business}.", "{business} {city}, new staff."),
            "hinglish": ("{business} {city} mein.",),
            "hi": ("{business}, {city}।", "{city} का सबसे अच्छा स्पा: {business}।", "{business}, {place}, {city}।"),
        },
        "body": {
            "en": (
                "Body to body massage.",
                "Cross massage available.",
                "Massage by young girls.",
                "Full service, happy ending.",
                "Open 24x7.",
                "Hotel and home service available.",
                "New girls every week.",
                "Russian and Nepali girls.",
                "VIP service for gentlemen.",
                "Full night available.",
            ),
            "hinglish": (
                "Ladkiyon se massage.",
                "Full maza guaranteed.",
                "Din raat service.",
                "Hotel pe service milegi.",
                "Nayi ladkiyan aayi hain.",
                "Poori raat available.",
                "VIP service milegi.",
                "Cross massage bhi.",
                "Nepali ladkiyan bhi hain.",
            ),
            "hi": (
                "लड़कियों द्वारा मसाज।",
                "फुल सर्विस उपलब्ध।",
                "24 घंटे सेवा उपलब्ध।",
                "होटल सेवा उपलब्ध।",
                "नई लड़कियां आई हैं।",
                "पूरी रात उपलब्ध।",
                "नेपाली और रूसी लड़कियां।",
                "वीआईपी सेवा।",
                "घर पर भी सेवा।",
            ),
        },
        "cues": {
            "en": ("Genuine service.", "Privacy guaranteed.", "100% safe and secure."),
            "hinglish": ("Privacy guaranteed.",),
            "hi": ("पूरी प्राइवेसी।",),
        },
        "pay": {
            "en": ("Rates from Rs {price}.", "Session ₹{price}."),
            "hinglish": ("Rate {price} se.",),
            "hi": ("रेट {price} से।",),
        },
        "contact": {
            "en": ("Call {phone}.", "WhatsApp {phone}, no calls.", "Call or WhatsApp {name} {phone}."),
            "hinglish": ("WhatsApp karo {phone}.",),
            "hi": ("कॉल करें {phone}।",),
        },
    },
    "youth": {
        "intro": {
            "en": (
                "Fresh college girls available in {city}.",
                "New young models in {city}, {business}.",
                "Independent girls {city}, new faces.",
            ),
            "hinglish": ("{city} mein nayi ladkiyan available.", "College ki ladkiyan {city} mein."),
            "hi": ("{city} में कॉलेज की लड़कियां उपलब्ध।", "{city} में नई लड़कियां।"),
        },
        "body": {
            "en": (
                "Just arrived.",
                "18 year old girls.",
                "Hotel service.",
                "Full night.",
                "Incall and outcall.",
                "Real photos.",
                "Friendship and more.",
            ),
            "hinglish": ("Abhi abhi aayi hain.", "Hotel pe aayengi.", "Poori raat."),
            "hi": ("अभी आई हैं।", "होटल में आएंगी।", "पूरी रात।"),
        },
        "cues": {
            "en": ("Safe and secure.", "Cash payment.", "100% genuine."),
            "hinglish": ("Cash payment.",),
            "hi": ("नकद भुगतान।",),
        },
        "pay": {
            "en": ("Starting {price}.",),
            "hinglish": ("Rate {price}.",),
            "hi": ("रेट {price}।",),
        },
        "contact": {
            "en": ("WhatsApp {phone}.", "Telegram @{handle}.", "Call {name} {phone}."),
            "hinglish": ("WhatsApp karo {phone}.",),
            "hi": ("व्हाट्सएप {phone}।",),
        },
    },
}

# Each advertiser's own way of writing: every word or phrase here is written, in all its ads, in one of these
# forms, chosen once per advertiser (so two advertisers who pick the same sentences still differ somewhat).
VOICE: Final[dict[str, dict[str, Sequence[str]]]] = {
    "en": {
        "girls": ("girls", "ladies", "gals"), "available": ("available", "avl", "availble"),
        "Call": ("Call", "Ring", "Phone"),
        "WhatsApp": ("WhatsApp", "Whatsapp", "WA"), "required": ("required", "reqd", "needed"),
        "needed": ("needed", "required", "wanted"),
        "per month": ("per month", "p.m.", "/month", "monthly"), "Contact": ("Contact", "Contact:", "Reach"),
        "Salary": ("Salary", "Pay", "Wages"), "immediately": ("immediately", "now", "asap"),
        "work": ("work", "job", "duty"),
        "hotel": ("hotel", "hotels", "guest house"), "Urgent": ("Urgent", "URGENT", "Very urgent"),
        "and": ("and", "&", "n"),
        "for": ("for", "4"), "new": ("new", "latest"), "staff": ("staff", "workers", "people"),
    },
    "hinglish": {
        "ladkiyan": ("ladkiyan", "larkiyan", "ladkiya"), "chahiye": ("chahiye", "chaiye", "chahie"),
        "karo": ("karo", "kro", "karein"),
        "mein": ("mein", "me", "main"), "hain": ("hain", "h", "hai"), "milegi": ("milegi", "milengi", "mil jayegi"),
        "milega": ("milega", "milta hai", "mil jayega"), "kaam": ("kaam", "kam", "naukri"),
        "jaldi": ("jaldi", "jldi", "turant"),
        "Call": ("Call", "Phone", "Call karo"), "available": ("available", "avl", "milengi"),
        "salary": ("salary", "tankhwah", "pagar"),
    },
    "hi": {
        "लड़कियां": ("लड़कियां", "लड़कियाँ", "लडकियां", "युवतियां"), "उपलब्ध": ("उपलब्ध", "मौजूद"),
        "चाहिए": ("चाहिए", "चाहिये"),
        "संपर्क करें": ("संपर्क करें", "संपर्क कीजिए", "बात करें"), "वेतन": ("वेतन", "तनख्वाह", "पगार"),
        "काम": ("काम", "नौकरी"),
        "तुरंत": ("तुरंत", "फौरन", "जल्दी"), "कॉल करें": ("कॉल करें", "फोन करें"), "मिलेगा": ("मिलेगा", "मिलता है"),
    },
}  # fmt: skip

# How many sentences of each kind an advertiser's template takes.
PARTS: Final = {"intro": (1, 1), "body": (1, 3), "cues": (0, 2), "pay": (0, 1), "contact": (1, 1)}


# --- phones ----------------------------------------------------------------------------------------------------

EN_DIGITS: Final = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
HINGLISH_DIGITS: Final = ("shunya", "ek", "do", "teen", "char", "paanch", "chhe", "saat", "aath", "nau")
HI_DIGITS: Final = ("शून्य", "एक", "दो", "तीन", "चार", "पांच", "छह", "सात", "आठ", "नौ")
DEVANAGARI_DIGITS: Final = "०१२३४५६७८९"
PHONE_STYLES: Final = (
    "plain", "spaced", "plus91", "plus91_dash", "dotted", "zero", "dash334", "devanagari", "english_words",
    "mixed_words", "hinglish_words", "hindi_words", "keycap", "letter_o", "double", "brackets",
)  # fmt: skip


def fictional_phone(rng: random.Random, used: set[str] | None = None) -> str:
    """A number of the fictional form D000NNNNNN (see the module doc), not in ``used`` (which it joins)."""
    while True:
        number = f"{rng.choice('6789')}000{rng.randrange(1_000_000):06d}"
        if used is None or number not in used:
            break
    if used is not None:
        used.add(number)
    return number


def render_phone(number: str, style: str, rng: random.Random) -> str:
    """``number`` written the way ``style`` writes it."""
    a, b = number[:5], number[5:]
    if style == "spaced":
        return f"{a} {b}"
    if style == "plus91":
        return f"+91 {a} {b}"
    if style == "plus91_dash":
        return f"+91-{a}-{b}"
    if style == "dotted":
        return f"{a}.{b}"
    if style == "zero":
        return f"0{number}"
    if style == "dash334":
        return f"{number[:3]}-{number[3:6]}-{number[6:]}"
    if style == "devanagari":
        return "".join(DEVANAGARI_DIGITS[int(d)] for d in a) + " " + "".join(DEVANAGARI_DIGITS[int(d)] for d in b)
    if style == "english_words":
        return " ".join(EN_DIGITS[int(d)] for d in number)
    if style == "mixed_words":
        return "".join(EN_DIGITS[int(d)] if i % 2 == 0 else d for i, d in enumerate(number))
    if style == "hinglish_words":
        return " ".join(HINGLISH_DIGITS[int(d)] for d in number)
    if style == "hindi_words":
        return " ".join(HI_DIGITS[int(d)] for d in number)
    if style == "keycap":
        return "".join(f"{d}\ufe0f\u20e3" for d in number)
    if style == "letter_o":
        return number.replace("0", "O")
    if style == "double":
        out, i = [], 0
        while i < len(number):
            run = 1
            while i + run < len(number) and number[i + run] == number[i] and run < 3:
                run += 1
            word = EN_DIGITS[int(number[i])]
            out.append({1: word, 2: f"double {word}", 3: f"triple {word}"}[run])
            i += run
        return " ".join(out)
    if style == "brackets":
        return f"(+91) {a}-{b}"
    return number


# --- advertisers and ads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticAd:
    ad: Ad
    is_risky: bool
    category: str
    advertiser: str
    phones: tuple[str, ...]
    language: str


@dataclass
class _Advertiser:
    id: str
    category: str
    language: str
    size: int
    template: list[tuple[str, str]]  # (part, sentence)
    businesses: list[str]
    contacts: list[str]
    phones: list[str]
    fresh_number_each_ad: bool
    cities: list[str]
    phone_styles: list[str]
    start: datetime.date
    span_days: int
    handle: str
    lic: str
    ra: str
    gst: str
    abroad: str
    scam: str
    place: str
    mailbox: str
    signature: dict[str, str]
    voice: dict[str, str]


def _unique(used: set[str], make: Callable[[], str]) -> str:
    """A handle or mailbox no other advertiser of the set has (identifiers never collide by accident)."""
    while (value := make()) in used:
        pass
    used.add(value)
    return value


def _size(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.55:
        return 1
    if roll < 0.8:
        return rng.randint(2, 6)
    if roll < 0.95:
        return rng.randint(7, 40)
    return rng.randint(41, 250)


def _language(rng: random.Random) -> str:
    return rng.choices([lang for lang, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]


def _pick(rng: random.Random, pool: Sequence[str], low: int, high: int) -> list[str]:
    return rng.sample(list(pool), min(len(pool), rng.randint(low, high)))


def _advertiser(number: int, rng: random.Random, start: datetime.date, days: int, used: set[str]) -> _Advertiser:
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    language = _language(rng)
    pools = POOLS[category]
    template: list[tuple[str, str]] = []
    for part, (low, high) in PARTS.items():
        for sentence in _pick(rng, pools[part][language], low, high):
            template.append((part, sentence))
    size = _size(rng)
    risky = category in POSITIVE
    if rng.random() < (0.4 if risky else 0.7):
        template.insert(rng.randint(1, len(template)), ("signature", rng.choice(SIGNATURES[language])))
    signature = {
        "landmark": rng.choice(LANDMARKS), "landmark_hi": rng.choice(LANDMARKS_HI),
        "year": str(rng.randint(1990, 2024)), "tagline_a": rng.choice(TAGLINES[0]),
        "tagline_b": rng.choice(TAGLINES[1]), "tagline_c": rng.choice(TAGLINES[2]),
    }  # fmt: skip
    businesses = [f"{rng.choice(PREFIXES)} {rng.choice(MIDDLES)} {rng.choice(SUFFIXES[category])}"
                  for _ in range(rng.randint(1, 3) if risky and size > 5 else 1)]  # fmt: skip
    contacts = rng.sample(CONTACTS, rng.randint(1, 4 if risky else 2))
    phones = [fictional_phone(rng, used) for _ in range(rng.randint(1, 6 if risky else 2))]
    cities = rng.sample(CITIES, rng.randint(1, 5 if risky else 2))
    obfuscating = risky and rng.random() < 0.7
    styles = rng.sample(PHONE_STYLES[8:], 2) if obfuscating else rng.sample(PHONE_STYLES[:8], 2)
    if language == "hi" and rng.random() < 0.5:
        styles.append("devanagari" if rng.random() < 0.6 else "hindi_words")
    if language == "hinglish" and obfuscating and rng.random() < 0.5:
        styles.append("hinglish_words")
    span = rng.randint(1, days) if size > 1 else 1
    begin = start + datetime.timedelta(days=rng.randrange(max(1, days - span + 1)))
    kind = rng.choice(("vip", "hot", "new", "job", "work", "spa", "fresh"))
    handle = _unique(used, lambda: f"{kind}_{rng.choice(MIDDLES).lower()}{rng.randint(10, 9999)}")
    return _Advertiser(
        id=f"adv{number:05d}",
        category=category,
        language=language,
        size=size,
        template=template,
        businesses=businesses,
        contacts=contacts,
        phones=phones,
        fresh_number_each_ad=risky and size > 3 and rng.random() < 0.33,
        cities=cities,
        phone_styles=styles,
        start=begin,
        span_days=span,
        handle=handle,
        lic=f"{rng.choice(('DL', 'MH', 'KA', 'WB', 'BR'))}/PPA/{rng.randint(2015, 2025)}/{rng.randint(100, 9999)}",
        ra=f"B-{rng.randint(100, 3999):04d}/{rng.choice(('DEL', 'MUM', 'CHE', 'KOL'))}/PER/1000+/5/"
        f"{rng.randint(1000, 9999)}/{rng.randint(2015, 2025)}",
        gst=f"{rng.randint(1, 35):02d}AB{rng.choice('CDEFGH')}DE{rng.randint(1000, 9999)}F1Z{rng.randint(1, 9)}",
        abroad=rng.choice(ABROAD),
        scam=rng.choice(SCAM_COUNTRIES),
        place=f"{rng.choice(LOCALITY_NAMES)} {rng.choice(LOCALITIES)}",
        mailbox=_unique(used, lambda: f"{rng.choice(MIDDLES).lower()}{rng.randint(1, 9999)}"),
        signature=signature,
        voice={word: rng.choice(forms) for word, forms in VOICE[language].items() if rng.random() < 0.6},
    )  # fmt: skip


def _render(
    adv: _Advertiser, k: int, rng: random.Random, used: set[str]
) -> tuple[str, tuple[str, ...], datetime.date, str]:
    position = k / max(1, adv.size - 1) if adv.size > 1 else 0.0
    day = adv.start + datetime.timedelta(days=int(position * (adv.span_days - 1)) if adv.span_days > 1 else 0)
    city = adv.cities[min(len(adv.cities) - 1, int(position * len(adv.cities)))]
    if adv.fresh_number_each_ad:
        phones = [fictional_phone(rng, used)]
    else:
        slot = min(len(adv.phones) - 1, int(position * len(adv.phones)))
        phones = [adv.phones[slot]]
        if rng.random() < 0.15 and len(adv.phones) > 1:
            phones.append(adv.phones[(slot + 1) % len(adv.phones)])
    lo = rng.randint(12, 16)
    values = {
        "city": CITIES_HI.get(city, city) if adv.language == "hi" and rng.random() < 0.8 else city,
        "business": rng.choice(adv.businesses),
        "name": rng.choice(adv.contacts),
        "name_hi": rng.choice(CONTACTS_HI),
        "role": rng.choice(ROLES[adv.category]),
        "salary": f"{rng.randint(9, 35) * 1000}",
        "salary2": f"{rng.randint(36, 60) * 1000}",
        "salary_low": f"{rng.randint(3, 8) * 1000}",
        "salary_high": f"{rng.randint(40, 120) * 1000}",
        "fee": f"{rng.choice((5, 10, 15, 20, 25, 30, 50)) * 1000}",
        "advance": f"{rng.randint(5, 50) * 1000}",
        "price": f"{rng.choice((999, 1499, 1999, 2500, 3000, 5000))}",
        "lo": str(lo),
        "hi": str(lo + rng.randint(1, 3)),
        "abroad": adv.abroad,
        "abroad_hi": ABROAD_HI.get(adv.abroad, adv.abroad),
        "scam": adv.scam,
        "place": adv.place,
        "lic": adv.lic,
        "ra": adv.ra,
        "gst": adv.gst,
        "handle": adv.handle,
        "mailbox": adv.mailbox,
        "date": f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-2026",
        "pin": f"{rng.randint(110001, 851000)}",
        **adv.signature,
    }
    sentences = []
    for part, sentence in adv.template:
        if part not in ("intro", "contact", "signature") and rng.random() < 0.12:
            continue
        text = _voiced(sentence, adv.voice)
        if "{phone}" in text:
            text = text.replace(
                "{phone}", " / ".join(render_phone(p, rng.choice(adv.phone_styles), rng) for p in phones)
            )
        sentences.append(text.format(**values))
    if len(sentences) > 3 and rng.random() < 0.1:
        i = rng.randrange(1, len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    if rng.random() < 0.7:
        language = adv.language if rng.random() < 0.8 else "en"
        for phrase in rng.sample(list(STOCK[language]), rng.randint(1, 3)):
            sentences.insert(rng.randint(0, len(sentences)), phrase)
    if rng.random() < 0.1:
        sentences.append(rng.choice(("Childline 1098.", "Helpline 1098 for children.", "Emergency 112.")))
    if rng.random() < 0.15:
        sentences.insert(0, rng.choice(("🔥", "✅", "⭐", "💯", "👉", "🙏")))
    text = " ".join(sentences)
    if rng.random() < 0.05:
        text = text.upper()
    has_phone = any("{phone}" in s for _, s in adv.template)
    return text, tuple(dict.fromkeys(phones)) if has_phone else (), day, city


def _voiced(sentence: str, voice: dict[str, str]) -> str:
    for word, form in voice.items():
        if word in sentence:
            sentence = re.sub(rf"(?<![\w{{]){re.escape(word)}(?![\w}}])", form, sentence)
    return sentence


def generate(count: int, *, seed: int = 7, start: datetime.date | None = None, days: int = 300) -> list[SyntheticAd]:
    """``count`` fictional ads (the last advertiser is cut short), in order of posting date."""
    rng = random.Random(seed)  # noqa: S311 - fictional data, not security
    start = start or datetime.date(2026, 1, 1)
    result: list[SyntheticAd] = []
    number = 0
    used: set[str] = set()
    while len(result) < count:
        adv = _advertiser(number, rng, start, days, used)
        number += 1
        for k in range(min(adv.size, count - len(result))):
            text, phones, day, city = _render(adv, k, rng, used)
            ad = Ad(id=f"{adv.id}-{k:03d}", source=rng.choice(("classifieds", "jobportal", "social", "channel")),
                    posted_at=day, city=city, text=text)  # fmt: skip
            risky = adv.category in POSITIVE
            result.append(SyntheticAd(ad, risky, adv.category, adv.id, phones, adv.language))
    rng.shuffle(result)
    result.sort(key=lambda s: s.ad.posted_at or start)
    return result
