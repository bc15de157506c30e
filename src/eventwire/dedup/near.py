"""Near-duplicate articles: MinHash LSH over word shingles, with the index kept in the store.

A syndicated copy (the same wire story under another headline, byline or with a sentence added)
is found before it is coded, so its events are not counted twice. The method:

1. **Shingles.** The body text is lowercased, its punctuation dropped, and cut into overlapping
   runs of 5 words ("the two ministers met in", "two ministers met in new", ...). A copy with a
   sentence added keeps almost all of them; two outlets' own reports of one meeting share very
   few, because five words in a row rarely coincide unless copied.
2. **MinHash.** 120 hash permutations (datasketch, scheme ``affine32``) summarise a shingle set;
   each permutation's minimum agrees between two texts with probability J, their Jaccard
   similarity (shared shingles over all shingles of the two).
3. **LSH bands.** The 120 minima are cut into 30 bands of 4 rows; each band is hashed to one signed
   64-bit integer and stored as a row (band, hash, article_id) of ``minhash_bands``. Two texts
   become candidates when any band is equal, which happens with probability
   ``1 - (1 - J**4) ** 30`` (the S-curve, see :func:`candidate_probability`).
4. **Verification.** Each candidate's stored text (``articles.record``) is shingled again and the
   exact share of the new text's shingles found in it computed (containment, ``|A ∩ B| / |A|``);
   the best original at or above the threshold (0.7) wins, and that share is the similarity.

Why containment and not Jaccard: the question is "are this article's events already counted?",
which holds when most of *its* text is in the original. A paper that runs a wire story cut from
the bottom (the usual way) keeps 60-80% of it: containment ~1.0, Jaccard ~0.6. Of 200 BBC articles
cut by a quarter, 50 reach J = 0.7 and all 200 a containment of 0.7. For copies of equal length
the two agree; containment is never below Jaccard.

Why 30 x 4: the candidates come from Jaccard, and a copy at the decision threshold can sit low on
it: a text whose shingles are 70% in an original of the same length has J ~0.54, a copy trimmed
to 60% of the original J = 0.6. The S-curve's knee, ``(1/30) ** (1/4)`` ~ 0.43, sits below those:
a pair at J = 0.54 becomes a candidate with probability 0.93, at 0.6 with 0.98, at 0.7 with
0.9996, while one at J = 0.2 does with 0.047 and at 0.1 with 0.003. On BBC news an article that
is not a copy has its nearest stored article at J = 0.003 (median), 0.18 (99th percentile), so
false candidates are rare, and the exact verification rejects them. The usual 16 x 8 (knee 0.71)
would miss 39% of pairs at J = 0.7 itself. The price is 30 rows per article in ``minhash_bands``.
A copy much shorter than its original (a brief from a wire story's first paragraphs, under about
half of it) has a low J and is rarely a candidate: found only by an index of leads, not built.

Texts shorter than :data:`MIN_WORDS` words are never near-duplicates: with a few dozen shingles one
changed word moves J by several points, and short items (briefs, captions, "more to follow") are
alike by nature. Identical texts are caught before this by the content hash (``is_known``).

The stored hashes depend on the shingle size, the permutations (seed, scheme, count) and the
banding; :meth:`NearDuplicates.add` records them in ``meta`` (key ``minhash``) and both methods
refuse a store indexed with other settings, instead of silently finding nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, bindparam, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from eventwire.errors import StoreError
from eventwire.store import schema
from eventwire.store.engine import driver_reason

SHINGLE_WORDS = 5
# Below this many words a text has under 36 five-word shingles: too few for a stable similarity.
MIN_WORDS = 40
THRESHOLD = 0.7
NUM_PERM = 120
BANDS = 30  # x 4 rows = 120 permutations; the reason is in the module docstring
SEED = 1
# Verify at most this many originals, those sharing the most bands first: a text copied many times
# finds each stored copy, but they resolve to few originals; this bounds the cost of a pathological
# text (boilerplate shared by many articles) to a few record reads.
MAX_CANDIDATES = 16
# duplicate_of should always point at an original; follow at most this many links if it does not.
MAX_HOPS = 4
# The permutation scheme is named, not left to datasketch's default, because the stored hashes
# must not change when the library's default does (it changed from "legacy" in 2.0).
SCHEME = "affine32"
META_KEY = "minhash"

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The text's words, lowercased, punctuation and underscores dropped (Unicode-aware)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a|: the share of ``a`` found in ``b``; 0.0 when ``a`` is empty."""
    return len(a & b) / len(a) if a else 0.0


