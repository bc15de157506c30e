"""A catalogue of hostile inputs, written to a folder for a test or a deployment check.

Each :class:`BadInput` is one kind of trouble a crawl returns: empty pages, binaries named
``.html``, NUL bytes, broken encodings, huge files, markup nested 100,000 deep, broken JSON Lines,
feeds with external entities or entity bombs, truncated WARC files, other languages, absurd
dates, text of only quotation marks. ``expect`` says what eventwire must do with it:

- ``"error"``: refuse it with a clear message naming the input (and, for the CLI, no traceback);
- ``"coded"``: read and code it, since there is an article in it after all (a latin-1 file,
  a 30 MB text that is cut at ``Options.max_chars``).

Either way the good articles beside it are all coded. The files are generated, never stored,
so the catalogue costs nothing in the repository; the largest is 30 MB.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_TEXTS = (
    "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Nairobi on Monday "
    "to discuss trade across their shared border. The two leaders signed an agreement on customs.",
    "Protesters clashed with police in the Chilean capital Santiago on Tuesday after the government "
    "raised fuel prices. Police fired tear gas at the crowd, witnesses said.",
    "Japan's foreign minister said on Wednesday that Tokyo would send aid to the Philippines after "
    "a typhoon struck the country's north, killing at least twelve people.",
)


@dataclass(frozen=True)
class BadInput:
    """One kind of hostile input and what eventwire must do with it."""

    kind: str
    filename: str
    expect: str  # "error" | "coded"
    make: Callable[[], bytes]

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        path.write_bytes(self.make())
        return path


def _rand(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def _nested_html(depth: int) -> bytes:
    return ("<div>" * depth + "The president met the king." + "</div>" * depth).encode()


def _huge_text(megabytes: int) -> bytes:
    rng = random.Random(3)
    words = [
        *("the", "minister", "said", "talks", "with", "Russia", "would"),
        *("continue", "on", "Monday", "in", "Geneva", "officials"),
    ]
    line_count = megabytes * 1024 * 1024 // 90
    return "".join(" ".join(rng.choices(words, k=14)) + ".\n" for _ in range(line_count)).encode()


_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&xxe;</title><description>&xxe;</description><link>http://127.0.0.1:9/x</link></item>
</channel></rss>"""

_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    b"<description>&lol9;</description></item></channel></rss>"
)


def _warc_truncated() -> bytes:
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: 5000\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>The pre"
    )
    return record


