"""Files, folders and standard input: formats picked, bytes decoded, every failure an item."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from eventwire.errors import EmptyInput, FetchError, InputError, UnsupportedFormat
from eventwire.ingest import RawArticle, iter_inputs, read_path
from eventwire.ingest import sources as sources_module
from eventwire.ingest.fetch import Fetcher

from .conftest import Route, WebServer

ARTICLE = "Envoys head to the region\nThe envoys met officials in Geneva on Friday.\nab/cd (AFP)\n"
PAGE = (
    "<html><head><title>Envoys head to the region</title></head><body><article>"
    "<p>The envoys met officials in Geneva on Friday and agreed to meet again next month.</p>"
    "</article></body></html>"
)


def _articles(items: list[RawArticle | InputError]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def _errors(items: list[RawArticle | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def test_folder_is_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / "deeper").mkdir()
    (tmp_path / "a" / "deeper" / "feed.jsonl").write_text(
        json.dumps({"text": "Envoys met.", "id": "j1"}) + "\n" + json.dumps({"text": "Envoys left."}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "c.json").write_text(json.dumps([{"text": "Envoys returned."}]), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text(ARTICLE, encoding="utf-8")
    items = list(iter_inputs([str(tmp_path)]))
    assert _errors(items) == []
    origins = [a.origin for a in _articles(items)]
    assert origins == [
        str(tmp_path / "a" / "deeper" / "feed.jsonl") + ":1",
        str(tmp_path / "a" / "deeper" / "feed.jsonl") + ":2",
        str(tmp_path / "a" / "page.html"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.json") + "[0]",
    ]
    assert _articles(items)[3].credits == ["AFP"]


def test_folder_is_read_lazily(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    items = iter_inputs([str(tmp_path)])
    first = next(items)
    assert isinstance(first, RawArticle)
    (tmp_path / "b.txt").unlink()  # listed already, not yet read
    second = next(items)
    assert isinstance(second, InputError) and second.input_name == str(tmp_path / "b.txt")


def test_missing_path_empty_file_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    paths = [
        str(tmp_path / "missing.txt"),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "nothing"),
        str(tmp_path / "good.txt"),
    ]
    items = list(iter_inputs(paths))
    assert len(items) == 4
    missing, empty, nothing, good = items
    assert isinstance(missing, InputError) and missing.input_name == paths[0]
    assert "no such file" in missing.reason
    assert isinstance(empty, EmptyInput) and empty.input_name == paths[1]
    assert isinstance(nothing, EmptyInput) and nothing.input_name == paths[2]
    assert isinstance(good, RawArticle)  # the iteration went on


def test_binary_file_is_an_error_item(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "feed.jsonl").write_bytes(b"\x00\x01\x02" * 100)
    items = list(iter_inputs([str(tmp_path / "image.txt"), str(tmp_path / "feed.jsonl")]))
    assert [type(i) for i in items] == [InputError, InputError]
    assert items[0].input_name.endswith("image.txt") and "binary" in items[0].reason
    assert items[1].input_name.endswith("feed.jsonl") and "binary" in items[1].reason


def test_latin1_and_cp1252_files_are_decoded(tmp_path: Path) -> None:
    text = "Talks in Zürich\nThe ministers met at a café in Zürich on Friday, officials said.\n"
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(
        "Talks go on\nThe “deal” is close – officials said.\n".encode("cp1252")
    )
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))  # with a byte-order mark
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    latin1, cp1252, utf16, bom = (
        next(iter_inputs([str(tmp_path / n)])) for n in ("latin1.txt", "cp1252.txt", "utf16.txt", "bom.txt")
    )
    for a in (latin1, utf16, bom):
        assert isinstance(a, RawArticle)
        assert a.title == "Talks in Zürich" and "café in Zürich" in a.text
    assert isinstance(cp1252, RawArticle) and cp1252.text == "The “deal” is close – officials said."


def test_jsonl_file_bad_line_is_named_and_others_go_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"text": "Envoys met."}\n{"text": \n'
        + json.dumps({"text": "Envoys left caf\u00e9."}).encode("utf-8")
        + b'\n{"text": "Envoys returned to the caf\xe9."}\n'  # a stray Latin-1 line
    )
    items = list(read_path(path))
    assert [type(i) for i in items] == [RawArticle, InputError, RawArticle, RawArticle]
    assert items[1].input_name == f"{path}:2"
    assert isinstance(items[3], RawArticle) and items[3].text == "Envoys returned to the café."


def test_unknown_extension_is_sniffed_and_explicit_format_wins(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_text(PAGE, encoding="utf-8")
    (tmp_path / "feed.dat").write_text(json.dumps({"text": "Envoys met."}) + "\n", encoding="utf-8")
    (tmp_path / "story.dat").write_text(ARTICLE, encoding="utf-8")
    page, feed, story = (next(read_path(tmp_path / n)) for n in ("page.dat", "feed.dat", "story.dat"))
    assert isinstance(page, RawArticle) and page.title == "Envoys head to the region"
    assert isinstance(feed, RawArticle) and feed.origin.endswith("feed.dat:1")
    assert isinstance(story, RawArticle) and story.credits == ["AFP"]
    (as_text,) = read_path(tmp_path / "page.dat", input_format="text")
    assert isinstance(as_text, RawArticle) and as_text.text.startswith("<html>")


def test_explicit_format_reads_every_file_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text(ARTICLE, encoding="utf-8")
    assert isinstance(next(read_path(tmp_path)), EmptyInput)  # auto: .md is not an input
    (a,) = read_path(tmp_path, input_format="text")
    assert isinstance(a, RawArticle)


def test_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 64)
    (tmp_path / "big.txt").write_text(ARTICLE * 10, encoding="utf-8")
    (tmp_path / "big.jsonl").write_text((json.dumps({"text": "Envoys met."}) + "\n") * 10, encoding="utf-8")
    (error,) = read_path(tmp_path / "big.txt")
    assert isinstance(error, InputError) and "limit" in error.reason and "JSON Lines" in error.reason
    assert len(_articles(list(read_path(tmp_path / "big.jsonl")))) == 10  # streamed, not refused


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    (error,) = read_path(path)
    assert isinstance(error, InputError) and error.input_name == str(path)


@pytest.mark.parametrize(
    ("content", "check"),
    [
        (
            "\n"
            + json.dumps({"text": "Envoys met.", "id": "s1"})
            + "\n"
            + json.dumps({"text": "Envoys left."}),
            lambda items: [a.origin for a in items] == ["<stdin>:2", "<stdin>:3"],
        ),
        (PAGE, lambda items: items[0].title == "Envoys head to the region"),
        (ARTICLE, lambda items: items[0].credits == ["AFP"] and items[0].origin == "<stdin>"),
        (json.dumps([{"text": "Envoys met."}], indent=2), lambda items: items[0].origin == "<stdin>[0]"),
    ],
)
def test_stdin_is_sniffed(content: str, check: object) -> None:
    items = list(iter_inputs(["-"], stdin=io.StringIO(content)))
    assert all(isinstance(i, RawArticle) for i in items)
    assert callable(check) and check(items)


def test_stdin_bytes_are_decoded_and_date_applies() -> None:
    stream = io.TextIOWrapper(io.BytesIO("Talks in Zürich\nThe ministers met in Zürich.\n".encode("latin-1")))
    (a,) = iter_inputs(["-"], stdin=stream, published="2024-01-12")
    assert (
        isinstance(a, RawArticle) and a.text == "The ministers met in Zürich." and a.published == "2024-01-12"
    )


def test_empty_stdin() -> None:
    (e,) = iter_inputs(["-"], stdin=io.StringIO("\n\n"))
    assert isinstance(e, EmptyInput) and e.input_name == "<stdin>"


def test_unknown_format_raises_at_once() -> None:
    with pytest.raises(UnsupportedFormat):
        iter_inputs(["x"], input_format="pdf")


def test_read_failure_is_an_error_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "next.txt").write_text(ARTICLE, encoding="utf-8")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    error, good = iter_inputs([str(locked), str(tmp_path / "next.txt")])
    assert isinstance(error, InputError) and error.input_name == str(locked)
    assert "Permission denied" in error.reason
    assert isinstance(good, RawArticle)


# --- feeds, WARC, SGML and URLs ------------------------------------------------------------------

RSS = (
    b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>'
    b"<item><title>Envoys meet</title><link>https://wire.example/1</link>"
    b"<description>The envoys met officials in Geneva on Friday.</description></item>"
    b"</channel></rss>"
)
ATOM = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><entry><title>Talks</title>'
    b"<id>urn:1</id><summary>The talks resumed in Vienna on Monday.</summary></entry></feed>"
)
XHTML = (
    '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">' + PAGE.split("<html>", 1)[1]
).encode()
SGML = (
    b'<REUTERS NEWID="7"><DATE>2-MAR-1987 10:00:00.00</DATE><TEXT><TITLE>TALKS</TITLE>'
    b"<DATELINE>    GENEVA, March 2 - </DATELINE><BODY>The envoys met in Geneva.\n Reuter\n&#3;</BODY>"
    b"</TEXT>\n"
    b"</REUTERS>\n"
)


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://wire.example/page", "response", payload=io.BytesIO(PAGE.encode()), http_headers=http
    )
    writer.write_record(record)
    return buffer.getvalue()


def test_new_formats_by_extension_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_bytes(RSS)
    (tmp_path / "b.atom").write_bytes(ATOM)
    (tmp_path / "c.xml").write_bytes(RSS)  # .xml: a feed by its root element
    (tmp_path / "d.xml").write_bytes(XHTML)  # .xml: XHTML by its root element
    (tmp_path / "e.warc.gz").write_bytes(_warc())
    (tmp_path / "f.sgm").write_bytes(SGML)
    (tmp_path / "g.gz").write_bytes(b"\x1f\x8b\x08")  # not an input extension: not read
    items = list(iter_inputs([str(tmp_path)]))
    assert _errors(items) == []
    articles = _articles(items)
    assert [Path(a.origin).name for a in articles] == [
        "a.rss[0]",
        "b.atom[0]",
        "c.xml[0]",
        "d.xml",
        "e.warc.gz@0",
        "f.sgm:1",
    ]
    assert articles[1].source == "Atom Wire" and articles[3].title == "Envoys head to the region"
    assert articles[4].url == "https://wire.example/page" and articles[5].id == "reuters-7"


def test_feed_is_sniffed_and_forced(tmp_path: Path) -> None:
    (tmp_path / "feed.dat").write_bytes(RSS)
    (feed,) = read_path(tmp_path / "feed.dat")
    assert isinstance(feed, RawArticle) and feed.title == "Envoys meet"
    (tmp_path / "feed.txt").write_bytes(RSS)
    (forced,) = read_path(tmp_path / "feed.txt", input_format="feed")
    assert isinstance(forced, RawArticle) and forced.source == "Wire"
    (stdin,) = iter_inputs(["-"], stdin=io.StringIO(RSS.decode()))
    assert isinstance(stdin, RawArticle) and stdin.origin == "<stdin>[0]"
    (refused,) = iter_inputs(["-"], stdin=io.StringIO("x"), input_format="warc")
    assert isinstance(refused, UnsupportedFormat)


def test_formats_list_matches_the_cli() -> None:
    from eventwire.cli.code import code

    choice = next(p for p in code.params if p.name == "input_format")
    assert list(choice.type.choices) == list(sources_module.FORMATS)  # type: ignore[attr-defined]


def test_urls_are_read_by_what_the_server_sends(web: WebServer) -> None:
    web.routes["/feed"] = Route(RSS, content_type="application/rss+xml")
    web.routes["/feed-as-xml"] = Route(ATOM, content_type="text/xml")
    web.routes["/page"] = Route(PAGE.encode())
    web.routes["/story.txt"] = Route(
        ARTICLE.encode("cp1252"), content_type="text/plain; charset=windows-1252"
    )
    web.routes["/image"] = Route(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    urls = [web.url(p) for p in ("/feed", "/feed-as-xml", "/page", "/story.txt", "/image", "/missing")]
    with Fetcher(min_interval=0.0) as fetcher:
        items = list(iter_inputs(urls, fetcher=fetcher, fetch_articles=False))
    feed, atom, page, story, image, missing = items
    assert isinstance(feed, RawArticle) and feed.origin == urls[0] + "[0]" and feed.source == "Wire"
    assert isinstance(atom, RawArticle) and atom.source == "Atom Wire"
    assert isinstance(page, RawArticle) and page.title == "Envoys head to the region" and page.url == urls[2]
    assert isinstance(story, RawArticle) and story.credits == ["AFP"] and story.origin == urls[3]
    assert isinstance(image, UnsupportedFormat) and "image/png" in image.reason
    assert isinstance(missing, FetchError) and "HTTP 404" in missing.reason
    assert web.paths().count("/robots.txt") == 1
