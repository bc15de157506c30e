"""Reuters-21578 SGML: stories with a body become articles; briefs and tables are skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import EmptyInput, InputError, InputTooLarge
from eventwire.ingest import RawArticle, read_path
from eventwire.ingest import sgml as sgml_module
from eventwire.ingest.sgml import dateline_place, parse_date, read_sgml, unwrap

# Written for these tests in the collection's layout: hard-wrapped at about 65 columns, paragraphs
# indented, a Latin-1 "é", escaped "<" and "&", control-character references, a "Reuter" sign-off.
STORY = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="501">
<DATE> 3-MAR-1987 09:15:22.10</DATE>
<TOPICS><D>trade</D></TOPICS>
<PLACES><D>france</D></PLACES>
<UNKNOWN> &#5;&#5;&#5;C
&#22;&#22;&#1;f0001&#31;reute
u f BC-TRADE-TALKS   03-03 0100</UNKNOWN>
<TEXT>&#2;
<TITLE>FRENCH AND &lt;ACME&gt; TRADE TALKS RESUME</TITLE>
<AUTHOR>    By Jane Roe, Reuters</AUTHOR>
<DATELINE>    PARIS, March 3 - </DATELINE><BODY>French trade officials and the Acme Corp &amp;
Co delegation resumed talks in Paris on Tuesday, the ministry
said, after a pause of three weeks over tariff issues.
    The minister, Ren\xe9 Martin, said he expected an accord before
the end of the month.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""
BRIEF = """<REUTERS TOPICS="NO" NEWID="502">
<DATE> 3-MAR-1987 09:16:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>MINISTER SAYS TALKS GO ON
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
"""
TABLE = """<REUTERS TOPICS="NO" NEWID="503">
<DATE> 3-MAR-1987 09:17:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
WEEKLY FIGURES - MAR 3
 Exports.............12 vs.....11
&#3;</TEXT>
</REUTERS>
"""
HEADER = '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'


def _sgm(*elements: str) -> list[bytes]:
    return (HEADER + "".join(elements)).encode("latin-1").splitlines(keepends=True)


def test_a_story_becomes_an_article_and_briefs_and_tables_are_skipped() -> None:
    items = list(read_sgml(_sgm(STORY, BRIEF, TABLE), "reut.sgm"))
    assert [type(i) for i in items] == [RawArticle]
    (article,) = items
    assert isinstance(article, RawArticle)
    assert article.id == "reuters-501" and article.origin == "reut.sgm:2"
    assert article.published == "1987-03-03" and article.source == "Reuters"
    assert article.title == "FRENCH AND <ACME> TRADE TALKS RESUME"
    assert article.dateline_place == "Paris"
    assert article.credits == ["Reuters"] and article.authors == ["Jane Roe"]
    assert article.text == (
        "French trade officials and the Acme Corp & Co delegation resumed talks in Paris on Tuesday, "
        "the ministry said, after a pause of three weeks over tariff issues.\n"
        "The minister, René Martin, said he expected an accord before the end of the month."
    )


def test_date_fallback_and_broken_elements() -> None:
    undated = STORY.replace(" 3-MAR-1987 09:15:22.10", "unknown")
    (article,) = read_sgml(_sgm(undated), "a.sgm", published="1987-04-01")
    assert isinstance(article, RawArticle) and article.published == "1987-04-01"
    unclosed = STORY.replace("</REUTERS>", "")
    items = list(read_sgml(_sgm(STORY, unclosed), "b.sgm"))
    assert isinstance(items[0], RawArticle)
    assert isinstance(items[1], InputError) and items[1].input_name == f"b.sgm:{2 + STORY.count(chr(10))}"
    assert "not closed" in items[1].reason
    empty_body = STORY.replace(STORY[STORY.index("<BODY>") : STORY.index("</BODY>")], "<BODY>&#3;")
    (empty,) = read_sgml(_sgm(empty_body), "c.sgm")
    assert isinstance(empty, EmptyInput) and empty.input_name == "c.sgm:2"


def test_element_without_end_tag_or_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    unclosed = STORY.replace("</REUTERS>", "")
    second = STORY.replace('NEWID="501"', 'NEWID="600"')
    items = list(read_sgml(_sgm(unclosed, second), "d.sgm"))
    assert isinstance(items[0], InputError) and items[0].input_name == "d.sgm:2"
    assert "not closed before the next" in items[0].reason
    assert [i.id for i in items if isinstance(i, RawArticle)] == ["reuters-600"]
    monkeypatch.setattr(sgml_module, "MAX_ELEMENT_CHARS", 2 * len(STORY))
    runaway = unclosed.replace("the end of the month.", "the end of the month.\n" * 200)
    items = list(read_sgml(_sgm(runaway), "e.sgm"))
    assert [type(i) for i in items] == [InputTooLarge, EmptyInput]
    assert items[0].input_name == "e.sgm:2"


def test_files_without_stories(tmp_path: Path) -> None:
    (tmp_path / "briefs.sgm").write_bytes(b"".join(_sgm(BRIEF, TABLE)))
    (tmp_path / "notes.sgm").write_text("Just some notes.\n", encoding="utf-8")
    (briefs,) = read_path(tmp_path / "briefs.sgm")
    assert isinstance(briefs, EmptyInput) and "<BODY>" in briefs.reason
    (notes,) = read_path(tmp_path / "notes.sgm")
    assert isinstance(notes, EmptyInput) and "no <REUTERS> elements" in notes.reason


def test_parse_date_dateline_place_and_unwrap() -> None:
    assert parse_date("26-FEB-1987 15:01:01.79") == "1987-02-26"
    assert parse_date(" 5-MAR-1987 09:21:44.41\t\t\tF") == "1987-03-05"
    assert parse_date("31-FOO-1987") is None and parse_date("") is None
    assert dateline_place("    SAN JOSE, Calif., Feb 26 - ") == "San Jose"
    assert dateline_place("    Scarborough, Ontario, FEb 26 - ") == "Scarborough"
    assert dateline_place("   ") is None
    wrapped = (
        "Shr 45 cts vs 58 cts\n"
        "Net 1.1 mln vs 829,000\n"
        "    The company said its results for the year were in line with\n"
        "forecasts made by analysts in January.\n"
    )
    assert unwrap(wrapped).splitlines() == [
        "Shr 45 cts vs 58 cts",
        "Net 1.1 mln vs 829,000",
        "The company said its results for the year were in line with forecasts made by analysts in January.",
    ]


@pytest.mark.shared
def test_real_reuters_file_gives_sane_counts(shared: Path) -> None:
    path = shared / "data" / "corpora" / "reuters21578" / "reut2-000.sgm"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    items = list(read_path(path))
    articles = [i for i in items if isinstance(i, RawArticle)]
    assert [i for i in items if not isinstance(i, RawArticle)] == []
    # The file holds 1,000 <REUTERS> elements; briefs and tables have no body.
    assert 850 <= len(articles) <= 1000
    assert len({a.id for a in articles}) == len(articles)
    assert all(a.id and a.id.startswith("reuters-") for a in articles)
    assert all(a.published and a.published.startswith("1987-") for a in articles)
    assert sum(bool(a.dateline_place) for a in articles) > 0.95 * len(articles)
    assert sum(a.credits == ["Reuters"] for a in articles) > 0.95 * len(articles)
    assert not any(ch in a.text for a in articles for ch in "\x02\x03\x7f")
    assert not any("&#" in a.text or "&lt;" in a.text for a in articles)
