"""Fetching URLs politely: robots.txt, a pause between requests to a host, bounded bodies, and
conditional requests so an unchanged page costs a 304 and no body.

    >>> with Fetcher(min_interval=2.0) as fetcher:            # doctest: +SKIP
    ...     result = fetcher.fetch("https://example.org/news.rss")
    ...     result.status, result.content_type, len(result.content)

:class:`Fetcher` is what ``eventwire code URL`` and the feed reader use, and what a long-running
watcher can keep: it holds per-host state (the time of the last request, the parsed robots.txt)
and a :class:`ValidatorCache` of ETag/Last-Modified values that the caller can save with
:meth:`ValidatorCache.to_json` and hand back next time. Every failure — network, HTTP 4xx/5xx,
robots.txt refusal — is raised as :class:`~eventwire.errors.FetchError` naming the URL; a body
larger than ``max_bytes`` as :class:`~eventwire.errors.InputTooLarge`, found while streaming.

httpx is imported when the first request is made: reading files never pays for it.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from eventwire import __version__
from eventwire.errors import FetchError, InputError, InputTooLarge
from eventwire.ingest.decoding import decode_legacy

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"eventwire/{__version__} (+https://github.com/eventwire)"
# A news page is well under a megabyte of HTML and a feed a few hundred kilobytes; 10 MB leaves
# room for bloated pages while a wrong link (a video, a data dump) is stopped early.
MAX_BYTES = 10 * 1024 * 1024
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; more is ignored.
_MAX_ROBOTS_BYTES = 512 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Validators:
    """What a server said about a URL's version: sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None


class ValidatorCache(MutableMapping[str, Validators]):
    """URL -> :class:`Validators`, kept by the caller between runs (in memory; save it as JSON).

    >>> cache = ValidatorCache.from_json(path.read_text())     # doctest: +SKIP
    >>> path.write_text(cache.to_json())                       # doctest: +SKIP
    """

    def __init__(self, entries: dict[str, Validators] | None = None) -> None:
        self._entries: dict[str, Validators] = dict(entries or {})

    def __getitem__(self, url: str) -> Validators:
        return self._entries[url]

    def __setitem__(self, url: str, value: Validators) -> None:
        self._entries[url] = value

    def __delitem__(self, url: str) -> None:
        del self._entries[url]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def to_json(self) -> str:
        """The cache as a JSON object ``{url: {"etag": ..., "last_modified": ...}}``."""
        data = {
            url: {"etag": v.etag, "last_modified": v.last_modified}
            for url, v in sorted(self._entries.items())
        }
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, *, origin: str = "validator cache") -> ValidatorCache:
        """Read what :meth:`to_json` wrote; raise InputError naming ``origin`` when it is not that."""
        try:
            data = json.loads(text)
        except ValueError as e:
            raise InputError(origin, f"not valid JSON ({e})") from e
        if not isinstance(data, dict):
            raise InputError(origin, "expected a JSON object of URL -> validators")
        entries: dict[str, Validators] = {}
        for url, value in data.items():
            if not isinstance(value, dict):
                raise InputError(origin, f"the entry for {url} is not an object")
            etag, modified = value.get("etag"), value.get("last_modified")
            if not all(v is None or isinstance(v, str) for v in (etag, modified)):
                raise InputError(origin, f"the entry for {url} has a non-string etag or last_modified")
            entries[url] = Validators(etag=etag, last_modified=modified)
        return cls(entries)


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL. ``not_modified`` (HTTP 304) means the cached version is current and
    ``content`` is empty; ``content_type`` is the media type alone ("text/html"), lower case,
    and ``encoding`` the charset the server declared, if any."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    encoding: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


