"""The HTML view of an article: escaped always, marks nested or split so tags balance, events tabled."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from eventwire.records import Actor, Article, Event, Evidence, Quote, Side
from eventwire.render import CSS, Mark, article_html, highlight

VOID = {"br", "hr", "img", "meta", "link", "input"}


class _Balance(HTMLParser):
    """Checks that every tag is closed in order, and keeps the text outside labels and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, holds no article text)
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, tag == "style" or ("class", "ew-label") in attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(skip for _, skip in self.stack):
            self.text.append(data)


def _parse(html: str) -> _Balance:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    assert parser.errors == [], parser.errors
    assert parser.stack == [], f"left open: {parser.stack}"
    return parser


def _visible_text(html: str) -> str:
    """The text of the marked body: the fragment inside ``ew-text`` without the labels."""
    inner = html.split('<div class="ew-text">', 1)[1].split("</div><table", 1)[0].split("</div><p", 1)[0]
    return "".join(_parse(inner).text)


TEXT = 'Minister Ana Ruiz said "<script>alert(1)</script> & more" in Lima & Quito.'


def _article() -> Article:
    ruiz = (9, 17)
    quote = (TEXT.index('"') + 1, TEXT.rindex('"'))
    said = (18, 22)
    return Article(
        id="r1",
        text=TEXT,
        title="<b>Headline</b>",
        published="2024-01-02",
        actors=[Actor("a1", "Ana <Ruiz>", "person", "Minister", "PER", "GOV", "PERGOV", [(0, 17)])],
        events=[
            Event(
                id="e1",
                sentence=0,
                span=said,
                trigger="said",
                source=Side("a1", "PERGOV", "PER", "Minister Ana Ruiz", ruiz),
                target=None,
                cameo="010",
                root="01",
                quad_class=1,
                goldstein=0.0,
                plover=None,
                date="2024-01-02",
                date_text=None,
                location={"name": "Lima <city>"},
                negated=True,
                modality="reported",
                historical=False,
                confidence=0.5,
                evidence=Evidence(TEXT, "frames.csv:9 say", "say: <make> a statement"),
            )
        ],
        quotes=[Quote(TEXT[quote[0] : quote[1]], quote, "direct", "said", {"actor": "a1", "name": "Ruiz"})],
    )


def test_article_html_escapes_every_text() -> None:
    html = article_html(_article())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Headline</b>" not in html and "&lt;b&gt;Headline&lt;/b&gt;" in html
    assert "Ana &lt;Ruiz&gt;" in html and "Lima &lt;city&gt;" in html and "&lt;make&gt;" in html
    _parse(html)


def test_the_marked_text_reads_as_the_article_text() -> None:
    assert _visible_text(article_html(_article())) == TEXT


def test_marks_carry_labels_and_kinds() -> None:
    html = article_html(_article())
    assert 'class="ew-mark ew-actor ew-person"' in html
    assert 'class="ew-mark ew-trigger"' in html and 'class="ew-mark ew-quote"' in html
    assert '<span class="ew-label">PERGOV</span>' in html
    assert '<span class="ew-label">quote: Ruiz</span>' in html


def test_events_table_has_one_row_per_event_with_cameo_name() -> None:
    html = article_html(_article())
    table = html[html.index('<table class="ew-events">') :]
    assert table.count("<tr>") == 2  # header and one event
    assert "Make statement" in table  # the CAMEO name of 010
    assert "PERGOV" in table and "negated" in table and "reported" in table


def test_article_without_events_says_so() -> None:
    article = Article(id="x", text="Nothing happened.")
    html = article._repr_html_()
    assert "No events coded" in html
    _parse(html)


def test_repr_html_is_article_html() -> None:
    article = _article()
    assert article._repr_html_() == article_html(article)
    assert article_html(article, css=False).startswith('<div class="ew-article">')
    assert CSS in article_html(article)


@pytest.mark.parametrize(
    "marks",
    [
        # nested: an actor inside a quote
        [Mark(0, 10, "q", "Q"), Mark(2, 5, "a", "A")],
        # crossing: a quote that opens inside a name and closes after it
        [Mark(0, 6, "a", "A"), Mark(3, 10, "q", "Q")],
        # three deep, with shared ends and starts
        [Mark(0, 10, "q", "Q"), Mark(0, 4, "a", "A"), Mark(2, 10, "t", "T"), Mark(4, 6, "u", "U")],
        # identical spans, an empty one, and one past the end of the text
        [Mark(1, 4, "a", "A"), Mark(1, 4, "b", "B"), Mark(5, 5, "e", "E"), Mark(8, 40, "x", "X")],
    ],
)
def test_overlapping_marks_nest_or_split_and_balance(marks: list[Mark]) -> None:
    text = "ab<c>&efgh"
    html = highlight(text, marks)
    # the tags balance, the text survives whole (labels aside), each kept mark is labelled once
    assert "".join(_parse(f"<div>{html}</div>").text) == text
    assert _strip_tags(html) == "ab&lt;c&gt;&amp;efgh"
    for m in marks:
        kept = 0 <= m.start < m.end <= len(text)
        assert html.count(f'<span class="ew-label">{m.label}</span>') == (1 if kept else 0), m


def _strip_tags(html: str) -> str:
    html = re.sub(r'<span class="ew-label">[^<]*</span>', "", html)
    return re.sub(r"</?mark[^>]*>", "", html)


def test_a_crossing_mark_is_split_into_two_pieces() -> None:
    html = highlight("abcdefghij", [Mark(0, 6, "a", "A"), Mark(3, 10, "q", "Q")])
    assert html.count('class="ew-mark q"') == 2  # opened, closed with "a", opened again
    assert html.index('<span class="ew-label">A</span>') < html.index('<span class="ew-label">Q</span>')
