"""The CAMEO table: codes, Goldstein scores, QuadClass and the PLOVER crosswalk."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.extract.cameo import CameoTable, default_cameo, quad_class

SHARED_ONTOLOGY = Path(__file__).resolve().parents[3] / "shared" / "data" / "ontology"
HEADER = "code,name,goldstein,plover_type,plover_mode,plover_context\n"


@pytest.fixture(scope="module")
def table() -> CameoTable:
    return default_cameo()


def test_every_code_and_root_is_there(table: CameoTable) -> None:
    assert len(table) == 311  # 291 event codes + 20 roots, 106 included
    roots = {code for code in table.codes() if len(code) == 2}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert table.codes()[:2] == ("01", "010")


def test_make_a_visit(table: CameoTable) -> None:
    visit = table.get("042")
    assert visit.name == "Make a visit"
    assert visit.goldstein == 1.9
    assert (visit.root, visit.quad_class) == ("04", 1)
    assert (visit.plover_type, visit.plover_mode, visit.plover_context) == ("CONSULT", "visit", ())


def test_fight_is_material_conflict(table: CameoTable) -> None:
    fight = table.get("190")
    assert fight.quad_class == 4
    assert fight.goldstein == -10.0
    assert fight.plover_context == ("military",)


def test_statements_and_appeals_have_no_plover(table: CameoTable) -> None:
    statement = table.get("010")
    assert (statement.plover_type, statement.plover_mode, statement.plover_context) == (None, None, ())
    for entry in table:
        if entry.root in ("01", "02"):
            assert entry.plover_type is None, entry.code
        else:
            assert entry.plover_type, f"{entry.code} has no PLOVER type"


def test_code_106_survives_the_glued_source_line(table: CameoTable) -> None:
    demand = table.get("106")
    assert demand.goldstein == -5.0
    assert demand.name == "Demand meeting, negotiation"
    assert table.get("1056").name == "Demand de-escalation of military engagement"


def test_multi_valued_plover_context(table: CameoTable) -> None:
    assert table.get("1124").plover_context == ("military", "legal")


def test_scores_and_quads_are_in_range(table: CameoTable) -> None:
    for entry in table:
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.quad_class == quad_class(entry.root)


@pytest.mark.parametrize(
    ("root", "quad"), [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4)]
)
def test_quad_class_boundaries(root: str, quad: int) -> None:
    assert quad_class(root) == quad


def test_quad_class_rejects_a_non_root() -> None:
    with pytest.raises(ValueError, match="21"):
        quad_class("21")


def test_unknown_code_is_a_clear_key_error(table: CameoTable) -> None:
    with pytest.raises(KeyError, match=r"'42'.*leading zeros"):
        table.get("42")
    assert "42" not in table
    assert "042" in table


def test_default_table_is_loaded_once() -> None:
    assert default_cameo() is default_cameo()


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("042,Make a visit,high,CONSULT,visit,\n", 2, "not a number"),
        ("042,Make a visit,1.9,CONSULT,visit\n", 2, "expected 6 columns"),
        ("042,Make a visit,1.9,,visit,\n", 2, "needs a PLOVER type"),
        ("42x,Make a visit,1.9,CONSULT,visit,\n", 2, "not a 2-4 digit"),
        ("210,Nothing,0.0,,,\n", 2, "not a CAMEO root"),
        ("042,Make a visit,1.9,CONSULT,visit,\n042,Again,1.9,CONSULT,visit,\n", 3, "duplicate code 042"),
    ],
)
def test_malformed_table_names_file_and_line(tmp_path: Path, body: str, line: int, reason: str) -> None:
    path = tmp_path / "cameo.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(DataFileError, match=reason) as info:
        CameoTable.load(path)
    assert info.value.path == str(path)
    assert info.value.line == line


def test_wrong_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cameo.csv"
    path.write_text("code,label,score\n042,Make a visit,1.9\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="header") as info:
        CameoTable.load(path)
    assert info.value.line == 1


@pytest.mark.shared
def test_agrees_with_the_gdelt_lookup_tables(table: CameoTable) -> None:
    """Names and scores match the GDELT tables, except the corrections docs/lexicon.md lists."""
    if not SHARED_ONTOLOGY.is_dir():
        pytest.skip(f"{SHARED_ONTOLOGY} is absent (it ships with the development checkout only)")
    scores = dict(
        line.split("\t")
        for line in (SHARED_ONTOLOGY / "CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]
    )
    for code, score in scores.items():
        assert table.get(code).goldstein == float(score), code
    names = (SHARED_ONTOLOGY / "CAMEO.eventcodes.txt").read_text(encoding="latin-1").splitlines()[1:]
    # GDELT's labels for these codes contradict the CAMEO codebook's own sub-codes (1051-1056
    # are the "yield" demands of 105), so the table follows the codebook there; the others
    # had typos or a broken character in the source.
    corrected = {"101", "105", "106", "107", "108", "031", "033", "0355", "044", "1454", "2041"}
    compared = 0
    for line in names:
        code, name = line.split("\t", 1)
        name = name.split("106:")[0]  # the 1056 line carries 106 glued to its end
        if code in corrected:
            continue
        assert " ".join(table.get(code).name.split()) == " ".join(name.split()), code
        compared += 1
    assert compared == 300
