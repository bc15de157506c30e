"""The write stage of an ingest run: one batch, one transaction.

Everything a batch brings — coded articles, near-duplicates, failures, the minhash signatures of
its originals, the people learned from them and its events' stories — is written inside one
transaction, so a run killed at any
moment leaves each batch either whole in the store or absent, and a rerun picks up after the last
committed batch (what is stored is skipped when read again).

Near-duplicates are looked for twice. Before coding, against the store, so that a copy of a
stored article is never coded. Again here, inside the batch's transaction, because an article's
original may have been coded alongside it (earlier in the same batch, or in a batch that finished
first): :meth:`NearDuplicates.find` then sees every original written before it, including those of
this transaction, and the copy is stored as a duplicate with no events of its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from eventwire.dedup import NearDuplicates, assign_stories
from eventwire.errors import InputError, StoreError
from eventwire.ingest.document import RawArticle
from eventwire.records import Article
from eventwire.run.coders import Failed, Outcome
from eventwire.store import Store, schema
from eventwire.store.engine import driver_reason
from eventwire.store.learning import learn_all
from eventwire.store.writer import content_hash, is_known, record_failure, write_article


@dataclass
class Duplicate:
    """An article found to copy a stored one before coding: stored without being coded."""

    raw: RawArticle
    original: str
    similarity: float


@dataclass
class Batch:
    """What the reader collected for one transaction; ``to_code`` goes to the coder."""

    number: int
    read: int = 0  # inputs taken from the reader, whatever became of them
    skipped: int = 0  # already stored (or repeated in this run)
    errors: list[InputError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    to_code: list[RawArticle] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # what the run holds as pending until written


@dataclass
class Tally:
    """What one write did, added to the run's summary only once its transaction committed."""

    stored: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0

    def __iadd__(self, other: Tally) -> Tally:
        self.stored += other.stored
        self.skipped += other.skipped
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.events += other.events
        return self


# One thing to write: an input error, a duplicate found before coding, or a coded outcome.
Entry = InputError | Duplicate | tuple[RawArticle, Outcome]


def entries(batch: Batch, outcomes: Sequence[Outcome]) -> list[Entry]:
    """The batch's writes: failures to read, duplicates, then the coder's outcomes in input order."""
    if len(outcomes) != len(batch.to_code):
        raise StoreError(
            f"batch {batch.number}: the coder returned {len(outcomes)} results for "
            f"{len(batch.to_code)} articles; nothing of this batch was written"
        )
    found: list[Entry] = [*batch.errors, *batch.duplicates]
    found.extend(zip(batch.to_code, outcomes, strict=True))
    return found


def duplicate_record(raw: RawArticle) -> dict[str, Any]:
    """The record stored for a near-duplicate: the raw article's metadata and text, no events
    (they are the original's, and coding the copy again would count them twice)."""
    return Article(
        id=raw.id or raw.content_id(),
        text=raw.text,
        url=raw.url,
        title=raw.title,
        published=raw.published,
        source=raw.source,
        credits=list(raw.credits),
        authors=list(raw.authors),
        sections=[s.to_dict() for s in raw.sections],
    ).to_dict()