def _gz(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def _jsonl(*objs: object) -> bytes:
    return "".join(json.dumps(o) + "\n" for o in objs).encode()


CATALOGUE: tuple[BadInput, ...] = (
    BadInput("empty file", "empty.txt", "error", lambda: b""),
    BadInput("whitespace only", "blank.txt", "error", lambda: b" \n\t\n   \r\n"),
    BadInput("random binary named .html", "random.html", "error", lambda: _rand(4096)),
    BadInput("random binary named .txt", "random.txt", "error", lambda: _rand(4096, seed=8)),
    BadInput("NUL bytes in text", "nul.txt", "error", lambda: b"The minister\0 said\0 talks\0 failed."),
    BadInput(
        "PDF named .html",
        "report.html",
        "error",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n" + _rand(2000),
    ),
    BadInput("gzip named .txt", "packed.txt", "error", lambda: _gz(GOOD_TEXTS[0].encode())),
    BadInput(
        "latin-1 text",
        "latin1.txt",
        "coded",
        lambda: ("Caf\u00e9 owners in M\u00e1laga said police " + GOOD_TEXTS[1]).encode("latin-1"),
    ),
    BadInput(
        "mixed encodings",
        "mixed.txt",
        "coded",
        lambda: "Caf\u00e9 ".encode() + "na\u00efve ".encode("latin-1") + GOOD_TEXTS[2].encode(),
    ),
    BadInput("UTF-16 with BOM", "utf16.txt", "coded", lambda: GOOD_TEXTS[0].encode("utf-16")),
    BadInput(
        "control and escape characters",
        "ansi.txt",
        "coded",
        lambda: ("\x1b[31m\x07\x08" + GOOD_TEXTS[2] + "\x1b[0m").encode(),
    ),
    BadInput(
        "zero-width and bidi characters",
        "bidi.txt",
        "coded",
        lambda: ("\u200b\u202e" + GOOD_TEXTS[1].replace(" ", " \u200d")).encode(),
    ),
    BadInput("30 MB text", "huge.txt", "coded", lambda: _huge_text(30)),
    BadInput("one 1 MB word", "longword.txt", "error", lambda: b"x" * (1024 * 1024)),
    BadInput("only quotation marks", "quotes.txt", "error", lambda: ("\u201c\u201d\"'" * 2000).encode()),
    BadInput("only punctuation", "punct.txt", "error", lambda: b".,;:!?-" * 500),
    BadInput("HTML nested 100,000 deep", "deep.html", "error", lambda: _nested_html(100_000)),
    BadInput(
        "HTML with only scripts",
        "scripts.html",
        "error",
        lambda: (
            b"<html><head><script>alert(1)</script><style>p{}</style></head><body><script>x()</script></body></html>"
        ),
    ),
    BadInput(
        "unclosed HTML",
        "unclosed.html",
        "coded",
        lambda: b"<html><body><article><p>" + GOOD_TEXTS[0].encode() + b"<p><div><span>",
    ),
    BadInput("broken JSON Lines", "broken.jsonl", "error", lambda: b'{"text": "unterminated\n{broken\n'),
    BadInput("JSON Lines of non-objects", "lists.jsonl", "error", lambda: b'[1, 2]\n42\n"text"\n'),
    BadInput("JSON Lines with a number as text", "numtext.jsonl", "error", lambda: _jsonl({"text": 5})),
    BadInput("JSON Lines without text", "notext.jsonl", "error", lambda: _jsonl({"title": "no body"})),
    BadInput(
        "absurd date",
        "baddate.jsonl",
        "error",
        lambda: _jsonl({"text": GOOD_TEXTS[1], "date": "99999-99-99"}),
    ),
    BadInput(
        "date zero", "zerodate.jsonl", "error", lambda: _jsonl({"text": GOOD_TEXTS[1], "date": "0000-00-00"})
    ),
    BadInput("broken JSON document", "broken.json", "error", lambda: b'[{"text": "a"}, {'),
    BadInput("feed with an external entity (XXE)", "xxe.rss", "error", lambda: _XXE),
    BadInput("feed with an entity bomb", "laughs.rss", "error", lambda: _LAUGHS),
    BadInput("malformed feed", "malformed.rss", "error", lambda: b"<rss><channel><item><title>x</titl"),
    BadInput("truncated WARC", "truncated.warc", "error", lambda: _warc_truncated()),
    BadInput("garbage .warc.gz", "garbage.warc.gz", "error", lambda: _rand(3000, seed=9)),
    BadInput(
        "French text",
        "fr.txt",
        "error",
        lambda: (
            "Le pr\u00e9sident fran\u00e7ais a rencontr\u00e9 le chancelier allemand \u00e0 Berlin "
            "pour discuter de la guerre en Ukraine et des sanctions."
        ).encode(),
    ),
    BadInput(
        "Chinese text",
        "zh.txt",
        "error",
        lambda: "中国外交部发言人周一表示，中方将与俄罗斯举行会谈，讨论地区安全问题。".encode(),
    ),
    BadInput("unknown extension", "data.xlsx", "error", lambda: _rand(500, seed=10)),
)


def write_bad_inputs(folder: Path, *, skip_large: bool = False) -> list[tuple[BadInput, Path]]:
    """Write every catalogued bad input into ``folder``; ``skip_large`` leaves out those over 1 MB."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for bad in CATALOGUE:
        if skip_large and bad.filename in {"huge.txt", "longword.txt"}:
            continue
        written.append((bad, bad.write(folder)))
    return written


def good_articles(folder: Path) -> list[Path]:
    """Write the good articles that must be coded beside the bad ones; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(GOOD_TEXTS):
        path = folder / f"good_{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
