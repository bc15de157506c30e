"""Files, folders and standard input: formats picked, bytes decoded, every failure an item."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from eventwire.errors import EmptyInput, InputError, UnsupportedFormat
from eventwire.ingest import RawArticle, iter_inputs, read_path
from eventwire.ingest import sources as sources_module

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
