"""The loader: file types by header, row validation with file and line, user files adding and overriding."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.kb import KnowledgeBase
from eventwire.kb.loader import read_rows


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(*paths: Path) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        KnowledgeBase.load(list(paths))
    return info.value


# ---- recognising file types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("iso3,iso2,name,aliases", "countries"),
        ("text,iso3,sector", "metonyms"),
        ("title,sector,kind,role,country", "titles"),
        ("title,sector", "titles"),
        ("key,name,code", "igos"),
        ("name,aliases,country,role,title,sector,start,end", "people"),
    ],
)
def test_file_type_is_recognised_by_header(header: str, kind: str) -> None:
    schema, _ = read_rows("x.csv", f"# a comment\n\n{header}\n")
    assert schema.kind == kind


def test_unknown_columns_name_the_file_and_header_line(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", "# mine\nname,colour\nBlinken,blue\n")
    err = load_error(path)
    assert err.path == str(path)
    assert err.line == 2
    assert "colour" in str(err) and "people" in str(err)


def test_extra_column_beside_a_known_type_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "title,sector,kind,mood\nsheriff,COP,person,calm\n")
    assert load_error(path).line == 1


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    err = load_error(write(tmp_path, "empty.csv", "# only a comment\n\n"))
    assert err.line is None and "header" in str(err)


# ---- malformed rows ---------------------------------------------------------------------------------

TITLES = "title,sector,kind,role,country\n"
PEOPLE = "name,aliases,country,role,title,sector,start,end\n"


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("fields.csv", TITLES + "sheriff,COP,person,,\nwarden,COP,person\n", 3, "expected 5 fields"),
        ("sector.csv", TITLES + "# note\nsheriff,XYZ,person,,\n", 3, "'sector'"),
        ("kind.csv", TITLES + "sheriff,COP,crowd,,\n", 2, "'kind'"),
        ("role.csv", TITLES + "sheriff,COP,person,Head Of,\n", 2, "'role'"),
        ("dup.csv", TITLES + "sheriff,COP,person,,\nSheriff,COP,person,,\n", 3, "duplicate"),
        ("iso.csv", "iso3,iso2,name\nUS,US,Nowhere\n", 2, "'iso3'"),
        ("day.csv", PEOPLE + "Ann Example,,USA,head_of_state,President,GOV,2021-02-30,\n", 2, "real day"),
        (
            "order.csv",
            PEOPLE + "Ann Example,,USA,head_of_state,President,GOV,2021-02-01,2020-01-01\n",
            2,
            "before",
        ),
        ("start.csv", PEOPLE + "Ann Example,,USA,head_of_state,President,GOV,,\n", 2, "'start'"),
        ("code.csv", "key,name,code\nFOO,Foo Pact,IGOFO\n", 2, "'code'"),
    ],
)
def test_malformed_line_names_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, name, text)
    err = load_error(path)
    assert (err.path, err.line) == (str(path), line)
    assert words in str(err)
    assert f"{path}:{line}" in str(err)


def test_unknown_country_reference_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.csv",
        PEOPLE + "Ann Example,,USA,head_of_state,President,GOV,2020-01-01,\n"
        "Bo Example,,ZZZ,head_of_state,President,GOV,2020-01-01,\n",
    )
    err = load_error(path)
    assert (err.path, err.line) == (str(path), 3)
    assert "ZZZ" in str(err)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    assert "no such file" in str(load_error(tmp_path / "absent.csv"))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("title,sector\nm\xe9decin,HLH\n".encode("latin-1"))
    assert "UTF-8" in str(load_error(latin))


def test_quoted_cells_and_comments_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.csv",
        "iso3,iso2,name,capital,capital_aliases\n# a comment line\n"
        'ZZA,ZA,Zedland,"Port Zed, Upper","Zed City|Zed, Old Town"\n',
    )
    kb = KnowledgeBase.load([path], people=False)
    zed = kb.by_iso3("ZZA")
    assert zed is not None
    assert zed.capital == "Port Zed, Upper"
    assert zed.capital_aliases == ("Zed City", "Zed, Old Town")
    assert zed.cameo == "ZZA"  # defaults to iso3


# ---- user files add and override -------------------------------------------------------------------


def test_user_rows_add_to_the_packaged_ones(tmp_path: Path) -> None:
    titles = write(tmp_path, "titles.csv", TITLES + "harbour master,GOV,person,,\n")
    igos = write(
        tmp_path,
        "igos.csv",
        "key,name,aliases,code,kind,sector,country\nPACT,Pact of Examples,PoE,IGOPOE,organization,IGO,\n",
    )
    kb = KnowledgeBase.load([titles, igos])
    assert kb.title("Harbour-Master") is not None
    assert kb.title("harbour master").sector == "GOV"
    assert kb.igo("PoE") is not None and kb.igo("the Pact of Examples").code == "IGOPOE"
    assert kb.igo("NATO") is not None  # packaged rows are still there


def test_user_row_overrides_packaged_row_with_the_same_key(tmp_path: Path) -> None:
    titles = write(tmp_path, "titles.csv", TITLES + "spokesman,MED,person,,\n")
    kb = KnowledgeBase.load([titles])
    assert kb.title("spokesman").sector == "MED"
    assert len(kb.titles) == len(KnowledgeBase.load().titles)


def test_user_person_adds_and_overrides_a_term(tmp_path: Path) -> None:
    people = write(
        tmp_path,
        "people.csv",
        PEOPLE
        # same key (name, country, role, start) as the packaged row: the end date is replaced
        + "Antony Blinken,Tony Blinken,USA,foreign_minister,Secretary of State,GOV,2021-01-26,2024-12-31\n"
        + "Ann Example,,IND,head_of_state|head_of_government,Governor,GOV,2030-01-01,\n",
    )
    kb = KnowledgeBase.load([people])
    blinken = kb.people_named("Blinken")
    assert [p.end for p in blinken] == ["2024-12-31"]
    assert blinken[0].aliases == ("Tony Blinken",)
    assert kb.office_holder("USA", "foreign_minister", "2025-01-05") is None
    assert kb.office_holder("IND", "head_of_government", "2031").name == "Ann Example"
    assert {p.role for p in kb.people_named("Ann Example")} == {"head_of_state", "head_of_government"}


def test_user_alias_wins_over_a_packaged_alias(tmp_path: Path) -> None:
    # Someone whose corpus means the Republic of the Congo by "Congo" can say so.
    countries = write(tmp_path, "c.csv", "iso3,iso2,name,aliases\nCOG,CG,Republic of the Congo,Congo\n")
    assert KnowledgeBase.load().country("Congo").iso3 == "COD"
    assert KnowledgeBase.load([countries]).country("Congo").iso3 == "COG"


def test_later_user_file_wins_and_folders_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "a.csv", TITLES + "harbour master,GOV,person,,\n")
    write(folder, "b.csv", TITLES + "harbour master,BUS,person,,\n")
    kb = KnowledgeBase.load([folder])
    assert kb.title("harbour master").sector == "BUS"


def test_people_false_loads_no_people_even_from_user_files(tmp_path: Path) -> None:
    people = write(tmp_path, "p.csv", PEOPLE + "Ann Example,,IND,head_of_state,President,GOV,2030-01-01,\n")
    kb = KnowledgeBase.load([people], people=False)
    assert kb.people == ()
    assert kb.people_named("Blinken") == []
    assert kb.office_holder("USA", "foreign_minister", "2023-11-10") is None
    assert kb.country("India") is not None


def test_shared_and_surname_columns(tmp_path: Path) -> None:
    people = write(
        tmp_path,
        "p.csv",
        "name,country,role,start,end,shared,surname\n"
        "Ana Maria Lopez Garcia,ESP,head_of_state,2030-01-01,,,Lopez Garcia\n"
        "Bo Example,ESP,head_of_state,2030-02-01,2030-03-01,yes,\n"
        "Salim bin Example,ESP,defense_minister,2030-01-01,,,\n",
    )
    kb = KnowledgeBase.load([people])
    assert kb.people_named("Lopez Garcia")[0].name == "Ana Maria Lopez Garcia"
    assert kb.people_named("Garcia") == []
    assert kb.people_named("Example")[0].shared
    assert kb.people_named("Salim bin Example")[0].surname() == ""
    assert kb.people_named("Example", on="2030-02-15")[0].name == "Bo Example"
