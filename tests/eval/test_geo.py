"""The GeoVirus / LGL scorer: readers on small files of our own, and quality floors on ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from eventwire.errors import DatasetError
from eventwire.eval.geo import (
    GeoArticle,
    GoldToponym,
    _demonym_predictions,
    dataset_path,
    evaluate_geo,
    evaluate_resolution,
    read_dataset,
)
from eventwire.kb.gazetteer import Gazetteer

GEOVIRUS_LIKE = """<articles>
  <article>
    <source>made-up</source>
    <text>Flooding closed roads in Kenya and in Nairobi on Monday.</text>
    <locations>
      <location><name>Kenya</name><start>24</start><end>29</end><lat>1</lat><lon>38</lon></location>
      <location><name>Nairobi</name><start>38</start><end>45</end><lat>-1.28</lat><lon>36.82</lon></location>
    </locations>
  </article>
</articles>
"""

LGL_LIKE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Springfield council met. Residents of Elm Road in Springfield, Illinois, spoke.]]></text>
    <toponyms>
      <toponym><start>0</start><end>11</end><phrase>Springfield</phrase>
        <gaztag geonameid="1"><name>Springfield</name><lat>39.80</lat><lon>-89.64</lon></gaztag></toponym>
      <toponym><start>38</start><end>46</end><phrase>Elm Road</phrase></toponym>
      <toponym><start>50</start><end>61</end><phrase>Springfield</phrase>
        <gaztag geonameid="1"><name>Springfield</name><lat>39.80</lat><lon>-89.64</lon></gaztag></toponym>
      <toponym><start>63</start><end>71</end><phrase>Illinois</phrase>
        <gaztag geonameid="2"><name>Illinois</name><lat>40.0</lat><lon>-89.25</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    # The same dir as tests/kb/test_gazetteer.py: the index is built once per session.
    return Gazetteer.load(cache_dir=tmp_path_factory.getbasetemp() / "gazetteer-cache")


def test_reads_geovirus_format_and_realigns_shifted_offsets(tmp_path: Path) -> None:
    path = tmp_path / "GeoVirus.xml"
    path.write_text(GEOVIRUS_LIKE, encoding="utf-8")
    (article,) = list(read_dataset(path))
    assert [t.text for t in article.toponyms] == ["Kenya", "Nairobi"]
    kenya = article.toponyms[0]
    assert article.text[kenya.start : kenya.end] == "Kenya" and (kenya.lat, kenya.lon) == (1.0, 38.0)


def test_reads_lgl_format_with_and_without_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_LIKE, encoding="utf-8")
    (article,) = list(read_dataset(path))
    assert [t.text for t in article.toponyms] == ["Springfield", "Elm Road", "Springfield", "Illinois"]
    assert article.toponyms[1].lat is None


def test_resolution_scores(tmp_path: Path, gaz: Gazetteer) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_LIKE, encoding="utf-8")
    figures = evaluate_resolution(list(read_dataset(path)), gaz)
    assert figures["n_gold"] == 4 and figures["n_gold_with_coordinates"] == 3
    # "Illinois" puts both Springfields in Illinois
    assert figures["acc_at_161km"] == 1.0


def test_demonyms_are_placed_at_their_country(gaz: Gazetteer) -> None:
    text = "Russian troops entered the town."
    article = GeoArticle(text, [GoldToponym(0, 7, "Russian", 60.0, 100.0)])
    assert evaluate_resolution([article], gaz)["acc_at_161km"] == 0.0
    figures = evaluate_resolution([article], gaz, demonym=lambda t: "RUS" if t == "Russian" else None)
    assert figures["acc_at_161km"] == 1.0


def test_demonyms_of_areas_are_placed_at_their_area(gaz: Gazetteer) -> None:
    text = "Ohioans voted on Tuesday."
    article = GeoArticle(text, [GoldToponym(0, 7, "Ohioans", 40.25, -82.75)])
    assert evaluate_resolution([article], gaz)["acc_at_161km"] == 0.0
    assert evaluate_resolution([article], gaz, demonym=lambda t: None)["acc_at_161km"] == 1.0


def test_demonym_predictions_whatever_the_label(gaz: Gazetteer) -> None:
    text = "The Georgian Interior Ministry and Russian - American crews met Susan Ohioans"
    words = text.split(" ")
    labels = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-NORP", "I-NORP", "I-NORP", "O", "O", "B-PERSON", "O"]
    doc = Doc(English().vocab, words=words, ents=labels)
    codes = {"Georgian": "GEO", "Russian": "RUS", "American": "USA"}
    found = {doc.text[s:e]: code for s, e, code, _ in _demonym_predictions(doc, gaz, codes.get)}
    # a person's first name is never undone into an area ("Susan" is no one from Susa)
    assert found == {"Georgian": "GEO", "Russian": "RUS", "American": "USA", "Ohioans": "USA"}


def test_unknown_dataset_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown geoparsing set"):
        dataset_path(tmp_path, "nonesuch")
    with pytest.raises(DatasetError, match="missing"):
        dataset_path(tmp_path, "lgl")
    with pytest.raises(DatasetError, match="unknown mode"):
        evaluate_geo(tmp_path, "lgl", mode="sideways")


# ---- quality floors on the shared dev sets -----------------------------------------------------------
# Measured at the time of writing: resolution 0.881 (GeoVirus) and 0.875 (LGL, with the KB's
# demonyms). The floors leave a little room and fail on a real drop.


@pytest.mark.shared
def test_geovirus_resolution_floor(shared: Path, gaz: Gazetteer) -> None:
    figures = evaluate_geo(shared, "geovirus", mode="resolution", gazetteer=gaz)["resolution"]
    assert figures["acc_at_161km"] >= 0.87, figures


@pytest.mark.shared
def test_lgl_resolution_floor(shared: Path, gaz: Gazetteer) -> None:
    result = evaluate_geo(shared, "lgl", mode="resolution", gazetteer=gaz)
    floor = 0.86 if result["demonyms_from_kb"] else 0.75
    assert result["resolution"]["acc_at_161km"] >= floor, result


@pytest.mark.shared
@pytest.mark.model
def test_geovirus_end_to_end_floor(shared: Path, gaz: Gazetteer) -> None:
    figures = evaluate_geo(shared, "geovirus", mode="end_to_end", limit=60, gazetteer=gaz)["end_to_end"]
    assert figures["precision"] >= 0.75 and figures["recall"] >= 0.8, figures
    assert figures["acc_at_161km"] >= 0.72, figures
