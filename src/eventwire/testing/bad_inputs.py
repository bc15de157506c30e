"""A catalogue of hostile inputs, written to a folder for a test or a deployment check.

Each :class:`BadInput` is one kind of trouble a crawl returns: empty pages, binaries named
``.html``, NUL bytes, broken encodings, huge files, markup nested 100,000 deep, broken JSON Lines,
feeds with external entities or entity bombs, truncated WARC files, other languages, absurd
dates, text of only quotation marks. ``expect`` says what eventwire must do with it:

- ``"error"``: refuse it with a clear message naming the input (and, for the CLI, no traceback);
- ``"coded"``: read and code it, since there is an article in it after all (a latin-1 file,
  a 30 MB text that is cut at ``Options.max_chars``); ``marker`` holds words the coded text
  must contain, which also shows it was decoded right ("Málaga" from a latin-1 file);
- ``"skipped"``: not an input at all when it lies in a folder (a spreadsheet among articles:
  folders are read by file extension, see :func:`eventwire.ingest.read_path`); named on its own,
  it is refused like an ``"error"``.

Either way the good articles beside it are all coded. Every coded kind carries a text of its
own, so that none is taken for a copy of another (``eventwire ingest`` skips a text it stored
already). The files are generated, never stored, so the catalogue costs nothing in the
repository; the largest is 30 MB.
"""

from __future__ import annotations

import codecs
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

# One short article per coded kind, each with a word no other has (its marker).
KIND_TEXTS = {
    "latin1": "Caf\u00e9 owners in M\u00e1laga said police closed the old market on Thursday after a fire "
    "destroyed three stalls. The mayor promised compensation to the traders.",
    "mixed": "Bolivian miners blocked the main highway to La Paz on Friday, demanding higher prices for tin. "
    "Police used tear gas to clear the road, officials said.",
    "utf16": "Greek fishermen protested in Piraeus on Monday against new quotas set by the European Union. "
    "The fisheries minister agreed to meet their leaders next week.",
    "utf32": "Icelandic officials evacuated the town of Grindavik on Sunday as a volcano erupted nearby. "
    "The prime minister said the government would house the families.",
    "ansi": "Colombian soldiers clashed with rebels in the province of Cauca on Wednesday, the army said. "
    "Two soldiers were wounded in the fighting.",
    "bidi": "Senegalese voters queued in Dakar on Sunday to elect a new president. Observers from the "
    "African Union said the vote was calm.",
    "unclosed": "Norwegian Foreign Minister Espen Barth Eide met Palestinian officials in Oslo on Tuesday to "
    "discuss aid. The talks were described as constructive.",
    "cr": "Mongolian herders asked the government in Ulaanbaatar for emergency help on Thursday after a "
    "harsh winter killed thousands of animals. The cabinet approved funds.",
    "charset": "Protesters in C\u00f3rdoba demanded the resignation of the provincial governor on Saturday. "
    "Argentine police arrested twelve people.",
    "markup": "Fijian leaders signed a fisheries agreement with New Zealand in Suva on Friday. The deal "
    "gives local boats access to new waters.",
    "bom_crlf_1": "Latvian border guards stopped a group of migrants at the frontier with Belarus on Monday, "
    "the interior ministry said.",
    "bom_crlf_2": "Estonian Prime Minister Kaja Kallas met Finnish President Alexander Stubb in Tallinn on "
    "Tuesday to discuss energy security.",
    "padded": "Ghanaian lawmakers approved a budget in Accra on Wednesday after a long debate. The finance "
    "minister thanked the opposition for its support.",
    "tabs": "Zambian farmers protested in Lusaka on Thursday against high fertiliser prices. The government "
    "promised subsidies.",
    "surrogate_1": "Namibian officials in Windhoek announced new drought relief on Monday. The plan covers "
    "farmers in the north.",
    "surrogate_2": "Botswana's president opened a diamond mine near Gaborone on Tuesday, officials said.",
    "repeat": "The Uruguayan minister said talks with Brazil would continue in Montevideo. ",
}


@dataclass(frozen=True)
class BadInput:
    """One kind of hostile input and what eventwire must do with it."""

    kind: str
    filename: str
    expect: str  # "error" | "coded" | "skipped"
    make: Callable[[], bytes]
    marker: tuple[str, ...] = ()  # for "coded": words the coded text contains (one per article)

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


