"""Theme tagger: the packaged taxonomy, its rules on hand-written texts, and file validation."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.extract.themes import ThemeTagger, default_tagger, inflections, parse_phrase

# (theme id, a text of ours that shows the theme, a text of ours on something else)
CASES = [
    (
        "war",
        "Artillery shelling hit the outskirts of the city as the invasion entered its second month.",
        "The orchestra opened its season with a new symphony.",
    ),
    (
        "ceasefire",
        "Mediators said both sides had agreed to a 72-hour truce starting at dawn.",
        "The museum will stay open late on Thursdays.",
    ),
    (
        "elections",
        "Voters queued outside polling stations from early morning in the presidential election.",
        "The bakery sold out of bread before noon.",
    ),
    (
        "protest",
        "Thousands of demonstrators took to the streets to protest against the new fuel tax.",
        "The committee approved the new curriculum for primary schools.",
    ),
    (
        "terrorism",
        "Officials blamed a jihadist cell for the suicide bombing at the market.",
        "The farmers harvested wheat earlier than usual this year.",
    ),
    (
        "sanctions",
        "The bloc sanctioned three shipping companies and imposed an embargo on arms sales.",
        "The team sanded and painted the old boat.",
    ),
    (
        "trade",
        "Exports of machinery rose sharply, narrowing the country's trade deficit.",
        "The trade union called a meeting of its members.",
    ),
    (
        "nuclear",
        "Inspectors from the IAEA said uranium enrichment had resumed at the underground site.",
        "The power of the waterfall impressed the visitors.",
    ),
    (
        "migration",
        "Asylum seekers crossed the border overnight, and the government vowed more deportations.",
        "The birds left the lake at the end of autumn.",
    ),
    (
        "human_rights",
        "Human rights groups urged the government to free the jailed activists.",
        "The players shook hands after the final whistle.",
    ),
    (
        "disasters",
        "A magnitude 6.8 earthquake triggered landslides across the mountain villages.",
        "He won the election by a landslide victory.",
    ),
    (
        "cyber",
        "Investigators traced the ransomware attack on the hospital network to a foreign group.",
        "The workshop teaches carpentry to beginners.",
    ),
    (
        "energy",
        "Natural gas prices jumped after the pipeline was shut for repairs.",
        "Police fired tear gas at the crowd.",
    ),
    (
        "climate",
        "Negotiators at COP29 argued over climate finance and cutting greenhouse gas emissions.",
        "The cop directed traffic at the junction.",
    ),
    (
        "corruption",
        "The former minister was accused of embezzlement and taking bribes from contractors.",
        "The garden was full of roses.",
    ),
    (
        "coup",
        "Soldiers seized power in the capital and the junta suspended the constitution.",
        "The chef seized the chance to open a second restaurant.",
    ),
    (
        "refugees",
        "The UN refugee agency said a million people had been displaced by the fighting.",
        "The library extended its opening hours.",
    ),
    (
        "arms_control",
        "The two powers agreed to resume talks on nuclear arms control and disarmament.",
        "The arms of the chair were carved from oak.",
    ),
    (
        "maritime_security",
        "Coast guard vessels from both countries harassed fishing boats in the disputed waters.",
        "Software piracy costs the film industry millions.",
    ),
    (
        "defence_cooperation",
        "The two ministers signed a defence agreement to co-produce armoured vehicles.",
        "Social security payments will rise next year.",
    ),
    (
        "israel_hamas_war",
        "Israeli forces launched air strikes on Gaza after rockets were fired by Hamas.",
        "Israel's tourism board opened a new office abroad.",
    ),
    (
        "russia_ukraine_war",
        "Russian drones attacked power stations around Kyiv overnight, Ukrainian officials said.",
        "Russian ballet dancers toured several countries.",
    ),
    (
        "homicide",
        "The businessman was shot dead outside his home, and police opened a murder inquiry.",
        "The businessman opened a new shop.",
    ),
    (
        "criminal_investigation",
        "Prosecutors charged two men with the killing after a six-month investigation.",
        "The painter mixed two colours.",
    ),
    (
        "bilateral_dispute",
        "The diplomatic row deepened when both governments expelled each other's diplomats.",
        "The two villages share a well.",
    ),
    (
        "multilateral_summit",
        "Leaders gathered for the G20 meeting to discuss debt relief for poorer nations.",
        "The hikers reached the summit of the mountain.",
    ),
    (
        "economic_cooperation",
        "The agreement aims to build resilient supply chains for critical minerals.",
        "The children built a sandcastle.",
    ),
    (
        "technology_partnership",
        "The two governments launched a partnership on semiconductors and quantum computing.",
        "The potato harvest was poor.",
    ),
]


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return default_tagger()


def test_taxonomy_has_at_least_40_themes_with_unique_snake_case_ids(tagger: ThemeTagger) -> None:
    ids = [t.id for t in tagger.themes]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i) for i in ids)
    assert all(t.label for t in tagger.themes)


@pytest.mark.parametrize(("theme_id", "text", "other"), CASES, ids=[c[0] for c in CASES])
def test_theme_fires_on_its_text_and_not_on_another(
    tagger: ThemeTagger, theme_id: str, text: str, other: str
) -> None:
    found = {d["id"]: d for d in tagger(text)}
    assert theme_id in found, f"{theme_id} missing; got {sorted(found)}"
    assert found[theme_id]["evidence"], "a theme must say which words produced it"
    assert theme_id not in {d["id"] for d in tagger(other)}
    assert theme_id in tagger.sentence_themes(text)
    assert theme_id not in tagger.sentence_themes(other)


def test_result_fields_and_order(tagger: ThemeTagger) -> None:
    text = (
        "Police fired tear gas at protesters. The protest grew as more demonstrators arrived. "
        "Rioting spread to two other cities."
    )
    result = tagger(text)
    assert result
    for d in result:
        assert set(d) == {"id", "label", "gkg", "score", "evidence"}
        assert d["score"] > 0
    scores = [d["score"] for d in result]
    assert scores == sorted(scores, reverse=True)
    assert result[0]["id"] == "protest"
    unrest = next(d for d in result if d["id"] == "unrest")
    assert unrest["gkg"] == "VIOLENT_UNREST"
    assert "tear gas" in unrest["evidence"]


def test_quad_needs_a_member_or_the_full_name(tagger: ThemeTagger) -> None:
    assert "quad" in tagger.sentence_themes(
        "Japan and India will host the next Quad meeting of foreign ministers."
    )
    assert "quad" in tagger.sentence_themes("The Quadrilateral Security Dialogue met for the fourth time.")
    assert "quad" not in tagger.sentence_themes("He crashed his quad bike on the farm track.")
    assert "quad" not in tagger.sentence_themes("The university opened a new quad for students.")
    # scope: text -- the grouping and a member may sit in different sentences of one article
    article = "Leaders of the Quad met on Saturday. Australia's prime minister hosted the talks."
    assert "quad" in {d["id"] for d in tagger(article)}


def test_cooccurrence_is_checked_within_a_sentence(tagger: ThemeTagger) -> None:
    apart = "Israel opened a trade office in the city. Separately, a war museum opened downtown."
    assert "israel_hamas_war" not in {d["id"] for d in tagger(apart)}
    together = "Israel said the war against Hamas would continue."
    assert "israel_hamas_war" in {d["id"] for d in tagger(together)}


def test_excluded_phrase_masks_only_its_words(tagger: ThemeTagger) -> None:
    assert "trade" not in tagger.sentence_themes("The trade union marched on parliament.")
    assert "trade" in tagger.sentence_themes("The trade union marched as exports fell.")


def test_abbreviations_do_not_split_sentences(tagger: ThemeTagger) -> None:
    # "U.S." must not end the sentence, or "Quad" and the member would fall apart
    text = "Quad members met in Tokyo. The U.S. delegation said the Quad would meet again in May."
    assert {"quad"} <= {d["id"] for d in tagger(text)}


def test_inflections_of_a_lemma() -> None:
    assert {"sanction", "sanctions", "sanctioned", "sanctioning"} <= inflections("sanction")
    assert {"kidnapped", "kidnapping"} <= inflections("kidnap")
    assert {"seized", "seizing"} <= inflections("seize")
    assert {"fought", "fighting", "fights"} <= inflections("fight")
    assert {"embargoes"} <= inflections("embargo")


def test_phrase_forms() -> None:
    phrase = parse_phrase("peace deal")
    assert ("peace", "deals") in phrase.forms and not phrase.case_sensitive
    quad = parse_phrase("Quad summit")
    assert quad.case_sensitive and ("Quad", "summit") in quad.forms and ("QUAD", "SUMMIT") in quad.forms
    assert ("Israel", "Hamas", "war") not in parse_phrase("israel hamas war").forms  # lowered at match time
    with pytest.raises(ValueError, match="lemma marker"):
        parse_phrase("Sanction~")
    with pytest.raises(ValueError, match="directly follow"):
        parse_phrase("peace ~deal")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_themes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_extra_file_adds_and_replaces_themes(tmp_path: Path) -> None:
    extra = _write(
        tmp_path,
        "version: 1\n"
        "themes:\n"
        "  - id: beekeeping\n"
        "    label: Beekeeping\n"
        "    gkg: null\n"
        "    terms: [beehive, swim~]\n"
        "  - id: trade\n"
        "    label: Trade (mine)\n"
        "    gkg: null\n"
        "    terms: [barter~]\n",
    )
    tagger = ThemeTagger.load([extra])
    assert [d["id"] for d in tagger("The villagers built a beehive.")] == ["beekeeping"]
    assert tagger.sentence_themes("They bartered grain for salt.") == ["trade"]
    assert "trade" not in tagger.sentence_themes("Exports fell in March.")  # replaced, not merged
    # spaCy lemmas reach irregular forms the inflector does not know ("swam" -> swim)
    assert "beekeeping" not in {d["id"] for d in tagger("They swam across.")}
    hit = next(
        d for d in tagger("They swam across.", lemmas=["they", "swim", "across"]) if d["id"] == "beekeeping"
    )
    assert hit["evidence"] == ["swim (lemma)"]
    assert len(tagger.themes) == len(default_tagger().themes) + 1


BAD_FILES = [
    (
        "themes:\n  - id: ok_theme\n    label: Fine\n    gkg: null\n    terms: [x]\n    colour: red\n",
        6,
        "unknown key",
    ),
    ("themes:\n  - id: Bad-Id\n    label: Bad\n    gkg: null\n    terms: [x]\n", 2, "snake_case"),
    ("themes:\n  - id: no_gkg\n    label: No gkg\n    terms: [x]\n", 2, "'gkg'"),
    (
        "themes:\n  - id: bad_gkg\n    label: Bad gkg\n    gkg: not a name\n    terms: [x]\n",
        4,
        "GKG theme name",
    ),
    ("themes:\n  - id: no_rules\n    label: Nothing\n    gkg: null\n", 2, "no rules"),
    (
        "themes:\n  - id: bad_re\n    label: Re\n    gkg: null\n    patterns:\n      - 'a(b'\n",
        6,
        "regular expression",
    ),
    ("themes:\n  - id: lone\n    label: Lone\n    gkg: null\n    all:\n      - [a, b]\n", 6, "at least two"),
    (
        "themes:\n  - id: bool_term\n    label: B\n    gkg: null\n    terms:\n      - fine\n      - no\n",
        7,
        "phrase",
    ),
    (
        "themes:\n  - id: tilde\n    label: T\n    gkg: null\n    terms:\n      - ok\n      - Big~\n",
        7,
        "lemma marker",
    ),
    (
        "themes:\n  - id: same\n    label: A\n    gkg: null\n    terms: [a]\n"
        "  - id: same\n    label: B\n    gkg: null\n    terms: [b]\n",
        6,
        "duplicate theme id",
    ),
    ("themes:\n  - id: broken\n    label: [unclosed\n", 4, "not valid YAML"),
    ("version: 2\nthemes: []\n", 1, "version"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_FILES, ids=[b[2] for b in BAD_FILES])
def test_bad_taxonomy_line_is_named(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        ThemeTagger.load([path])
    err = info.value
    assert err.path == str(path)
    assert err.line == line, str(err)
    assert message in str(err)
    assert f"{path}:{line}" in str(err)


def test_missing_extra_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        ThemeTagger.load([tmp_path / "absent.yaml"])


def test_default_tagger_is_built_once() -> None:
    assert default_tagger() is default_tagger()


def test_tagging_a_paragraph_takes_well_under_a_millisecond(tagger: ThemeTagger) -> None:
    paragraph = " ".join(text for _, text, _ in CASES[:6])  # ~100 words of political news
    tagger(paragraph)
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        tagger(paragraph)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 0.002, f"{per_call * 1e3:.2f} ms per paragraph"  # measured ~0.3 ms here


@pytest.mark.shared
def test_gkg_names_are_real_gkg_themes(shared: Path, tagger: ThemeTagger) -> None:
    sample = shared / "data" / "reference" / "gdelt" / "moxious_gkg21_sample.csv"
    if not sample.is_file():
        pytest.skip(f"{sample} is absent")
    csv.field_size_limit(1 << 30)
    seen: set[str] = set()
    with sample.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            # V2Themes holds "NAME,offset"; Themes (the GKG 1.0 field) also lists parent names
            # such as NATURAL_DISASTER whose V2 entries are only the children.
            for column in ("V2Themes", "Themes"):
                seen.update(item.split(",")[0] for item in (row.get(column) or "").split(";") if item)
    unknown = {t.id: t.gkg for t in tagger.themes if t.gkg and t.gkg not in seen}
    assert not unknown, f"GKG names not seen in the GKG sample: {unknown}"
