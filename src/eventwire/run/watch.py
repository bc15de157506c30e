"""``eventwire watch``: poll RSS/Atom feeds, fetch what is new, code it and store it, again and again.

Each poll of a feed is polite and cheap:

- the feed is fetched with a conditional request (its ETag and Last-Modified are kept in the
  store's ``meta`` table, so a restarted watcher still asks "anything new?");
- entries whose link the store already holds are dropped before any page is fetched;
- pages are fetched through :class:`~eventwire.ingest.fetch.Fetcher`, which reads robots.txt and
  waits ``min_interval`` seconds between requests to one host;
- what is left goes through the same :class:`~eventwire.run.ingest.Ingester` as ``eventwire
  ingest``: deduplicated, coded, written in batches, failures recorded.

A network error, a feed that cannot be parsed or a page that cannot be read is reported and
recorded; the watcher goes on with the next feed and the next poll. Only a store that cannot be
written (or a configuration error) stops it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from eventwire.errors import InputError
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.fetch import Fetcher, ValidatorCache
from eventwire.run.settings import IngestSummary
from eventwire.store import schema

if TYPE_CHECKING:
    from eventwire.ingest.document import RawArticle
    from eventwire.run.ingest import Ingester

VALIDATORS_KEY = "watch:validators"
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# GDELT's update interval; feeds rarely change faster, and polling faster than a minute is rude.
DEFAULT_EVERY = 15 * 60
MIN_EVERY = 60


def parse_interval(text: str) -> float:
    """``"15m"`` -> 900.0; units s, m, h, d (none means seconds). Raises ValueError with the reason."""
    m = _INTERVAL.match(text)
    if not m:
        raise ValueError(f"{text!r} is not an interval such as 90s, 15m, 1h or 1d")
    return float(m.group(1)) * _UNIT_SECONDS[m.group(2)]


@dataclass
class PollReport:
    """What one poll of every feed did."""

    feeds_changed: int = 0
    feeds_unchanged: int = 0
    feed_errors: list[InputError] = field(default_factory=list)
    summary: IngestSummary = field(default_factory=IngestSummary)


class Watcher:
    """Poll ``feeds`` into the store of ``ingester`` every ``every`` seconds.

    ``fetcher`` is made when none is given (its validators are loaded from the store on the first
    poll). ``sleep`` and ``clock`` are there for tests and for callers with their own scheduler.
    """

    def __init__(
        self,
        ingester: Ingester,
        feeds: Sequence[str],
        *,
        every: float = DEFAULT_EVERY,
        fetcher: Fetcher | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not feeds:
            raise ValueError("give at least one feed URL to watch")
        self.ingester = ingester
        self.feeds = list(feeds)
        self.every = every
        self._fetcher = fetcher
        self._sleep = sleep
        self._clock = clock
        self._validators_loaded = False

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(validators=ValidatorCache())
        return self._fetcher

    def poll(self) -> PollReport:
        """Poll every feed once: fetch new entries, code and store them."""
        self._load_validators()
        report = PollReport()
        items = self._items(report)
        report.summary = self.ingester.run_items(items)
        self._save_validators()
        return report

    def run(
        self, *, polls: int | None = None, on_poll: Callable[[int, PollReport], None] | None = None
    ) -> int:
        """Poll until interrupted (or ``polls`` times); return the number of polls done."""
        done = 0
        while polls is None or done < polls:
            started = self._clock()
            report = self.poll()
            done += 1
            if on_poll is not None:
                on_poll(done, report)
            if polls is not None and done >= polls:
                break
            self._sleep(max(0.0, self.every - (self._clock() - started)))
        return done

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    # ---- one poll ------------------------------------------------------------------------------
    def _items(self, report: PollReport) -> Iterator[RawArticle | InputError]:
        for url in self.feeds:
            try:
                result = self.fetcher.fetch(url)
            except InputError as exc:
                report.feed_errors.append(exc)
                yield exc
                continue
            if result.not_modified:
                report.feeds_unchanged += 1
                continue
            report.feeds_changed += 1
            yield from read_feed(
                result.content,
                url,
                base_url=result.final_url,
                encoding=result.encoding,
                fetch_articles=True,
                fetcher=self.fetcher,
                skip_link=self._is_stored,
            )

    def _is_stored(self, link: str) -> bool:
        a = schema.articles
        with self.ingester.store.connect() as conn:
            return conn.execute(select(a.c.id).where(a.c.url == link).limit(1)).first() is not None

    # ---- validators kept in the store, so a restarted watcher still asks conditionally ---------
    def _load_validators(self) -> None:
        if self._validators_loaded:
            return
        self._validators_loaded = True
        m = schema.meta
        with self.ingester.store.connect() as conn:
            saved = conn.execute(select(m.c.value).where(m.c.key == VALIDATORS_KEY)).scalar()
        if saved:
            try:
                loaded = ValidatorCache.from_json(saved, origin="the store's feed validators")
            except InputError:
                return  # a damaged cache only costs one unconditional request per feed
            self.fetcher.validators.update(loaded)

    def _save_validators(self) -> None:
        m = schema.meta
        value = self.fetcher.validators.to_json()
        with self.ingester.store.begin() as conn:
            done = conn.execute(m.update().where(m.c.key == VALIDATORS_KEY).values(value=value)).rowcount
            if not done:
                conn.execute(m.insert().values(key=VALIDATORS_KEY, value=value))
