"""The Hindi catalogue: complete, compiled from the committed .po, and faithful to every placeholder.

After adding strings, refresh it from /work/main/picket with
``picket makemessages -l hi --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete``,
translate the new entries, then run ``picket compilemessages -l hi`` and commit both files.
"""

import re

import polib
from django.utils import translation

from picket.paths import PACKAGE_DIR

LC_MESSAGES = PACKAGE_DIR / "locale" / "hi" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def _po():
    return polib.pofile(str(PO_PATH))


def _live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def _describe(entry):
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"{entry.msgid!r}{context}"


def _pairs(catalogue):
    """msgid → translation(s), keyed so that contexts and plurals cannot collide."""
    pairs = {}
    for entry in _live_entries(catalogue):
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            pairs[key] = tuple(sorted(entry.msgstr_plural.items()))
        else:
            pairs[key] = entry.msgstr
    return pairs


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_the_catalogue_and_its_compiled_form_are_committed():
    assert PO_PATH.is_file(), f"{PO_PATH} is missing: run makemessages -l hi"
    assert MO_PATH.is_file(), f"{MO_PATH} is missing: run compilemessages -l hi"


def test_the_header_names_hindi_and_is_not_fuzzy():
    catalogue = _po()
    assert not catalogue.metadata_is_fuzzy, "the .po header is marked fuzzy"
    assert catalogue.metadata.get("Language") == "hi"
    assert catalogue.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert catalogue.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _live_entries(_po())
    assert entries, "the Hindi catalogue has no entries"
    untranslated = [_describe(entry) for entry in entries if not all(_translations(entry))]
    fuzzy = [_describe(entry) for entry in entries if "fuzzy" in entry.flags]
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated msgid(s):\n" + "\n".join(untranslated))
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy msgid(s), review and clear the flag:\n" + "\n".join(fuzzy))
    assert not problems, "\n".join(problems)


def test_the_mo_was_compiled_from_the_po():
    po_pairs = _pairs(_po())
    mo_pairs = _pairs(polib.mofile(str(MO_PATH)))
    only_in_po = [repr(key[1]) for key in po_pairs.keys() - mo_pairs.keys()]
    only_in_mo = [repr(key[1]) for key in mo_pairs.keys() - po_pairs.keys()]
    differing = [repr(key[1]) for key in po_pairs.keys() & mo_pairs.keys() if po_pairs[key] != mo_pairs[key]]
    problems = []
    if only_in_po:
        problems.append("in the .po but not the .mo:\n" + "\n".join(sorted(only_in_po)))
    if only_in_mo:
        problems.append("in the .mo but not the .po:\n" + "\n".join(sorted(only_in_mo)))
    if differing:
        problems.append("translated differently in the .po and the .mo:\n" + "\n".join(sorted(differing)))
    assert not problems, "the .mo is stale; run compilemessages -l hi.\n" + "\n".join(problems)


def test_every_placeholder_is_kept():
    wrong = []
    for entry in _live_entries(_po()):
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = set().union(*(PLACEHOLDER.findall(source) for source in sources))
        for translated in _translations(entry):
            found = set(PLACEHOLDER.findall(translated))
            if translated and found != expected:
                wrong.append(
                    f"{_describe(entry)}: missing {sorted(expected - found)}, unexpected {sorted(found - expected)}"
                )
    assert not wrong, f"{len(wrong)} translation(s) with wrong placeholders:\n" + "\n".join(wrong)


def test_django_serves_the_hindi_catalogue():
    with translation.override("hi"):
        assert translation.gettext("Sign in") == "साइन इन करें"
        assert translation.gettext("Child Welfare Committee (CWC)") == "बाल कल्याण समिति (CWC)"
        assert translation.gettext("Welcome, %(name)s") % {"name": "Asha"} == "स्वागत है, Asha"
