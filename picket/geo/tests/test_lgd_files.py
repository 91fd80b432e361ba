import pytest

from picket.geo.lgd_files import LgdFileError, LgdKind, parse_lgd

STATES = (
    "S.No.,State Code,State Version,State Name,State Name,Census 2001 Code,Census 2011 Code,State or UT\n"
    "1,10,1,BIHAR,BIHAR,10,10,S\n"
    "2,7,1,DELHI,DELHI,07,07,U\n"
)
DISTRICTS = (
    '"State Code","State Name","District Code","District Name","Census 2001 Code","Census 2011 Code"\n'
    '10,"BIHAR",196,GAYA,35,236\n'
    '10,"BIHAR",745,"New District",,0\n'
)


def test_state_file_is_read_with_codes_names_and_union_territory_flag():
    parsed = parse_lgd("states.csv", STATES.encode())
    assert parsed.kind == LgdKind.STATE
    delhi = next(r for r in parsed.rows if r.lgd_code == 7)
    assert (delhi.name, delhi.census_2011_code, delhi.is_union_territory) == ("DELHI", "07", True)


def test_district_without_census_code_keeps_it_empty_rather_than_zero():
    parsed = parse_lgd("districts.csv", DISTRICTS.encode())
    assert parsed.kind == LgdKind.DISTRICT
    new = next(r for r in parsed.rows if r.lgd_code == 745)
    assert new.census_2011_code == "" and new.parent_code == 10


def test_headers_of_the_newer_official_export_are_recognised():
    data = "State LGD Code,District LGD Code,District Name (In English)\n10,196,Gaya\n"
    parsed = parse_lgd("official.csv", data.encode("utf-8-sig"))
    assert parsed.kind == LgdKind.DISTRICT and parsed.rows[0].name == "Gaya"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('"State Code","District Code","District Name"\n10,abc,Gaya\n', "row 2, column 'District Code'"),
        ('"State Code","District Code","District Name"\n10,196,\n', "row 2, column 'District Name': the name is empty"),
        ('"State Code","District Code","District Name"\n10,196,Gaya\n10,196,Gaya again\n', "row 3"),
        ('"Name","Value"\nGaya,1\n', "not an LGD"),
        ("S.No.,State Code\n1,10\n", "missing column(s) for a state file: State Name"),
        ('"District Code","District Name"\n196,Gaya\n', "missing column(s) for a district file: State Code"),
        ("", "the file is empty"),
        ('"State Code","District Code","District Name"\n', "no rows"),
        ('"State Code","District Code","District Name"\n10,196\n', "row 2: has 2 fields"),
        ("S.No.,State Code,State Name,State or UT\n1,10,BIHAR,X\n", "column 'State or UT': expected S or U"),
    ],
)
def test_malformed_files_are_refused_naming_row_and_column(content, expected):
    with pytest.raises(LgdFileError) as raised:
        parse_lgd("bad.csv", content.encode())
    assert expected in str(raised.value)
    assert str(raised.value).startswith("bad.csv")


def test_a_file_that_is_not_utf8_is_refused_with_the_line():
    data = '"State Code","District Code","District Name"\n10,196,G\xe4ya\n'.encode("latin-1")
    with pytest.raises(LgdFileError, match=r"not UTF-8 text .*line 2"):
        parse_lgd("latin.csv", data)