class Fetcher:
    """An HTTP client for articles and feeds that waits its turn and asks before it takes.

    ``min_interval`` seconds separate two requests to the same host (robots.txt included), or the
    host's robots.txt ``Crawl-delay`` when that is longer. With ``respect_robots`` a URL that the
    host's robots.txt disallows for eventwire is refused; robots.txt is read once per host. A
    robots.txt answering 4xx allows everything and one answering 5xx allows nothing, as RFC 9309
    says. ``validators`` (shared with the caller) makes requests conditional. ``clock`` and
    ``sleep`` are there for a caller with its own scheduler. Nothing is opened until the first
    :meth:`fetch`; use the fetcher as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        user_agent: str = USER_AGENT,
        max_bytes: int = MAX_BYTES,
        min_interval: float = 1.0,
        respect_robots: bool = True,
        max_redirects: int = 5,
        validators: ValidatorCache | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.min_interval = min_interval
        self.respect_robots = respect_robots
        self.max_redirects = max_redirects
        self.validators = validators if validators is not None else ValidatorCache()
        self._clock = clock
        self._sleep = sleep
        self._client: httpx.Client | None = None
        self._last_request: dict[str, float] = {}  # host -> clock() when its last request began
        self._robots: dict[str, RobotFileParser | str] = {}  # host -> rules, or why all is refused

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections; the fetcher opens new ones if used again."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str) -> FetchResult:
        """GET ``url``, following up to ``max_redirects`` redirects (each hop checked against its
        host's robots.txt and rate limit). Raises FetchError or InputTooLarge naming ``url``."""
        import httpx

        _check_url(url)
        cached = self.validators.get(url)
        headers: dict[str, str] = {}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        current = url
        for _ in range(self.max_redirects + 1):
            self._check_robots(url, current)
            try:
                response = self._send(current, headers)
            except (httpx.HTTPError, httpx.InvalidURL) as e:
                raise FetchError(url, _network_reason(e, self.timeout)) from e
            try:
                if response.is_redirect and response.next_request is not None:
                    current = str(response.next_request.url)
                    headers = {}  # the validators belong to the URL asked for, not the target
                    continue
                return self._result(url, current, response, cached)
            except httpx.HTTPError as e:
                raise FetchError(url, _network_reason(e, self.timeout)) from e
            finally:
                response.close()
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def _result(
        self, url: str, final: str, response: httpx.Response, cached: Validators | None
    ) -> FetchResult:
        status = response.status_code
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if status == 304:
            if etag or modified:
                old = cached or Validators()
                self.validators[url] = Validators(etag or old.etag, modified or old.last_modified)
            return FetchResult(url, final, status, b"", None, None, etag, modified, not_modified=True)
        if status >= 400:
            phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
            raise FetchError(url, f"the server answered HTTP {status}{phrase}" + _hint(status))
        if not 200 <= status < 300:
            raise FetchError(url, f"the server answered HTTP {status}, which is not a page")
        content = self._read_body(url, response, self.max_bytes)
        if etag or modified:
            self.validators[url] = Validators(etag, modified)
        else:
            self.validators.pop(url, None)
        media, charset = parse_content_type(response.headers.get("content-type"))
        return FetchResult(url, final, status, content, media, charset, etag, modified)

    def _send(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """One GET, streamed, after waiting for the host's turn."""
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout,
                headers={"User-Agent": self.user_agent},
                follow_redirects=False,  # each hop goes through robots.txt and the rate limit
            )
        host = _host(url)
        self._wait_turn(host)
        request = self._client.build_request("GET", url, headers=headers)
        return self._client.send(request, stream=True)

    def _wait_turn(self, host: str) -> None:
        interval = self.min_interval
        rules = self._robots.get(host)
        if isinstance(rules, RobotFileParser):
            delay = rules.crawl_delay(self.user_agent)
            if delay is not None:
                interval = max(interval, float(delay))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _read_body(self, url: str, response: httpx.Response, limit: int) -> bytes:
        """The decoded body, refused as soon as it passes ``limit`` bytes. The limit applies after
        content decoding, so a small gzip bomb is stopped too."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in response.headers and int(declared) > limit:
            raise InputTooLarge(
                url, f"the server announces {int(declared):,} bytes, over the {limit:,} limit"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise InputTooLarge(url, f"the body is over the {limit:,}-byte limit; stopped reading")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_robots(self, url: str, current: str) -> None:
        if not self.respect_robots:
            return
        host = _host(current)
        if host not in self._robots:
            self._robots[host] = self._load_robots(url, host)
        rules = self._robots[host]
        if isinstance(rules, str):
            raise FetchError(url, rules)
        if not rules.can_fetch(self.user_agent, current):
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError(url, f"{host}/robots.txt does not allow eventwire to fetch this page{where}")

    def _load_robots(self, url: str, host: str) -> RobotFileParser | str:
        """The host's robots.txt rules, or the reason every page of the host is refused."""
        import httpx

        rules = RobotFileParser()
        robots_url = f"{host}/robots.txt"
        current = robots_url
        try:
            for _ in range(self.max_redirects + 1):
                response = self._send(current, {})
                try:
                    if response.is_redirect and response.next_request is not None:
                        current = str(response.next_request.url)
                        continue
                    status = response.status_code
                    if status >= 500:
                        return (
                            f"{robots_url} answered HTTP {status}; until it answers, robots.txt rules "
                            "(RFC 9309) say to fetch nothing from the site"
                        )
                    if status >= 400 or not 200 <= status < 300:
                        rules.parse([])  # no robots.txt: everything is allowed
                        return rules
                    body = self._read_body(robots_url, response, _MAX_ROBOTS_BYTES)
                finally:
                    response.close()
                rules.parse(body.decode("utf-8", errors="replace").splitlines())
                return rules
        except InputTooLarge:
            return f"{robots_url} is over {_MAX_ROBOTS_BYTES:,} bytes; it was not read"
        except (httpx.HTTPError, httpx.InvalidURL) as e:
            raise FetchError(
                url, f"{robots_url} could not be read: {_network_reason(e, self.timeout)}"
            ) from e
        return f"{robots_url} redirects more than {self.max_redirects} times"


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "utf-8")``; missing parts are None."""
    if not value:
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return (media.strip().lower() or None), charset


def declared_text(content: bytes, encoding: str | None) -> str | None:
    """``content`` decoded with the charset its server declared; None when none was declared or
    Python does not know it (then the reader detects the encoding itself)."""
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    if name == "ascii":
        return None  # servers say "ascii" by default while sending UTF-8: let the reader look
    if name in ("latin-1", "iso8859-1"):
        # Browsers read a "latin-1" label as Windows-1252 (WHATWG Encoding), and so do pages.
        return decode_legacy(content)
    return content.decode(name, errors="replace")


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchError(url, "only http:// and https:// URLs with a host name can be fetched")


def _host(url: str) -> str:
    """``scheme://host[:port]``: robots.txt and the rate limit are per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _network_reason(error: Any, timeout: float) -> str:
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return f"no answer within {timeout:g} seconds ({type(error).__name__})"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect ({error or 'connection failed'}); check the address and the network"
    if isinstance(error, httpx.DecodingError):
        return f"the body could not be decoded ({error})"
    return f"the request failed ({type(error).__name__}: {error})"


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (the page needs a login or refuses robots)"
    if status in (404, 410):
        return " (no such page; check the address)"
    if status == 429:
        return " (too many requests; raise the interval between requests)"
    if status >= 500:
        return " (a server error; try again later)"
    return ""