def _warc_bomb(megabytes: int) -> bytes:
    """A gzipped WARC response record whose HTML page unpacks to ``megabytes`` MB (60 kB packed)."""
    page = b"<html><body><p>" + b"a " * (megabytes * 512 * 1024) + b"</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/bomb\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http)}\r\n\r\n".encode()
        + http
        + b"\r\n\r\n"
    )
    return _gz(record)


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
        lambda: KIND_TEXTS["latin1"].encode("latin-1"),
        ("M\u00e1laga",),
    ),
    BadInput(
        "mixed encodings",
        "mixed.txt",
        "coded",
        lambda: "Caf\u00e9 ".encode() + "na\u00efve ".encode("latin-1") + KIND_TEXTS["mixed"].encode(),
        ("Bolivian",),
    ),
    BadInput(
        "UTF-16 with BOM", "utf16.txt", "coded", lambda: KIND_TEXTS["utf16"].encode("utf-16"), ("Piraeus",)
    ),
    BadInput(
        "UTF-32 with BOM", "utf32.txt", "coded", lambda: KIND_TEXTS["utf32"].encode("utf-32"), ("Grindavik",)
    ),
    BadInput(
        "control and escape characters",
        "ansi.txt",
        "coded",
        lambda: ("\x1b[31m\x07\x08" + KIND_TEXTS["ansi"] + "\x1b[0m").encode(),
        ("Cauca",),
    ),
    BadInput(
        "zero-width and bidi characters",
        "bidi.txt",
        "coded",
        lambda: ("\u200b\u202e" + KIND_TEXTS["bidi"].replace(" ", " \u200d")).encode(),
        ("Dakar",),
    ),
    BadInput(
        "old Mac line ends (CR only)",
        "cr.txt",
        "coded",
        lambda: KIND_TEXTS["cr"].replace(". ", ".\r\r").encode(),
        ("Ulaanbaatar",),
    ),
    BadInput(
        "100,000 blank lines around the text",
        "padded.txt",
        "coded",
        lambda: b"\n" * 100_000 + KIND_TEXTS["padded"].encode() + b"\n" * 100_000,
        ("Accra",),
    ),
    BadInput(
        "tabs for spaces",
        "tabs.txt",
        "coded",
        lambda: KIND_TEXTS["tabs"].replace(" ", "\t").encode(),
        ("Lusaka",),
    ),
    BadInput(
        "one sentence 300 times",
        "repeat.txt",
        "coded",
        lambda: (KIND_TEXTS["repeat"] * 300).encode(),
        ("Montevideo",),
    ),
    BadInput("30 MB text", "huge.txt", "coded", lambda: _huge_text(30), ("minister",)),
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
        lambda: b"<html><body><article><p>" + KIND_TEXTS["unclosed"].encode() + b"<p><div><span>",
        ("Oslo",),
    ),
    BadInput(
        "HTML whose declared charset is wrong",
        "charset.html",
        "coded",
        lambda: (
            b'<html><head><meta charset="utf-8"><title>Protest</title></head><body><article><p>'
            + KIND_TEXTS["charset"].encode("cp1252")
            + b"</p></article></body></html>"
        ),
        ("C\u00f3rdoba",),
    ),
    BadInput("broken JSON Lines", "broken.jsonl", "error", lambda: b'{"text": "unterminated\n{broken\n'),
    BadInput("JSON Lines of non-objects", "lists.jsonl", "error", lambda: b'[1, 2]\n42\n"text"\n'),
    BadInput("JSON Lines with a number as text", "numtext.jsonl", "error", lambda: _jsonl({"text": 5})),
    BadInput("JSON Lines without text", "notext.jsonl", "error", lambda: _jsonl({"title": "no body"})),
    BadInput("JSON Lines with null text", "nulltext.jsonl", "error", lambda: _jsonl({"text": None})),
    BadInput(
        "JSON Lines nested 100,000 deep",
        "deepline.jsonl",
        "error",
        lambda: b'{"text": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
    ),
    BadInput(
        "JSON Lines with markup in title and URL",
        "markup.jsonl",
        "coded",
        lambda: _jsonl(
            {"text": KIND_TEXTS["markup"], "title": "<script>alert(1)</script>", "url": "javascript:alert(1)"}
        ),
        ("Suva",),
    ),
    BadInput(
        # json.loads accepts the escape and returns text no codec can encode; spaCy failed on it
        # and `eventwire code` lost the whole run (fixed in eventwire.ingest.jsonl)
        "JSON Lines with a lone surrogate escape",
        "surrogate.jsonl",
        "coded",
        lambda: (
            json.dumps({"text": KIND_TEXTS["surrogate_1"]}).replace(" new ", " new \\ud800")
            + "\n"
            + json.dumps({"text": KIND_TEXTS["surrogate_2"]})
            + "\n"
        ).encode(),
        ("Windhoek", "Gaborone"),
    ),
    BadInput(
        "JSON Lines with a BOM and CRLF line ends",
        "bomcrlf.jsonl",
        "coded",
        lambda: (
            b"\xef\xbb\xbf"
            + _jsonl({"text": KIND_TEXTS["bom_crlf_1"]}, {"text": KIND_TEXTS["bom_crlf_2"]}).replace(
                b"\n", b"\r\n"
            )
        ),
        ("Latvian", "Tallinn"),
    ),
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
    BadInput(
        "JSON document nested 100,000 deep", "deep.json", "error", lambda: b"[" * 100_000 + b"]" * 100_000
    ),
    BadInput("UTF-8 byte-order mark only", "bom.txt", "error", lambda: codecs.BOM_UTF8),
    BadInput(
        "UTF-16 without a byte-order mark", "utf16le.txt", "error", lambda: GOOD_TEXTS[0].encode("utf-16-le")
    ),
    BadInput("feed with an external entity (XXE)", "xxe.rss", "error", lambda: _XXE),
    BadInput("feed with an entity bomb", "laughs.rss", "error", lambda: _LAUGHS),
    BadInput("malformed feed", "malformed.rss", "error", lambda: b"<rss><channel><item><title>x</titl"),
    BadInput("truncated WARC", "truncated.warc", "error", lambda: _warc_truncated()),
    BadInput("garbage .warc.gz", "garbage.warc.gz", "error", lambda: _rand(3000, seed=9)),
    BadInput(
        "WARC record that unpacks to 30 MB (gzip bomb)", "bomb.warc.gz", "error", lambda: _warc_bomb(30)
    ),
    BadInput("SGML with an unclosed document", "junk.sgm", "error", lambda: b"<REUTERS><BODY>The minister"),
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
    # Folders are read by extension: a spreadsheet among articles is no input (named alone, it is
    # refused as binary data).
    BadInput("unknown extension", "data.xlsx", "skipped", lambda: _rand(500, seed=10)),
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
