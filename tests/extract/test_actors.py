"""Actor resolution on small articles of our own."""

from __future__ import annotations

import pytest

from eventwire.pipeline import Pipeline

pytestmark = pytest.mark.model


def _actor(article, name_part: str):  # type: ignore[no-untyped-def]
    found = [a for a in article.actors if name_part.lower() in a.name.lower()]
    assert found, f"no actor named like {name_part!r} in {[a.name for a in article.actors]}"
    return found[0]


def test_title_country_and_later_mentions(pipeline: Pipeline) -> None:
    text = (
        "French Foreign Minister Jean Dupont met with Germany's Defence Minister Karl Weber in Berlin "
        "on Monday.\nDupont said the talks were useful. The foreign minister later left, and reporters "
        "followed him to the airport."
    )
    art = pipeline.code_text(text, date="2024-03-04")
    dupont = _actor(art, "Dupont")
    assert (dupont.kind, dupont.country, dupont.sector) == ("person", "FRA", "GOV")
    assert dupont.code == "FRAGOV"
    # full name, surname, the title alone, and the pronoun
    assert len(dupont.mentions) >= 4
    weber = _actor(art, "Weber")
    assert weber.country == "DEU"
    for start, end in dupont.mentions:
        assert art.text[start:end]


def test_capital_in_subject_position_is_its_government(pipeline: Pipeline) -> None:
    art = pipeline.code_text("Moscow said the new sanctions were illegal.", date="2024-03-04")
    gov = [a for a in art.actors if a.code == "RUSGOV"]
    assert gov and gov[0].kind == "country"


def test_coordinated_country_modifiers_make_one_actor_each(pipeline: Pipeline) -> None:
    art = pipeline.code_text(
        "Brazilian and Argentine officials met in Montevideo on Tuesday.", date="2024-03-06"
    )
    codes = {a.code for a in art.actors if a.mentions}
    assert {"BRAGOV", "ARGGOV"} <= codes


def test_igo_and_demonym(pipeline: Pipeline) -> None:
    art = pipeline.code_text("NATO criticised the Serbian army after the clashes.", date="2024-03-06")
    codes = {a.code for a in art.actors}
    assert any(c and c.startswith("IGO") for c in codes)
    assert "SRBMIL" in codes


def test_people_table_off_still_uses_the_article_titles() -> None:
    from eventwire.options import Options

    pipe = Pipeline(Options(use_people=False))
    art = pipe.code_text(
        "Indian Prime Minister Anil Rao visited Tokyo. Rao said the visit went well.", date="2024-05-01"
    )
    rao = _actor(art, "Rao")
    assert (rao.country, rao.sector, rao.title) == ("IND", "GOV", "Prime Minister")
    assert len(rao.mentions) == 2