def stored_hashes(conn: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """Id -> content hash of the stored articles among ``article_ids`` (one query for a batch)."""
    if not article_ids:
        return {}
    a = schema.articles
    rows = conn.execute(select(a.c.id, a.c.content_hash).where(a.c.id.in_(sorted(set(article_ids)))))
    return {str(i): str(h) for i, h in rows}


def clear_failures(conn: Connection, input_names: Sequence[str]) -> None:
    """Forget the earlier failures of inputs that are now stored (one statement for a batch)."""
    f = schema.failures
    conn.execute(f.delete().where(f.c.input_name.in_(sorted(set(input_names)))))


def id_conflict(raw: RawArticle, article_id: str) -> InputError:
    """The failure of an article whose id is already taken by a stored article of other text."""
    return InputError(
        raw.origin,
        f"its id {article_id!r} is already used by a stored article with a different text; "
        "give every article its own id (or none: eventwire then derives one from the text)",
    )


# Texts whose shingles and band hashes are remembered: more than a run holds between reading an
# article and writing it ((in-flight batches + 1) x batch size), so that each is hashed once.
MEMO_TEXTS = 2048


class HashOnceNearDuplicates(NearDuplicates):
    """:class:`~eventwire.dedup.NearDuplicates` that computes a text's MinHash once per run.

    A run asks about each text up to three times — ``find`` before coding, ``find`` again and
    ``add`` when writing — and the MinHash is most of the cost of each call; the parent process
    must stay cheap for the workers to be the bottleneck. The shingle sets of the latest
    :data:`MEMO_TEXTS` texts are kept, and the band hashes of each set. Results are those of
    :class:`~eventwire.dedup.NearDuplicates`: both methods are pure functions of their input.
    """

    def __init__(self, *, memo_texts: int = MEMO_TEXTS) -> None:
        super().__init__()
        self._memo_texts = memo_texts
        self._shingles: OrderedDict[str, set[str] | None] = OrderedDict()
        # The remembered sets by id, and their band hashes: a set is held while its entry lives,
        # so its id cannot stand for another object meanwhile.
        self._sets: dict[int, set[str]] = {}
        self._bands: dict[int, list[tuple[int, int]]] = {}

    def shingles(self, text: str) -> set[str] | None:
        if text in self._shingles:
            self._shingles.move_to_end(text)
            return self._shingles[text]
        found = super().shingles(text)
        self._shingles[text] = found
        if found is not None:
            self._sets[id(found)] = found
        if len(self._shingles) > self._memo_texts:
            _, old = self._shingles.popitem(last=False)
            if old is not None:
                self._sets.pop(id(old), None)
                self._bands.pop(id(old), None)
        return found

    def band_hashes(self, shingle_set: Iterable[str]) -> list[tuple[int, int]]:
        key = id(shingle_set)
        if self._sets.get(key) is not shingle_set:
            return super().band_hashes(shingle_set)
        if key not in self._bands:
            self._bands[key] = super().band_hashes(shingle_set)
        return self._bands[key]


class BatchWriter:
    """Writes batches into ``store``, finding near-duplicates with ``near``."""

    def __init__(self, store: Store, near: NearDuplicates) -> None:
        self.store = store
        self.near = near

    def write(self, batch: Batch, outcomes: Sequence[Outcome]) -> Tally:
        """Write the batch in one transaction; return what was written."""
        todo = entries(batch, outcomes)
        try:
            with self.store.begin() as conn:
                tally = self._write(conn, todo)
        except (SQLAlchemyError, StoreError):
            # One row the database refuses (an id longer than PostgreSQL's column allows) must
            # not lose the batch: write it again one entry per transaction, and record the
            # entries that still fail as failures of their inputs.
            tally = self._write_one_by_one(todo)
        tally.skipped += batch.skipped
        return tally

    def _write_one_by_one(self, todo: Sequence[Entry]) -> Tally:
        tally = Tally()
        for entry in todo:
            try:
                with self.store.begin() as conn:
                    tally += self._write(conn, [entry])
                continue
            except SQLAlchemyError as exc:
                reason = f"the store refused it: {driver_reason(exc)}"
            except StoreError as exc:  # near-duplicates and stories wrap the driver's error
                reason = f"the store refused it: {exc.message}"
            try:
                with self.store.begin() as conn:
                    record_failure(conn, _input_name(entry), InputError(_input_name(entry), reason))
            except SQLAlchemyError as exc:
                raise StoreError(
                    f"{self.store.display}: cannot write to the store: {driver_reason(exc)}"
                ) from exc
            tally.failed += 1
        return tally

    def _write(self, conn: Connection, todo: Sequence[Entry]) -> Tally:
        lock_writers(conn)
        tally = Tally()
        originals: list[dict[str, Any]] = []
        stored: list[str] = []  # inputs now in the store: their earlier failures are forgotten
        taken = stored_hashes(
            conn, [str(e[1]["id"]) for e in todo if isinstance(e, tuple) and isinstance(e[1], dict)]
        )
        for entry in todo:
            if isinstance(entry, InputError):
                record_failure(conn, entry.input_name, entry)
                tally.failed += 1
            elif isinstance(entry, Duplicate):
                self._duplicate(conn, entry.raw, entry.original, entry.similarity)
                stored.append(entry.raw.origin)
                tally.duplicates += 1
            else:
                raw, outcome = entry
                if isinstance(outcome, Failed):
                    record_failure(conn, outcome.input_name, outcome.error())
                    tally.failed += 1
                    continue
                kind = self._coded(conn, raw, outcome, taken.get(str(outcome["id"])))
                if kind in ("stored", "duplicate"):
                    stored.append(raw.origin)
                if kind == "stored":
                    originals.append(outcome)
                    tally.stored += 1
                    tally.events += len(outcome.get("events") or [])
                elif kind == "duplicate":
                    tally.duplicates += 1
                elif kind == "skipped":
                    tally.skipped += 1
                else:
                    tally.failed += 1
        if stored:
            clear_failures(conn, stored)
        if originals:
            learn_all(conn, originals)
            assign_stories(conn, [str(r["id"]) for r in originals])
        return tally

    def _duplicate(self, conn: Connection, raw: RawArticle, original: str, similarity: float) -> None:
        if _stored_meanwhile(conn, raw, raw.text):
            return
        write_article(
            conn, duplicate_record(raw), input_name=raw.origin, duplicate_of=original, similarity=similarity
        )

    def _coded(self, conn: Connection, raw: RawArticle, record: dict[str, Any], existing: str | None) -> str:
        """Store one coded record: "stored", "duplicate", "skipped" (already there) or "failed".

        ``existing`` is the content hash of a stored article with the record's id, if any.
        """
        article_id = str(record["id"])
        text = str(record.get("text") or "")
        if existing is not None:
            # The reader checked URL and text before coding; the id can still be taken when the
            # coder cut an over-long text (its id is then made from the cut text).
            if existing == content_hash(text):
                return "skipped"
            record_failure(conn, raw.origin, id_conflict(raw, article_id))
            return "failed"
        if _stored_meanwhile(conn, raw, text):
            return "skipped"
        hit = self.near.find(conn, text)
        if hit is not None:
            self._duplicate(conn, raw, hit[0], hit[1])
            return "duplicate"
        write_article(conn, record, input_name=raw.origin)
        self.near.add(conn, article_id, text)
        return "stored"


def lock_writers(conn: Connection) -> None:
    """Make this transaction the store's only writer until it ends.

    Articles are checked against the store before they are coded, outside any transaction; a
    second ingest into the same store may write the same article in between. Writing one row of
    ``meta`` first takes SQLite's write lock (or, in PostgreSQL, that row's lock), so the checks
    repeated after it see every article another writer committed.
    """
    m = schema.meta
    conn.execute(m.update().where(m.c.key == "schema_version").values(value=m.c.value))


def _stored_meanwhile(conn: Connection, raw: RawArticle, text: str) -> bool:
    """Whether another writer stored this article (its URL, its text as read or as coded) since
    the reader checked it."""
    hashes = {content_hash(raw.text), content_hash(text)}
    return any(is_known(conn, url=raw.url, chash=h) is not None for h in hashes)


def _input_name(entry: Entry) -> str:
    if isinstance(entry, InputError):
        return entry.input_name
    if isinstance(entry, Duplicate):
        return entry.raw.origin
    return entry[0].origin


def list_failures(store: Store) -> list[dict[str, Any]]:
    """The inputs that failed and are not stored since, newest first, as dicts of the ``failures`` row."""
    f = schema.failures
    try:
        with store.connect() as conn:
            rows = conn.execute(select(f).order_by(f.c.last_seen.desc(), f.c.input_name)).mappings().all()
    except SQLAlchemyError as exc:
        raise StoreError(f"{store.display}: cannot read the failures: {driver_reason(exc)}") from exc
    return [dict(row) for row in rows]
