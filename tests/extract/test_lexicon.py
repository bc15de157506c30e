"""The event lexicon: the packaged frames, their order, matching, and the loader's validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.extract.cameo import default_cameo
from eventwire.extract.lexicon import FRAMES_PATH, Frame, Lexicon, default_lexicon

HEADER = "trigger,pos,particle,object,cameo,source,target,note\n"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return default_lexicon()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the packaged data ---------------------------------------------------------------------


def test_packaged_lexicon_is_large(lexicon: Lexicon) -> None:
    assert len(lexicon) >= 300
    assert len(lexicon) == sum(1 for _ in lexicon)


def test_every_code_exists_and_is_not_a_root(lexicon: Lexicon) -> None:
    table = default_cameo()
    for frame in lexicon:
        assert frame.cameo in table, frame.rule
        assert not table.get(frame.cameo).is_root, frame.rule


def test_all_twenty_roots_are_covered(lexicon: Lexicon) -> None:
    roots = {default_cameo().get(frame.cameo).root for frame in lexicon}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_both_verbs_and_event_nouns_are_covered(lexicon: Lexicon) -> None:
    pos = [frame.pos for frame in lexicon]
    assert pos.count("VERB") > 300
    assert pos.count("NOUN") > 100
    for noun in ("talk", "visit", "invasion", "sanction", "protest", "ceasefire", "arrest", "threat"):
        assert lexicon.has_trigger(noun, "NOUN"), noun


def test_frame_lines_point_into_the_file(lexicon: Lexicon) -> None:
    lines = FRAMES_PATH.read_text(encoding="utf-8").splitlines()
    for frame in lexicon:
        assert frame.file == "frames.csv"
        assert lines[frame.line - 1].startswith(f"{frame.trigger},{frame.pos},"), frame.rule


def test_frames_are_most_specific_first(lexicon: Lexicon) -> None:
    for lemma, pos in lexicon.triggers():
        levels = [frame.specificity for frame in lexicon.frames(lemma, pos)]
        assert levels == sorted(levels), (lemma, pos)
    call = lexicon.frames("call", "VERB")
    assert call[0].particle is not None and call[0].objects is not None
    assert call[-1].particle is None and call[-1].objects is None


def test_unknown_trigger_has_no_frames(lexicon: Lexicon) -> None:
    assert lexicon.frames("photosynthesize", "VERB") == []
    assert not lexicon.has_trigger("photosynthesize", "VERB")
    assert not lexicon.has_trigger("meet", "NOUN")


def test_rule_names_file_line_and_key(lexicon: Lexicon) -> None:
    frame = next(f for f in lexicon.frames("hold", "VERB") if f.object_spec == "@MEETING")
    assert frame.rule == f"frames.csv:{frame.line} hold+@MEETING"
    assert frame.cameo == "040"
    assert frame.note


def test_object_classes(lexicon: Lexicon) -> None:
    assert "airstrike" in lexicon.object_class("ATTACK")
    assert lexicon.object_class("@MEETING") == lexicon.object_class("MEETING")
    assert "summit" in lexicon.object_class("MEETING")
    with pytest.raises(KeyError, match="NOPE"):
        lexicon.object_class("NOPE")


# ---- matching ------------------------------------------------------------------------------


def test_frame_matches_particle_and_object(lexicon: Lexicon) -> None:
    sign = next(f for f in lexicon.frames("sign", "VERB") if f.objects)
    assert sign.matches(None, "treaty")
    assert sign.matches(None, "Treaty")
    assert not sign.matches(None, "autograph")
    assert not sign.matches(None, None)
    assert not sign.matches("up", "treaty")
    bare = lexicon.frames("meet", "VERB")[-1]
    assert bare.matches(None, None) and bare.matches(None, "president")
    assert not bare.matches("up", None)  # a phrasal verb is not its bare verb


@pytest.mark.parametrize(
    ("lemma", "pos", "kwargs", "code"),
    [
        ("hold", "VERB", {"objects": ["talk"]}, "040"),
        ("sign", "VERB", {"objects": ["agreement"]}, "057"),
        ("launch", "VERB", {"objects": ["offensive"]}, "190"),
        ("impose", "VERB", {"objects": ["sanction"]}, "163"),
        ("express", "VERB", {"objects": ["concern"]}, "012"),
        ("express", "VERB", {"objects": ["view"]}, "010"),
        ("provide", "VERB", {"objects": ["aid"]}, "070"),
        ("meet", "VERB", {"objects": ["president"]}, "040"),
        ("visit", "VERB", {}, "042"),
        ("call", "VERB", {"particle": "off", "objects": ["talk"]}, "164"),
        ("call", "VERB", {"preps": {"for": "ceasefire"}}, "0256"),
        ("call", "VERB", {"preps": {"for": "change"}}, "024"),
        ("call", "VERB", {"preps": {"on": "Russia"}, "objects": ["withdraw"]}, "0256"),
        ("call", "VERB", {"preps": {"on": "Russia"}}, "020"),
        ("threaten", "VERB", {"objects": ["impose", "sanction"]}, "1312"),
        ("agree", "VERB", {"preps": {"to": "ceasefire"}}, "0871"),
        ("accuse", "VERB", {"objects": ["minister"], "preps": {"of": "espionage"}}, "1125"),
        ("pull", "VERB", {"particle": "out"}, "087"),
        ("step", "VERB", {"particle": "up", "objects": ["attack"]}, "190"),
        ("crack", "VERB", {"particle": "down", "preps": {"on": "dissent"}}, "170"),
        ("strike", "NOUN", {"objects": ["hunger"]}, "142"),
        ("strike", "NOUN", {"objects": ["air"]}, "195"),
        ("strike", "NOUN", {"preps": {"on": "depot"}}, "190"),
        ("strike", "NOUN", {"objects": ["air"], "preps": {"on": "depot"}}, "195"),
        ("talk", "NOUN", {"objects": ["peace"]}, "046"),
        ("invasion", "NOUN", {}, "192"),
    ],
)
def test_match_picks_the_most_specific_frame(
    lexicon: Lexicon, lemma: str, pos: str, kwargs: dict[str, object], code: str
) -> None:
    frame = lexicon.match(lemma, pos, **kwargs)  # type: ignore[arg-type]
    assert frame is not None
    assert frame.cameo == code, frame.rule


def test_match_returns_none_when_nothing_fits(lexicon: Lexicon) -> None:
    assert lexicon.match("hold", "VERB", objects=["umbrella"]) is None
    assert lexicon.match("call", "VERB", particle="up", objects=[]) is not None  # call up reservists
    assert lexicon.match("sign", "VERB", particle="up") is None
    assert lexicon.match("photosynthesize", "VERB") is None


# ---- user files ----------------------------------------------------------------------------


def test_user_frames_add_replace_and_remove(tmp_path: Path) -> None:
    packaged = default_lexicon()
    user = write(
        tmp_path,
        "mine.csv",
        HEADER
        + "# a comment line is skipped\n"
        + "parley,VERB,,,040,subj,prep:with,parley with X: consult\n"
        + "meet,VERB,,,046,subj,prep:with|dobj,meet X: negotiation (our reading)\n"
        + "visit,VERB,,,-,subj,dobj,not an event for us\n",
    )
    lexicon = Lexicon.load([user])
    assert lexicon.frames("parley", "VERB")[0].rule == "mine.csv:3 parley"
    assert lexicon.frames("meet", "VERB")[-1].cameo == "046"
    assert not lexicon.has_trigger("visit", "VERB")
    assert len(lexicon) == len(packaged) + 1 - 1
    assert packaged.frames("meet", "VERB")[-1].cameo == "040"  # the packaged one is untouched


def test_user_object_classes(tmp_path: Path) -> None:
    classes = write(tmp_path, "classes.csv", "class,lemmas\nPARLEY,parley|powwow\n")
    frames = write(
        tmp_path, "frames.csv", HEADER + "hold,VERB,,@PARLEY,040,subj,prep:with|none,hold a powwow\n"
    )
    lexicon = Lexicon.load([frames, classes])
    assert lexicon.match("hold", "VERB", objects=["powwow"]) is not None
    assert lexicon.object_class("PARLEY") == frozenset({"parley", "powwow"})


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("trigger,pos,particle,object,cameo,source,target,note,extra\n", 1, "unknown column 'extra'"),
        ("trigger,pos,particle,object,cameo,source,target\n", 1, "missing column 'note'"),
        (HEADER + "meet,VERB,,,999,subj,dobj,meet\n", 2, "unknown CAMEO code '999'"),
        (HEADER + "meet,VERB,,,42,subj,dobj,meet\n", 2, "unknown CAMEO code '42'"),
        (HEADER + "meet,VERB,,,04,subj,dobj,meet\n", 2, "not the root '04'"),
        (HEADER + "meet,VERB,,@NOPE,040,subj,dobj,meet\n", 2, "unknown object class '@NOPE'"),
        (HEADER + "meet,VERB,,,040,subj,dobj_with,meet\n", 2, "target role 'dobj_with'"),
        (HEADER + "meet,VERB,,,040,poss,dobj,meet\n", 2, "source role 'poss' is not valid for a VERB"),
        (HEADER + "meeting,NOUN,,,040,subj,none,meeting\n", 2, "source role 'subj' is not valid for a NOUN"),
        (HEADER + "meet,VERB,,,040,none,dobj,meet\n", 2, "source cannot be none"),
        (HEADER + "meet,ADJ,,,040,subj,dobj,meet\n", 2, "pos 'ADJ'"),
        (HEADER + "Meet,VERB,,,040,subj,dobj,meet\n", 2, "lower-case"),
        (HEADER + "sit-in,NOUN,,,141,poss,none,sit-in\n", 2, "lower-case spaCy lemma"),
        (HEADER + "meet,VERB,,,040,subj,dobj,\n", 2, "note is empty"),
        (HEADER + "meet,VERB,,,040,subj,dobj\n", 2, "expected 8 columns"),
        (HEADER + "\nmeet,VERB,,,040,subj,dobj,a\nmeet,VERB,,,046,subj,dobj,b\n", 4, "as line 3"),
        (HEADER + "palaver,VERB,,,-,subj,dobj,gone\n", 2, "no frame has this key"),
        ("# only a comment\n", None, "no header line"),
    ],
)
def test_bad_user_file_names_file_and_line(tmp_path: Path, text: str, line: int | None, reason: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(DataFileError, match=reason) as info:
        Lexicon.load([path])
    assert info.value.path == str(path)
    assert info.value.line == line
    assert "bad.csv" in str(info.value)


def test_bad_object_class_file(tmp_path: Path) -> None:
    path = write(tmp_path, "classes.csv", "class,lemmas\nPARLEY,parley|Powwow\n")
    with pytest.raises(DataFileError, match="'Powwow'") as info:
        Lexicon.load([path])
    assert info.value.line == 2


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        Lexicon.load([tmp_path / "absent.csv"])


def test_default_lexicon_is_loaded_once() -> None:
    assert default_lexicon() is default_lexicon()


def test_frame_is_hashable_and_frozen(lexicon: Lexicon) -> None:
    frame = lexicon.frames("meet", "VERB")[0]
    assert isinstance(frame, Frame)
    assert frame in {frame}
    with pytest.raises(AttributeError):
        frame.cameo = "190"  # type: ignore[misc]
