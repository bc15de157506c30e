"""WARC files: HTML responses read as pages, other records skipped, broken records reported and
stepped over. The archives are written in each test with warcio's WARCWriter."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import EmptyInput, InputError
from eventwire.ingest import RawArticle, read_path
from eventwire.ingest.warc import read_warc


def _page(title: str, sentence: str, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>"
        f"<p>{sentence} The talks will go on next week, the officials said in a statement on Friday.</p>"
        "</article></body></html>"
    ).encode()


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2024-03-09T12:00:00Z"},
    )
    writer.write_record(record)


def _archive(gzip: bool) -> bytes:
    """warcinfo, a request, two HTML pages, an image, a 404 page and a metadata record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "eventwire tests"}))
    request = StatusAndHeaders("GET /one HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record("https://news.example/one", "request", http_headers=request)
    )
    _response(writer, "https://news.example/one", _page("Envoys meet", "Envoys met in Geneva.", "2024-03-08"))
    _response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png")
    _response(
        writer, "https://news.example/gone", _page("Not found", "Nothing here."), status="404 Not Found"
    )
    _response(writer, "https://news.example/two", _page("Talks resume", "The talks resumed in Vienna."))
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/two", "metadata", payload=io.BytesIO(b"outlinks: none")
        )
    )
    return buffer.getvalue()


def _offsets(data: bytes) -> list[int]:
    records = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in records:
        records.read_to_end()
        offsets.append(records.get_record_offset())
    return offsets


def _articles(items: list[RawArticle | InputError]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


@pytest.mark.parametrize("gzip", [False, True])
def test_html_responses_become_articles(tmp_path: Path, gzip: bool) -> None:
    data = _archive(gzip)
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(data)
    items = list(read_path(path))
    assert all(isinstance(i, RawArticle) for i in items)
    one, two = _articles(items)
    offsets = _offsets(data)
    assert one.origin == f"{path}@{offsets[2]}" and two.origin == f"{path}@{offsets[5]}"
    assert one.url == "https://news.example/one" and two.url == "https://news.example/two"
    assert one.title == "Envoys meet" and one.text.startswith("Envoys met in Geneva.")
    assert one.published == "2024-03-08"  # the page's own date
    assert two.published == "2024-03-09"  # none on the page: when it was archived


def test_date_option_is_the_last_resort(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_archive(False).replace(b"WARC-Date: 2024-03-09T12:00:00Z", b"WARC-Date: unknown-date"))
    one, two = _articles(list(read_warc(path, published="2024-01-01")))
    assert (one.published, two.published) == ("2024-03-08", "2024-01-01")


@pytest.mark.parametrize("gzip", [False, True])
def test_corrupt_record_is_reported_and_the_rest_is_read(tmp_path: Path, gzip: bool) -> None:
    data = _archive(gzip)
    offsets = _offsets(data)
    broken = bytearray(data)
    broken[offsets[2] + 4 : offsets[2] + 60] = b"\xff" * 56  # the first page's record header
    path = tmp_path / "broken.warc"
    path.write_bytes(bytes(broken))
    items = list(read_warc(path))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and errors[0].input_name == str(path)
    assert f"record at byte {offsets[2]}" in errors[0].reason and "truncated or corrupt" in errors[0].reason
    assert [a.url for a in _articles(items)] == ["https://news.example/two"]


@pytest.mark.parametrize("gzip", [False, True])
@pytest.mark.parametrize("where", [0.2, 0.9])  # in the record's header, in the page
def test_truncated_last_record(tmp_path: Path, gzip: bool, where: float) -> None:
    data = _archive(gzip)
    offsets = _offsets(data)
    # Cut the file inside the second page's record (the metadata record after it goes too).
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: offsets[5] + int((offsets[6] - offsets[5]) * where)])
    items = list(read_warc(path))
    assert [a.url for a in _articles(items)] == ["https://news.example/one"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and f"byte {offsets[5]}" in errors[0].reason
    assert errors[0].input_name == str(path)


def test_wrong_content_length_is_reported_without_printing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = _archive(False)
    offsets = _offsets(data)
    record = data[offsets[2] : offsets[3]]
    length = record.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
    shorter = str(int(length) - 40).encode().rjust(len(length), b"0")  # same size, 40 bytes fewer
    path = tmp_path / "lying.warc"
    path.write_bytes(
        data[: offsets[2]]
        + record.replace(b"Content-Length: " + length, b"Content-Length: " + shorter, 1)
        + data[offsets[3] :]
    )
    items = list(read_warc(path))
    assert capfd.readouterr().err == ""  # warcio's warning is turned into an item, not printed
    reasons = [i.reason for i in items if isinstance(i, InputError)]
    assert any(f"byte {offsets[2]}" in r and "Content-Length" in r for r in reasons)
    assert "https://news.example/two" in [a.url for a in _articles(items)]


def test_archive_without_pages_and_files_that_are_not_warc(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("empty.warc.gz", {"software": "eventwire tests"}))
    (tmp_path / "empty.warc.gz").write_bytes(buffer.getvalue())
    (tmp_path / "text.warc").write_text("These are notes, not an archive.", encoding="utf-8")
    (empty,) = read_path(tmp_path / "empty.warc.gz")
    assert isinstance(empty, EmptyInput) and "no HTML response" in empty.reason
    (wrong,) = read_path(tmp_path / "text.warc")
    assert isinstance(wrong, InputError) and "not a WARC file" in wrong.reason
    (missing,) = read_warc(tmp_path / "missing.warc")
    assert isinstance(missing, InputError) and "cannot be read" in missing.reason
