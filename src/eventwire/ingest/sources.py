"""Where articles come from: files, folders and standard input, read one at a time.

:func:`iter_inputs` takes what the user named on the command line and yields a
:class:`~eventwire.ingest.document.RawArticle` per article, or an
:class:`~eventwire.errors.InputError` for an input that cannot be read — a missing path, an empty
or binary file, a bad JSONL line — and goes on with the rest. Nothing is held longer than needed:
folders are walked lazily, JSON Lines files and JSONL on standard input are read line by line,
and other files are read whole, one at a time, up to :data:`MAX_FILE_BYTES`.

Formats (``input_format``): ``auto`` picks by file extension, else by the first characters
(``{`` JSON Lines, ``[`` JSON, ``<`` HTML, anything else text); ``text``, ``html``, ``jsonl`` and
``json`` force one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO, TextIO

from eventwire.errors import EmptyInput, InputError, UnsupportedFormat
from eventwire.ingest.decoding import decode_bytes, decode_line
from eventwire.ingest.document import RawArticle
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_json, read_jsonl
from eventwire.ingest.text import read_text

Item = RawArticle | InputError

FORMATS = ("auto", "text", "html", "jsonl", "json")
EXTENSIONS = MappingProxyType(
    {
        ".txt": "text",
        ".text": "text",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".json": "json",
    }
)
# A news article is a few kilobytes and a saved page a few hundred; a larger single file is a
# corpus in the wrong format (or not news), and reading it whole would hold it all in memory.
# JSON Lines files are exempt: they are read a line at a time.
MAX_FILE_BYTES = 50 * 1024 * 1024
STDIN_NAME = "<stdin>"
_SNIFF_BYTES = 8192


def iter_inputs(
    paths: Sequence[str],
    *,
    input_format: str = "auto",
    published: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Item]:
    """Yield the articles of every path in ``paths`` (files, folders, ``"-"`` for standard input).

    ``published`` (``--date``, YYYY-MM-DD) is the publication date of inputs that carry none of
    their own. ``stdin`` replaces ``sys.stdin`` for ``"-"``. Raises UnsupportedFormat at once for
    an unknown ``input_format``; every problem with an input is yielded as an InputError instead.
    """
    _check_format(input_format)
    return chain.from_iterable(
        read_path(p, input_format=input_format, published=published, stdin=stdin) for p in paths
    )


def read_path(
    path: str | os.PathLike[str],
    *,
    input_format: str = "auto",
    published: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Item]:
    """Yield the articles of one file, folder (recursively) or ``"-"`` (standard input).

    In a folder, files are visited in name order, sub-folders in place among them; hidden files
    and folders are skipped, and with ``input_format="auto"`` only files with a known extension
    (see :data:`EXTENSIONS`) are read.
    """
    _check_format(input_format)
    return _read_path(os.fspath(path), input_format, published, stdin)


def _check_format(input_format: str) -> None:
    if input_format not in FORMATS:
        raise UnsupportedFormat(
            f"--format {input_format}", f"unknown input format; use one of {', '.join(FORMATS)}"
        )


def _read_path(name: str, fmt: str, published: str | None, stdin: TextIO | None) -> Iterator[Item]:
    if name == "-":
        yield from _read_stdin(stdin if stdin is not None else sys.stdin, fmt, published)
        return
    path = Path(name)
    if path.is_dir():
        yield from _read_folder(path, name, fmt, published)
    elif path.exists():
        yield from _read_file(path, name, fmt, published)
    else:
        yield InputError(name, "no such file or folder")


def _read_folder(root: Path, name: str, fmt: str, published: str | None) -> Iterator[Item]:
    found = False
    for entry in _walk(root, name, fmt):
        if isinstance(entry, InputError):
            yield entry
            continue
        found = True
        yield from _read_file(entry, str(entry), fmt, published)
    if not found:
        known = ", ".join(sorted(EXTENSIONS))
        yield EmptyInput(name, f"the folder holds no input files ({known}; hidden files are skipped)")


def _walk(folder: Path, name: str, fmt: str) -> Iterator[Path | InputError]:
    """Input files under ``folder`` in name order, descending into sub-folders as they come."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield InputError(name, f"the folder cannot be listed ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, str(path), fmt)
        elif is_file and (fmt != "auto" or path.suffix.lower() in EXTENSIONS):
            yield path


