"""The store's tables, one SQLAlchemy Core metadata for SQLite and PostgreSQL.

An article's full record (the output contract, ``eventwire/1``) is kept as JSON in
``articles.record`` so nothing is lost; the other tables are projections of it that queries,
exports and the API read without parsing JSON:

    articles ──< actors        one row per actor of the article
             ──< events  >── stories    events of several articles reporting one happening
             ──< quotes
             ──< places
    failures       inputs that could not be coded, with the reason (kept across runs)
    minhash_bands  locality-sensitive hashing bands of article text, for near-duplicate lookup
    learned_actors people learned from full mentions ("US Secretary of State Antony Blinken")
    meta           key/value: schema version and store-wide settings

Identifiers are text: article ids are those of the records; an event's id is
``<article id>:<event id>`` so it is unique across the store. Dates are ISO text
(``YYYY[-MM[-DD]]``); ``events.day`` (YYYYMMDD integer, 0 when unknown) and ``events.month``
(YYYYMM) make range filters and month timelines index scans.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text, nullable=True),
    Column("content_hash", String(64), nullable=False),  # sha256 of the normalised body text
    Column("title", Text),
    Column("published", String(10)),  # YYYY-MM-DD or shorter
    Column("source", Text),  # outlet name ("Reuters", "bbc.co.uk")
    Column("language", String(8)),
    Column("n_events", Integer, nullable=False, default=0),
    # A near-duplicate (syndicated copy) points to the article it copies and is not coded again.
    Column("duplicate_of", String(64), ForeignKey("articles.id"), nullable=True),
    Column("similarity", Float, nullable=True),  # share of its shingles found in duplicate_of (dedup.near)
    Column("input_name", Text),  # the file or URL it was read from
    Column("added_at", String(32), nullable=False),  # ISO timestamp, UTC
    Column("record", Text, nullable=False),  # the full article record as JSON
    Index("ix_articles_url", "url"),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_published", "published"),
)

actors = Table(
    "actors",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16)),
    Column("title", Text),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("code", String(16)),
    Column("n_mentions", Integer, nullable=False, default=0),
    Index("ix_actors_name", "name"),
    Index("ix_actors_country", "country"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("root", String(2), nullable=False),
    Column("cameo", String(4), nullable=False),  # the most frequent code among its events
    Column("source_country", String(3)),
    Column("target_country", String(3)),
    Column("source_code", String(16)),
    Column("target_code", String(16)),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Column("location", Text),
    Column("location_country", String(3)),
    Column("goldstein", Float),
    Column("quad_class", Integer),
    Column("num_mentions", Integer, nullable=False, default=0),  # events
    Column("num_articles", Integer, nullable=False, default=0),
    Column("num_sources", Integer, nullable=False, default=0),  # distinct outlets
    Column("headline", Text),  # the title of its first article
    Index("ix_stories_dyad", "source_country", "target_country", "first_date"),
    Index("ix_stories_root", "root", "first_date"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(100), primary_key=True),  # "<article id>:<event id>"
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=True),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("trigger", Text),
    Column("cameo", String(4), nullable=False),
    Column("root", String(2), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("plover_type", String(24)),
    Column("plover_mode", String(24)),
    Column("source_actor", String(32)),
    Column("source_name", Text),
    Column("source_code", String(16)),
    Column("source_country", String(3)),
    Column("target_actor", String(32)),
    Column("target_name", Text),
    Column("target_code", String(16)),
    Column("target_country", String(3)),
    Column("date", String(10)),
    Column("day", Integer, nullable=False, default=0),  # YYYYMMDD, 0 when unknown
    Column("month", Integer, nullable=False, default=0),  # YYYYMM, 0 when unknown
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", BigInteger),
    Column("negated", Boolean, nullable=False, default=False),
    Column("modality", String(16)),
    Column("historical", Boolean, nullable=False, default=False),
    Column("confidence", Float),
    Column("tone", Float),
    Column("sentence_text", Text),
    Column("rule", Text),
    # Covering for a dyad's timeline (GROUP BY month reads it in order and never the table) and
    # ordered for a dyad's newest events (month, day).
    Index(
        "ix_events_dyad",
        "source_country",
        "target_country",
        "month",
        "day",
        "quad_class",
        "goldstein",
        "negated",
        "historical",
    ),
    Index("ix_events_target", "target_country", "month"),
    Index("ix_events_root", "root", "day"),
    Index("ix_events_cameo", "cameo", "day"),
    Index("ix_events_day", "day"),
    # Listings are newest first by (month, day, id) (a month-only date has day 0): these give a
    # page of them without sorting every match.
    Index("ix_events_recent", "month", "day", "id"),
    Index("ix_events_source", "source_country", "month", "day"),
    Index("ix_events_root_month", "root", "month", "day"),
    Index("ix_events_cameo_month", "cameo", "month", "day"),
    Index("ix_events_article", "article_id"),
    Index("ix_events_story", "story_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("n", Integer, primary_key=True),  # order in the article
    Column("text", Text, nullable=False),
    Column("kind", String(16)),
    Column("cue", Text),
    Column("speaker_actor", String(32)),
    Column("speaker_name", Text),
    Column("speaker_country", String(3)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_quotes_speaker_country", "speaker_country"),
)

places = Table(
    "places",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("text", Text),
    Column("name", Text),
    Column("country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", BigInteger),
    Column("kind", String(16)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("input_name", Text, primary_key=True),  # one row per input; a retry that fails again updates it
    Column("code", String(8)),  # the error number (E0xx)
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("last_seen", String(32), nullable=False),
)

minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, primary_key=True),
    Column("hash", BigInteger, primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

learned_actors = Table(
    "learned_actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),  # full name as seen ("Antony Blinken")
    Column("surname", Text, nullable=False),
    Column("title", Text),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("code", String(16)),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("article_id", String(64)),  # evidence: where it was learned
    Column("evidence", Text),  # the mention's sentence
    Column("status", String(12), nullable=False, default="learned"),  # learned|confirmed|rejected
    Index("ix_learned_surname", "surname"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
