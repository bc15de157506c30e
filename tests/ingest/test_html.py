"""HTML through trafilatura: metadata, body, headings as sections, the shared clean-up."""

from __future__ import annotations

import pytest

from eventwire.errors import EmptyInput
from eventwire.ingest import read_html

PAGE = """<!DOCTYPE html>
<html><head>
<title>Envoys agree to resume border talks | Example News</title>
<meta name="date" content="2024-01-12">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Envoys agree to resume border talks</h1>
<p>GENEVA (Reuters) - Envoys of the two governments agreed on Friday to resume talks on
their disputed border after a break of almost a year, a joint statement said.</p>
<p>"This is the first step on a long road," the mediator told reporters after the meeting.
The next round is due in March.</p>
<h2>Doubts at home</h2>
<p>Opposition parties in both countries criticised the talks as a <b>waste of time</b> and
said no deal would pass their parliaments.</p>
<p>ab/cd (AFP, Reuters)</p>
</article>
<footer><p>Copyright Example News</p></footer>
</body></html>"""


def test_page_metadata_body_and_heading() -> None:
    a = read_html(PAGE, "page.html")
    assert a.title == "Envoys agree to resume border talks"
    assert a.published == "2024-01-12"
    assert a.source == "Example News"
    assert a.authors == ["Jane Doe", "ab", "cd"]
    assert a.credits == ["Reuters", "AFP"]  # reading order: the dateline's, then the credit line's
    assert a.text.startswith("Envoys of the two governments agreed on Friday to resume talks on their")
    assert "Doubts at home" not in a.text and "ab/cd" not in a.text and "Home" not in a.text
    assert [s.heading for s in a.sections] == ["Doubts at home"]
    assert a.text[a.sections[0].offset :].startswith("Opposition parties")
    assert "a waste of time and said" in a.text  # inline markup and source line breaks flattened
    assert a.text.count("\n") == 2


def test_bytes_and_explicit_date() -> None:
    a = read_html(PAGE.encode("utf-8"), "page.html", published="2024-01-13", url="https://example.org/x")
    assert a.published == "2024-01-13"
    assert a.url == "https://example.org/x"


@pytest.mark.parametrize(
    "content", ["", "<html><body></body></html>", "<html><body><nav>Home</nav></body></html>"]
)
def test_empty_extraction_is_empty_input(content: str) -> None:
    with pytest.raises(EmptyInput) as e:
        read_html(content, "empty.html")
    assert e.value.input_name == "empty.html"
