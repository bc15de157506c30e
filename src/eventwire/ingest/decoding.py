"""Bytes to text for every reader: UTF-8 first, a detected or Western fallback, never a crash.

Order of attempts:

1. a byte-order mark says the encoding (UTF-8, UTF-16, UTF-32);
2. UTF-8, which nearly all current news text is;
3. when many bytes are non-ASCII (a text in another script), charset_normalizer's guess, if the
   package is installed (trafilatura depends on it);
4. Windows-1252, then Latin-1, which decodes any byte.

Step 3 is skipped for mostly-ASCII text because detection needs material: on a short English
text with three accented letters charset_normalizer guessed cp775 and cp932 here, while
Windows-1252 (a superset of Latin-1's printable range) read it right.
"""

from __future__ import annotations

import codecs
import re

from eventwire.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of non-ASCII bytes above which the text is likely in a non-Latin script, where a
# detector has enough to go on and Windows-1252 would produce mojibake.
_DETECT_ABOVE = 0.2
# Share of control characters above which decoded "text" is binary data.
_MAX_CONTROL = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of input ``name``; raise InputError when they are binary, not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as e:
                raise InputError(name, f"it starts with a {encoding} byte-order mark but {e.reason}") from e
    if b"\x00" in data:
        raise InputError(name, "it is a binary file (it contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    if non_ascii > _DETECT_ABOVE * len(data):
        guessed = _detect(data)
        if guessed is not None:
            return _checked(guessed, name)
    return _checked(decode_legacy(data), name)


def decode_line(data: bytes) -> str:
    """Decode one line of a JSON Lines file: UTF-8 as the format requires, Windows-1252 or
    Latin-1 for a stray legacy line (no detection: a line is too short to detect from)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode_legacy(data)


def decode_legacy(data: bytes) -> str:
    """Windows-1252, or Latin-1 for the five bytes Windows-1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _detect(data: bytes) -> str | None:
    try:
        import charset_normalizer
    except ImportError:
        return None
    best = charset_normalizer.from_bytes(data).best()
    return str(best) if best is not None else None


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters: that is binary data."""
    if text:
        controls = len(_CONTROL.findall(text))
        if controls > _MAX_CONTROL * len(text):
            raise InputError(name, "it looks like a binary file (many control characters), not text")
    return text
