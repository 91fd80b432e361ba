"""Build Picket's XLSForms (ODK Collect, KoboCollect, Enketo) from the definitions below.

    .venv/bin/python -m picket.intake.xlsforms.build   # writes picket_{tip,missing,found}.xlsx beside this file

Field names are the ones ``picket.intake.imports_odk`` reads; a test checks that the committed workbooks match
these definitions and that pyxform converts them. Labels are in English and Hindi.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).resolve().parent
VERSION = "2026120101"  # yyyymmddnn: raise it whenever a form changes, so that ODK Central takes the new version
EN, HI = "English (en)", "Hindi (hi)"
SURVEY_COLUMNS = [
    "type", "name", f"label::{EN}", f"label::{HI}", f"hint::{EN}", f"hint::{HI}", "required",
    f"required_message::{EN}", f"required_message::{HI}", "constraint", f"constraint_message::{EN}",
    f"constraint_message::{HI}", "relevant", "calculation", "appearance",
]  # fmt: skip
CHOICES_COLUMNS = ["list_name", "name", f"label::{EN}", f"label::{HI}"]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "allow_choice_duplicates"]

Text = tuple[str, str]  # (English, Hindi)
REQUIRED: Text = ("Please answer this question.", "कृपया इस प्रश्न का उत्तर दें।")
NOT_FUTURE = ". <= today()"
NOT_FUTURE_MESSAGE: Text = ("The date cannot be in the future.", "तारीख़ भविष्य की नहीं हो सकती।")
NAME_LENGTH = "string-length(.) <= 200"
NAME_LENGTH_MESSAGE: Text = ("At most 200 characters.", "अधिकतम 200 अक्षर।")
PHONE = r"regex(., '^\+?[0-9][0-9 -]{9,17}$')"
PHONE_MESSAGE: Text = ("A phone number has 10 digits (a country code may come first).",
                       "फ़ोन नंबर में 10 अंक होते हैं (पहले देश का कोड हो सकता है)।")  # fmt: skip
AGE = ". >= 0 and . <= 25"
AGE_MESSAGE: Text = ("An age between 0 and 25 years.", "आयु 0 से 25 वर्ष के बीच।")
LGD = ". >= 1 and . <= 99999"
LGD_MESSAGE: Text = ("An LGD district code is a number of up to 5 digits.", "LGD ज़िला कोड अधिकतम 5 अंकों की संख्या है।")


def q(
    kind: str, name: str, label: Text | None = None, *, hint: Text | None = None, required: str = "",
    constraint: str = "", message: Text | None = None, relevant: str = "", calculation: str = "", appearance: str = "",
) -> dict[str, str]:  # fmt: skip
    """One row of the survey sheet."""
    row = {"type": kind, "name": name, "required": required, "constraint": constraint, "relevant": relevant,
           "calculation": calculation, "appearance": appearance}  # fmt: skip
    for column, text in (("label", label), ("hint", hint), ("constraint_message", message)):
        if text:
            row[f"{column}::{EN}"], row[f"{column}::{HI}"] = text
    if required:
        row[f"required_message::{EN}"], row[f"required_message::{HI}"] = REQUIRED
    return row


def begin(name: str, label: Text, relevant: str = "") -> dict[str, str]:
    return q("begin_group", name, label, relevant=relevant, appearance="field-list")


def end(name: str) -> dict[str, str]:
    return {"type": "end_group", "name": name}


def form_marker(form: str) -> dict[str, str]:
    """Every submission says which Picket form it comes from, whatever the export keeps of the form id."""
    return q("calculate", "picket_form", calculation=f"'{form}'")


def where(prefix: str = "", *, required: str = "yes") -> list[dict[str, str]]:
    lgd_hint: Text = (
        "The district's code in the Local Government Directory, if you know it; it is surer than the name.",
        "स्थानीय शासन निर्देशिका (LGD) में ज़िले का कोड, यदि आपको पता हो; यह नाम से अधिक पक्का है।",
    )
    return [
        q("text", f"{prefix}state", ("State", "राज्य"), required=required),
        q("text", f"{prefix}district", ("District", "ज़िला"), required=required,
          hint=("As written in the LGD list, e.g. Muzaffarpur.", "जैसा LGD सूची में लिखा है, जैसे मुज़फ़्फ़रपुर।")),
        q("integer", f"{prefix}district_lgd", ("District LGD code", "ज़िले का LGD कोड"), hint=lgd_hint,
          constraint=LGD, message=LGD_MESSAGE),
    ]  # fmt: skip


def child_questions(*, found: bool) -> list[dict[str, str]]:
    name_hint: Text = (
        ("As the child says it; a nickname or first name is fine. Write 'Unknown' if the child cannot say.",
         "जैसा बच्चा बताए; उपनाम या पहला नाम भी चलेगा। बच्चा न बता सके तो 'Unknown' लिखें।")
        if found else ("As the family writes it, in Hindi or English.", "जैसा परिवार लिखता है, हिंदी या अंग्रेज़ी में।")
    )  # fmt: skip
    rows = [
        begin("child", ("The child", "बच्चा")),
        q("text", "child_name", ("Child's name", "बच्चे का नाम"), hint=name_hint, required="yes",
          constraint=NAME_LENGTH, message=NAME_LENGTH_MESSAGE),
        q("select_one gender", "gender", ("Gender", "लिंग")),
        q("integer", "age", ("Age (years)" if not found else "Age (years, estimate)",
                             "आयु (वर्ष)" if not found else "आयु (वर्ष, अनुमान)"),
          constraint=AGE, message=AGE_MESSAGE),
    ]  # fmt: skip
    if not found:
        rows.append(q("date", "date_of_birth", ("Date of birth, if known", "जन्म तिथि, यदि पता हो"),
                      constraint=NOT_FUTURE, message=("The date of birth cannot be in the future.",
                                                      "जन्म तिथि भविष्य की नहीं हो सकती।")))  # fmt: skip
    rows += [
        q("text", "language", ("Language the child speaks", "बच्चा कौन-सी भाषा बोलता है")),
        q("text", "marks", ("Identifying marks", "पहचान के निशान"), appearance="multiline",
          hint=("Scars, birthmarks, clothes when last seen.", "चोट के निशान, जन्म-चिह्न, अंतिम बार पहने कपड़े।")),
        end("child"),
    ]  # fmt: skip
    return rows


TIP = [
    form_marker("tip"),
    begin("where", ("Where", "कहाँ")),
    *where(),
    q("text", "place", ("Place (village, town, station, landmark)", "स्थान (गाँव, शहर, स्टेशन, पहचान की जगह)")),
    q("text", "establishment", ("Establishment, if known (hotel, factory, brick kiln…)",
                                "प्रतिष्ठान, यदि पता हो (होटल, कारख़ाना, ईंट-भट्ठा…)")),
    end("where"),
    begin("what", ("What happened", "क्या हुआ")),
    q("text", "what_seen", ("What was seen or heard", "क्या देखा या सुना गया"), appearance="multiline", required="yes",
      constraint="string-length(.) >= 10 and string-length(.) <= 5000",
      message=("Say a little more (10 to 5000 characters).", "थोड़ा और बताएँ (10 से 5000 अक्षर)।")),
    q("date", "occurred_on", ("When", "कब"), constraint=NOT_FUTURE, message=NOT_FUTURE_MESSAGE),
    q("integer", "children_involved", ("Children involved", "कितने बच्चे"), constraint=". >= 1 and . <= 500",
      message=("A number between 1 and 500.", "1 से 500 के बीच की संख्या।")),
    q("select_one urgency", "urgency", ("Urgency", "तात्कालिकता"), required="yes",
      hint=("Imminent danger alerts the district coordinators at once.",
            "तत्काल ख़तरा चुनने पर ज़िला समन्वयकों को तुरंत सूचना जाती है।")),
    q("text", "contact", ("Contact of the person who told you (optional)", "बताने वाले का संपर्क (वैकल्पिक)"),
      constraint="string-length(.) <= 200", message=("At most 200 characters.", "अधिकतम 200 अक्षर।")),
    end("what"),
]  # fmt: skip

MISSING = [
    form_marker("missing"),
    *child_questions(found=False),
    begin("family", ("Family and who reports", "परिवार और सूचना देने वाला")),
    q("select_one relation", "reporter_relation", ("Who reports the child missing?", "गुमशुदगी की सूचना कौन दे रहा है?"),
      required="yes"),
    q("text", "father_name", ("Father's name", "पिता का नाम"), required="${reporter_relation} = 'father'",
      constraint=NAME_LENGTH, message=NAME_LENGTH_MESSAGE),
    q("text", "mother_name", ("Mother's name", "माता का नाम"), required="${reporter_relation} = 'mother'",
      constraint=NAME_LENGTH, message=NAME_LENGTH_MESSAGE),
    q("text", "reporter_name", ("Name of the person reporting", "सूचना देने वाले का नाम"), required="yes",
      relevant="${reporter_relation} != 'father' and ${reporter_relation} != 'mother'",
      constraint=NAME_LENGTH, message=NAME_LENGTH_MESSAGE),
    q("text", "reporter_phone", ("Phone of the person reporting", "सूचना देने वाले का फ़ोन"), appearance="numbers",
      constraint=PHONE, message=PHONE_MESSAGE),
    end("family"),
    begin("last_seen", ("Last seen", "अंतिम बार देखा गया")),
    q("date", "last_seen_on", ("Last seen on", "अंतिम बार कब देखा गया"), required="yes",
      constraint=f"{NOT_FUTURE} and (${{date_of_birth}} = '' or . >= ${{date_of_birth}})",
      message=("Not in the future, and not before the date of birth.", "न भविष्य की, न जन्म तिथि से पहले की।")),
    *where(),
    q("text", "last_seen_place", ("Place last seen", "अंतिम बार कहाँ देखा गया")),
    q("text", "circumstances", ("Circumstances", "परिस्थितियाँ"), appearance="multiline",
      hint=("Who was with the child, promises of work or marriage, travel.",
            "बच्चे के साथ कौन था, काम या शादी का वादा, यात्रा।")),
    end("last_seen"),
    begin("police", ("Police", "पुलिस")),
    q("select_one yes_no", "reported_to_police", ("Reported to the police?", "क्या पुलिस को सूचना दी गई?"),
      required="yes"),
    q("select_one report_kind", "police_report_kind", ("FIR or GD entry", "FIR या GD प्रविष्टि"), required="yes",
      relevant="${reported_to_police} = 'yes'"),
    q("text", "police_report_number", ("FIR or GD number", "FIR या GD संख्या"), relevant="${reported_to_police} = 'yes'",
      constraint="string-length(.) <= 40", message=("At most 40 characters.", "अधिकतम 40 अक्षर।")),
    q("date", "police_report_date", ("Date of the FIR or GD", "FIR या GD की तारीख़"),
      relevant="${reported_to_police} = 'yes'", constraint=f"{NOT_FUTURE} and . >= ${{last_seen_on}}",
      message=("Not in the future, and not before the child was last seen.",
               "न भविष्य की, न बच्चे को अंतिम बार देखे जाने से पहले की।")),
    q("text", "police_station_name", ("Police station", "थाना"), relevant="${reported_to_police} = 'yes'"),
    end("police"),
]  # fmt: skip

FOUND = [
    form_marker("found"),
    begin("found", ("Found or rescued", "मिला या छुड़ाया गया")),
    q("date", "found_on", ("Found on", "किस तारीख़ को मिला"), required="yes", constraint=NOT_FUTURE,
      message=NOT_FUTURE_MESSAGE),
    q("time", "found_time", ("At what time (if known)", "किस समय (यदि पता हो)"),
      hint=("The child must be produced before the CWC within 24 hours.",
            "बच्चे को 24 घंटे के भीतर बाल कल्याण समिति (CWC) के सामने पेश करना ज़रूरी है।")),
    q("select_one how", "how", ("How", "कैसे"), required="yes"),
    *where(),
    q("text", "found_place", ("Place", "स्थान")),
    end("found"),
    *child_questions(found=True),
    begin("home", ("What the child says of home", "बच्चा घर के बारे में क्या बताता है")),
    *where("home_", required=""),
    q("text", "home_locality", ("Village or locality", "गाँव या मोहल्ला")),
    q("text", "father_name", ("Father's name", "पिता का नाम"), constraint=NAME_LENGTH, message=NAME_LENGTH_MESSAGE),
    q("text", "mother_name", ("Mother's name", "माता का नाम"), constraint=NAME_LENGTH, message=NAME_LENGTH_MESSAGE),
    q("text", "phone", ("A family phone number, if the child knows one", "परिवार का फ़ोन नंबर, यदि बच्चे को याद हो"),
      appearance="numbers", constraint=PHONE, message=PHONE_MESSAGE),
    end("home"),
]  # fmt: skip

CHOICES: dict[str, list[tuple[str, str, str]]] = {
    "gender": [("F", "Female", "लड़की"), ("M", "Male", "लड़का"), ("X", "Other", "अन्य")],
    "urgency": [("low", "Low", "कम"), ("normal", "Normal", "सामान्य"), ("high", "High", "अधिक"),
                ("imminent", "Imminent danger", "तत्काल ख़तरा")],
    "relation": [("mother", "Mother", "माता"), ("father", "Father", "पिता"), ("guardian", "Guardian", "अभिभावक"),
                 ("sibling", "Sibling", "भाई या बहन"), ("grandparent", "Grandparent", "दादा-दादी या नाना-नानी"),
                 ("other_relative", "Other relative", "अन्य रिश्तेदार")],
    "yes_no": [("yes", "Yes", "हाँ"), ("no", "No", "नहीं")],
    "report_kind": [("fir", "FIR", "FIR (प्राथमिकी)"), ("gd", "General Diary (GD) entry", "सामान्य डायरी (GD) प्रविष्टि")],
    "how": [("rescue", "Rescue operation", "छापा / बचाव अभियान"), ("railway", "Railway station (RPF / GRP)",
             "रेलवे स्टेशन (RPF / GRP)"), ("helpline", "Helpline", "हेल्पलाइन"), ("walk_in", "Walk-in", "स्वयं आया"),
            ("street", "Found on the street", "सड़क पर मिला"), ("other", "Other", "अन्य")],
}  # fmt: skip

FORMS: dict[str, dict[str, Any]] = {
    "picket_tip": {"title": "Picket: tip or helpline call", "survey": TIP, "lists": ["urgency"]},
    "picket_missing": {"title": "Picket: missing child", "survey": MISSING,
                       "lists": ["gender", "relation", "yes_no", "report_kind"]},
    "picket_found": {"title": "Picket: found or rescued child", "survey": FOUND, "lists": ["gender", "how"]},
}  # fmt: skip


def sheets(form_id: str) -> dict[str, list[list[str]]]:
    """The three sheets of one form, as rows of cells (header first)."""
    form = FORMS[form_id]
    survey = [[row.get(column, "") for column in SURVEY_COLUMNS] for row in form["survey"]]
    choices = [[name, *choice] for name in form["lists"] for choice in CHOICES[name]]
    settings = [[form["title"], form_id, VERSION, EN, "no"]]
    return {"survey": [SURVEY_COLUMNS, *survey], "choices": [CHOICES_COLUMNS, *choices],
            "settings": [SETTINGS_COLUMNS, *settings]}  # fmt: skip


def write(form_id: str, directory: Path = HERE) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets(form_id).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    fixed = datetime.datetime(2026, 1, 1)  # workbook metadata, for stable output
    workbook.properties.created = workbook.properties.modified = fixed
    path = directory / f"{form_id}.xlsx"
    workbook.save(path)
    return path


def main() -> None:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for form_id in FORMS:
        print(write(form_id, directory))


if __name__ == "__main__":
    main()
