"""Mutated files of every input format through the readers: articles or clear errors, nothing else.

tests/properties feeds the text, HTML and JSON Lines readers generated strings. Here a good file
of each format eventwire reads — text, HTML, JSON Lines, JSON, RSS, Atom, WARC (plain and
gzipped), Reuters SGML — is damaged the way storage and transfers damage files (bytes flipped,
inserted, deleted, the end cut off) and read back through :func:`eventwire.ingest.iter_inputs`,
the entry point of both ``eventwire code`` and ``eventwire ingest``. Whatever the damage, each
item must be an article whose text is usable (non-blank, encodable, sections inside it) or an
InputError naming the file; any other exception is a bug. No model is needed.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest import RawArticle, iter_inputs

STORY = (
    "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Nairobi on Monday "
    "to discuss trade across their shared border. The two leaders signed an agreement on customs."
)
OTHER = "Protesters clashed with police in Santiago on Tuesday after the government raised fuel prices."
PAGE = (
    "<html><head><title>Leaders meet</title><meta charset='utf-8'></head><body><nav>Home</nav>"
    f"<article><h1>Leaders meet</h1><p>{STORY}</p><p>{OTHER}</p></article></body></html>"
)


def _warc() -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}".encode()
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http)}\r\n\r\n".encode()
        + http
        + b"\r\n\r\n"
    )


SEEDS: dict[str, bytes] = {
    "a.txt": f"Leaders meet\n\n{STORY}\n\n{OTHER}\n".encode(),
    "a.html": PAGE.encode(),
    "a.jsonl": (json.dumps({"id": "1", "text": STORY}) + "\n" + json.dumps({"text": OTHER}) + "\n").encode(),
    "a.json": json.dumps([{"text": STORY, "date": "2024-03-04"}, {"text": OTHER}]).encode(),
    "a.rss": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        f"<item><title>Leaders meet</title><link>http://example.org/1</link><description>{STORY}"
        "</description><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>"
        f"<item><title>Protest</title><description>{OTHER}</description></item></channel></rss>"
    ).encode(),
    "a.atom": (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>N</title>'
        f"<entry><title>Leaders meet</title><id>urn:1</id><updated>2024-03-04T10:00:00Z</updated>"
        f"<content type='html'>&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>"
    ).encode(),
    "a.warc": _warc(),
    "a.warc.gz": gzip.compress(_warc(), mtime=0),
    "a.sgm": (
        '<REUTERS TOPICS="NO" NEWID="7">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TEXT>&#2;\n'
        "<TITLE>LEADERS MEET</TITLE>\n<DATELINE>    NAIROBI, Feb 26 - </DATELINE><BODY>"
        f"{STORY}\n{OTHER}\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
    ).encode("latin-1"),
}

# One damage: (what, where as a share of the length, bytes)
DAMAGE = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "cut"]),
    st.floats(min_value=0, max_value=1),
    st.one_of(
        st.binary(min_size=1, max_size=24),
        st.sampled_from([b"\x00", b"<", b"&#xD800;", b'"', b"\\ud800", b"\r\n\r\n", b"\xff\xfe", b"]]>"]),
    ),
)


def damaged(data: bytes, damages: list[tuple[str, float, bytes]]) -> bytes:
    """``data`` with each damage applied in turn."""
    for what, where, chunk in damages:
        at = int(where * len(data))
        if what == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (chunk[0] or 0xFF)]) + data[at + 1 :]
        elif what == "insert":
            data = data[:at] + chunk + data[at:]
        elif what == "delete":
            data = data[:at] + data[at + len(chunk) :]
        else:
            data = data[:at]
    return data


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(SEEDS)), damages=st.lists(DAMAGE, min_size=1, max_size=4))
def test_damaged_files_give_articles_or_errors_naming_them(
    name: str, damages: list[tuple[str, float, bytes]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="eventwire-fuzz-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(damaged(SEEDS[name], damages))
        items = list(iter_inputs([str(path)], published="2024-03-04"))
    assert items, "no article and no error: the input vanished"
    for item in items:
        if isinstance(item, InputError):
            assert item.input_name.startswith(str(path)) and item.reason.strip()
            continue
        assert isinstance(item, RawArticle)
        assert item.text.strip()
        item.text.encode("utf-8")  # a lone surrogate would fail every later stage
        for section in item.sections:
            assert 0 <= section.offset <= len(item.text)


def test_every_seed_is_read_whole() -> None:
    # the damage is only meaningful if the undamaged file is an article
    with tempfile.TemporaryDirectory(prefix="eventwire-fuzz-") as tmp:
        for name, data in SEEDS.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            items = list(iter_inputs([str(path)], published="2024-03-04"))
            assert items and all(isinstance(i, RawArticle) for i in items), (name, items)
            assert any("Nairobi" in i.text for i in items if isinstance(i, RawArticle)), name