def candidate_probability(similarity: float, *, bands: int = BANDS, rows: int = NUM_PERM // BANDS) -> float:
    """Probability that two texts of Jaccard ``similarity`` share at least one LSH band."""
    return float(1.0 - (1.0 - similarity**rows) ** bands)


class NearDuplicates:
    """Finds stored originals of syndicated copies, and indexes new originals.

    ``find`` before coding an article, ``add`` after storing it (both inside the batch's
    transaction). Settings are keyword-only; the constructor does no I/O.

    Example::

        nd = NearDuplicates()
        with store.begin() as conn:
            hit = nd.find(conn, text)
            if hit is None:
                aid = write_article(conn, record)
                nd.add(conn, aid, text)
            else:
                write_article(conn, record, duplicate_of=hit[0], similarity=hit[1])
    """

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        shingle_words: int = SHINGLE_WORDS,
        min_words: int = MIN_WORDS,
        num_perm: int = NUM_PERM,
        bands: int = BANDS,
        seed: int = SEED,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        if shingle_words < 1 or min_words < shingle_words:
            raise ValueError(f"need 1 <= shingle_words <= min_words, got {shingle_words}, {min_words}")
        if bands < 1 or num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.threshold = threshold
        self.shingle_words = shingle_words
        self.min_words = min_words
        self.num_perm = num_perm
        self.bands = bands
        self.rows = num_perm // bands
        self.seed = seed
        self.max_candidates = max_candidates
        # The lookup statement is built once: an OR of (band, hash) equalities, the hashes bound
        # per call. Each term is a primary-key seek on SQLite (MULTI-INDEX OR) and PostgreSQL
        # (BitmapOr); a row-value IN would scan the table on SQLite. Building the 30-term
        # expression anew cost more than running it.
        mb = schema.minhash_bands
        self._lookup = select(mb.c.article_id).where(
            or_(*(and_(mb.c.band == b, mb.c.hash == bindparam(f"h{b}")) for b in range(bands)))
        )
        # Stores whose recorded settings were read and found equal to these: the check is then
        # skipped, saving a round trip per call (a settings row, once written, never changes).
        self._verified: set[str] = set()
        self.fingerprint = (
            f"v1 shingle={shingle_words} scheme={SCHEME} hash=sha1_32 seed={seed} "
            f"perm={num_perm} bands={bands}x{self.rows} band_hash=blake2b64"
        )

    def __repr__(self) -> str:
        return f"NearDuplicates(threshold={self.threshold}, {self.fingerprint})"

    # -- hashing -----------------------------------------------------------------------------

    def shingles(self, text: str) -> set[str] | None:
        """The text's shingles, or None when it is too short to be compared (< ``min_words``)."""
        w = words(text)
        if len(w) < self.min_words:
            return None
        k = self.shingle_words
        return {" ".join(w[i : i + k]) for i in range(len(w) - k + 1)}

    @cached_property
    def _permutations(self) -> Any:
        """The MinHash permutations, drawn once (from ``seed``) and shared by every MinHash."""
        # datasketch is imported on first use, not at the top: its package imports scipy (1.5 s),
        # which every user of eventwire.dedup (assign_stories, the CLI) would otherwise pay.
        from datasketch import MinHash

        return MinHash(num_perm=self.num_perm, seed=self.seed, scheme=SCHEME).permutations

    def band_hashes(self, shingle_set: Iterable[str]) -> list[tuple[int, int]]:
        """(band, signed 64-bit hash) of each LSH band of the shingles' MinHash."""
        from datasketch import MinHash
        from datasketch.hashfunc import sha1_hash32

        mh = MinHash(
            num_perm=self.num_perm,
            scheme=SCHEME,
            hashfunc=sha1_hash32,
            permutations=self._permutations,
        )
        mh.update_batch([s.encode("utf-8") for s in shingle_set])
        # Little-endian bytes, so the stored hashes are the same on every platform.
        values = np.asarray(mh.hashvalues, dtype="<u4").tobytes()
        width = 4 * self.rows
        out: list[tuple[int, int]] = []
        for band in range(self.bands):
            digest = hashlib.blake2b(values[band * width : (band + 1) * width], digest_size=8).digest()
            out.append((band, int.from_bytes(digest, "little", signed=True)))
        return out

    # -- the store ---------------------------------------------------------------------------

    def find(self, conn: Connection, text: str) -> tuple[str, float] | None:
        """The id of a stored original this text nearly duplicates, and their similarity.

        The similarity is the share of this text's shingles found in the original's text
        (containment, 0-1). None when the text is short, nothing shares a band with it, or no
        candidate reaches the threshold. A candidate that is itself a copy is replaced by its
        original (``duplicate_of``), and the similarity is measured against that original's text.
        """
        sh = self.shingles(text)
        if sh is None:
            return None
        pairs = self.band_hashes(sh)
        try:
            if not self._check_fingerprint(conn, write=False):
                return None  # nothing indexed yet
            hits = self._band_matches(conn, pairs)
            if not hits:
                return None
            originals = self._originals(conn, list(hits))
            texts = self._texts(conn, set(originals.values()))
        except SQLAlchemyError as exc:
            raise StoreError(f"near-duplicate lookup failed: {driver_reason(exc)}") from exc
        # An original's evidence: the most bands any of its candidates (itself or a copy) shared.
        support: dict[str, int] = {}
        for cand, n in hits.items():
            orig = originals.get(cand)
            if orig is not None:
                support[orig] = max(support.get(orig, 0), n)
        best: tuple[float, int, str] | None = None
        for orig, n in sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))[: self.max_candidates]:
            other = texts.get(orig)
            if other is None:
                continue
            other_sh = self.shingles(other)
            if other_sh is None:
                continue
            score = containment(sh, other_sh)
            if score >= self.threshold and (best is None or (score, n) > best[:2]):
                best = (score, n, orig)
        return (best[2], round(best[0], 4)) if best else None

    def add(self, conn: Connection, article_id: str, text: str) -> None:
        """Index ``text`` under ``article_id`` (which must be stored) so later copies find it.

        A short text (< ``min_words``) is not indexed. Adding the same text twice changes nothing.
        """
        sh = self.shingles(text)
        if sh is None:
            return
        rows = [{"band": b, "hash": h, "article_id": article_id} for b, h in self.band_hashes(sh)]
        try:
            self._check_fingerprint(conn, write=True)
            conn.execute(_insert_ignoring_duplicates(conn), rows)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot index article {article_id} for near-duplicates: {driver_reason(exc)}"
            ) from exc

    # -- queries -----------------------------------------------------------------------------

    def _check_fingerprint(self, conn: Connection, *, write: bool) -> bool:
        """True when the store's index was built with these settings; record them on first write."""
        key = conn.engine.url.render_as_string(hide_password=True)
        if key in self._verified:
            return True
        m = schema.meta
        stored = conn.execute(select(m.c.value).where(m.c.key == META_KEY)).scalar()
        if stored is None:
            # Not remembered as verified: the caller's transaction may still roll this back.
            if write:
                conn.execute(m.insert().values(key=META_KEY, value=self.fingerprint))
            return write
        if stored != self.fingerprint:
            raise StoreError(
                f"the store's near-duplicate index was built with other settings ({stored}) than "
                f"these ({self.fingerprint}): use the same settings, or empty the minhash_bands "
                f"table, delete the meta row '{META_KEY}' and index the articles again"
            )
        self._verified.add(key)
        return True

    def _band_matches(self, conn: Connection, pairs: Sequence[tuple[int, int]]) -> dict[str, int]:
        """Stored article id -> number of bands it shares with ``pairs``."""
        hits: dict[str, int] = {}
        for aid in conn.execute(self._lookup, {f"h{b}": h for b, h in pairs}).scalars():
            hits[aid] = hits.get(aid, 0) + 1
        return hits

    def _originals(self, conn: Connection, ids: Sequence[str]) -> dict[str, str]:
        """Each id -> the original it belongs to (itself when it is not a copy)."""
        a = schema.articles
        parent: dict[str, str | None] = {}
        todo = set(ids)
        for _ in range(MAX_HOPS + 1):
            if not todo:
                break
            found = conn.execute(select(a.c.id, a.c.duplicate_of).where(a.c.id.in_(sorted(todo)))).all()
            parent.update({str(i): d for i, d in found})
            todo = {d for _, d in found if d is not None and d not in parent}
        out: dict[str, str] = {}
        for aid in ids:
            cur: str | None = aid
            for _ in range(MAX_HOPS + 1):
                if cur is None or cur not in parent or parent[cur] is None:
                    break
                cur = parent[cur]
            if cur is not None and cur in parent and parent[cur] is None:
                out[aid] = cur
        return out

    def _texts(self, conn: Connection, ids: set[str]) -> dict[str, str]:
        """The body text of each article, from its stored record."""
        if not ids:
            return {}
        a = schema.articles
        out: dict[str, str] = {}
        for aid, record in conn.execute(select(a.c.id, a.c.record).where(a.c.id.in_(sorted(ids)))):
            try:
                text = json.loads(record).get("text")
            except (ValueError, AttributeError):
                continue  # an unreadable record cannot be verified: never link to it
            if isinstance(text, str):
                out[str(aid)] = text
        return out


def _insert_ignoring_duplicates(conn: Connection) -> Any:
    """INSERT into minhash_bands that skips rows already there (SQLite and PostgreSQL)."""
    table = schema.minhash_bands
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return table.insert()