def _read_file(path: Path, name: str, fmt: str, published: str | None) -> Iterator[Item]:
    try:
        size = path.stat().st_size
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")
        return
    if size == 0:
        yield EmptyInput(name, "the file is empty")
        return
    kind = fmt if fmt != "auto" else EXTENSIONS.get(path.suffix.lower())
    if kind == "jsonl":
        yield from _read_jsonl_file(path, name, published)
        return
    if size > MAX_FILE_BYTES:
        yield InputError(
            name,
            f"the file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for one "
            "article; split it, or write it as JSON Lines (read a line at a time)",
        )
        return
    try:
        data = path.read_bytes()
        content = decode_bytes(data, name)
    except InputError as e:
        yield e
        return
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")
        return
    if kind is None:
        kind = sniff(content)
        if kind == "jsonl":
            yield from read_jsonl(content.splitlines(), name, published=published)
            return
    yield from _parse(content, name, kind, published)


def _read_jsonl_file(path: Path, name: str, published: str | None) -> Iterator[Item]:
    try:
        with path.open("rb") as f:
            if b"\x00" in f.read(_SNIFF_BYTES):
                yield InputError(name, "it is a binary file (it contains NUL bytes), not JSON Lines")
                return
            f.seek(0)
            yield from read_jsonl(_decoded_lines(f), name, published=published)
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")


def _decoded_lines(f: Iterable[bytes]) -> Iterator[str]:
    for raw in f:
        yield decode_line(raw)


def _read_stdin(stream: TextIO, fmt: str, published: str | None) -> Iterator[Item]:
    """Standard input: sniffed from its first non-blank line when the format is ``auto``.

    Read as bytes when the stream has a binary buffer (``sys.stdin``), so that any encoding is
    decoded as files are; a text stream (a test's StringIO) is read as it is.
    """
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    head: list[str] = []
    rest: Iterator[str] = _decoded_lines(buffer) if buffer is not None else iter(stream)
    try:
        for line in rest:
            head.append(line)
            if line.strip():
                break
        kind = fmt if fmt != "auto" else sniff("".join(head))
        if kind == "jsonl":
            yield from read_jsonl(chain(head, rest), STDIN_NAME, published=published)
            return
        content = "".join(head)
        if buffer is not None:
            data = buffer.read(MAX_FILE_BYTES + 1)
            if len(data) + len(content) > MAX_FILE_BYTES:
                yield InputError(STDIN_NAME, "more than 50 MB on standard input; send JSON Lines instead")
                return
            content += decode_bytes(data, STDIN_NAME)
        else:
            content += stream.read()
    except (OSError, UnicodeDecodeError) as e:
        yield InputError(STDIN_NAME, f"cannot be read ({e})")
        return
    except InputError as e:
        yield e
        return
    if not content.strip():
        yield EmptyInput(STDIN_NAME, "nothing was given on standard input")
        return
    yield from _parse(content, STDIN_NAME, kind, published)


def _parse(content: str, name: str, kind: str, published: str | None) -> Iterator[Item]:
    """One decoded input in a known format -> its articles or errors."""
    try:
        if kind == "html":
            yield read_html(content, name, published=published)
        elif kind == "json":
            yield from read_json(content, name, published=published)
        elif kind == "jsonl":
            yield from read_jsonl(content.splitlines(), name, published=published)
        else:
            yield read_text(content, name, published=published)
    except InputError as e:
        yield e


def sniff(content: str) -> str:
    """Guess a format from the first non-blank characters: jsonl, json, html or text."""
    start = content.lstrip("\ufeff \t\r\n")[:1]
    if start == "{":
        first_line = content.lstrip("\ufeff \t\r\n").split("\n", 1)[0].rstrip()
        # A one-object-per-line file closes its object on the first line; a pretty-printed
        # JSON object does not.
        return "jsonl" if first_line.endswith("}") else "json"
    if start == "[":
        return "json"
    if start == "<":
        return "html"
    return "text"
