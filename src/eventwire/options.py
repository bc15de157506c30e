"""The one settings object that travels through a run. Frozen: stages read it, never change it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from eventwire.kb.model import Person


@dataclass(frozen=True)
class Options:
    """Settings of a coding run.

    ``date`` is the publication date used when an input does not carry one (YYYY-MM-DD).
    ``kb_paths`` are extra user KB files (CSV/YAML) read after the packaged ones.
    ``use_people`` switches the packaged people-with-terms table on or off; with it off the
    article's own titles and country modifiers must carry actor resolution.
    """

    date: str | None = None
    input_format: str = "auto"  # auto | text | html | jsonl
    kb_paths: tuple[Path, ...] = field(default_factory=tuple)
    lexicon_paths: tuple[Path, ...] = field(default_factory=tuple)
    use_people: bool = True
    model: str | None = None  # a spaCy package name or path; None picks the default
    batch_size: int = 32  # 32-64 keeps spaCy's parser busy without holding many docs (DESIGN.md)
    n_process: int = 1
    # A single input larger than this is cut at a paragraph boundary: news articles are far
    # smaller, and the parser's memory grows with document length.
    max_chars: int = 100_000
    check_language: bool = True  # refuse non-English articles with a clear message
    # People learned by the store from full mentions ("US Secretary of State Antony Blinken"), so that
    # later articles resolve the name alone; see eventwire.store.learning.
    extra_people: tuple[Person, ...] = field(default_factory=tuple)
