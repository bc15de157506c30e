"""The run: raw articles in, article records out, through named stages read top to bottom.

    read (ingest/) -> parse (nlp/) -> actors -> quotes -> dates -> events -> places -> themes/tone

One :class:`~eventwire.options.Options` object travels through. The constructor does no I/O:
the model and the tables load on first use, once per pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from eventwire.errors import CodingFailed, EmptyInput, EventwireError, InputError, UnsupportedLanguage
from eventwire.extract.actors import ActorResolver, ActorTable
from eventwire.extract.cameo import CameoTable
from eventwire.extract.dates import find_time_expressions
from eventwire.extract.events import EventCoder
from eventwire.extract.lexicon import Lexicon
from eventwire.extract.places import find_places, place_of
from eventwire.extract.quotes import find_quotes
from eventwire.extract.themes import ThemeTagger
from eventwire.extract.tone import ToneScorer
from eventwire.ingest.document import RawArticle
from eventwire.ingest.language import has_words, not_english_reason
from eventwire.kb import KnowledgeBase
from eventwire.kb.gazetteer import Gazetteer
from eventwire.options import Options
from eventwire.records import Actor, Article, Place, Quote

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


# Below this confidence a language guess is not trusted enough to refuse an article: short or
# name-heavy English texts sometimes come out as another language with low confidence.
LANGUAGE_CONFIDENCE = 0.9


@dataclass
class Failure:
    """An input that could not be coded, with the reason; the run goes on without it."""

    origin: str
    error: EventwireError


class Pipeline:
    """Code articles. ``Pipeline(Options()).code_text("...")`` or ``.code_raw(raw_articles)``."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()

    # ---- resources, loaded once on first use --------------------------------------------------
    @cached_property
    def nlp(self) -> Language:
        from eventwire.nlp import load_model
        from eventwire.nlp.ruler import add_kb_rulers

        nlp = load_model(self.options.model)
        add_kb_rulers(nlp, self.kb)
        return nlp

    @cached_property
    def kb(self) -> KnowledgeBase:
        return KnowledgeBase.load(
            self.options.kb_paths, people=self.options.use_people, extra_people=self.options.extra_people
        )

    @cached_property
    def cameo(self) -> CameoTable:
        return CameoTable.load()

    @cached_property
    def lexicon(self) -> Lexicon:
        return Lexicon.load(self.options.lexicon_paths, cameo=self.cameo)

    @cached_property
    def themes(self) -> ThemeTagger:
        return ThemeTagger.load()

    @cached_property
    def tone(self) -> ToneScorer:
        return ToneScorer()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.load()

    @cached_property
    def actors(self) -> ActorResolver:
        return ActorResolver(kb=self.kb)

    @cached_property
    def coder(self) -> EventCoder:
        return EventCoder(lexicon=self.lexicon, cameo=self.cameo)

    # ---- running --------------------------------------------------------------------------------
    def code_text(
        self, text: str, *, date: str | None = None, title: str | None = None, url: str | None = None
    ) -> Article:
        """Code one article body given as a string."""
        raw = RawArticle(
            text=text, origin="<text>", title=title, published=date or self.options.date, url=url
        )
        return next(iter(self.code_raw([raw])))

    def code_raw(self, raws: Iterable[RawArticle]) -> Iterator[Article]:
        """Code raw articles in input order, parsing them in batches."""
        for item in self.code_stream(raws):
            if isinstance(item, Failure):
                raise item.error
            yield item

    def code_stream(self, items: Iterable[RawArticle | InputError]) -> Iterator[Article | Failure]:
        """Like :meth:`code_raw`, but input errors and failing articles come out as
        :class:`Failure` items in their place, so a batch goes on past a bad input."""
        texts = self._texts(items)
        for doc, raw in self.nlp.pipe(
            texts, as_tuples=True, batch_size=self.options.batch_size, n_process=self.options.n_process
        ):
            if isinstance(raw, InputError):
                yield Failure(raw.input_name, raw)
                continue
            try:
                yield self.record(raw, doc)
            except InputError as exc:
                # only the article's own fault is a failure of that article: a broken KB or
                # lexicon file stops the run with its message instead of failing every input
                yield Failure(raw.origin, exc)
            except EventwireError:
                raise
            except Exception as exc:  # a bug met on one article must not cost the others
                reason = (
                    f"coding it failed unexpectedly ({type(exc).__name__}: {exc}); please report this input"
                )
                yield Failure(raw.origin, CodingFailed(raw.origin, reason))

    def _texts(self, items: Iterable[RawArticle | InputError]) -> Iterator[tuple[str, Any]]:
        for item in items:
            if isinstance(item, InputError):
                yield "", item
                continue
            if item.published is None and self.options.date:
                item.published = self.options.date
            if not has_words(item.text):
                yield (
                    "",
                    EmptyInput(
                        item.origin, "it holds no words (only punctuation, symbols or one endless token)"
                    ),
                )
                continue
            if self.options.check_language:
                reason = not_english_reason(item.text, min_confidence=LANGUAGE_CONFIDENCE)
                if reason is not None:
                    yield "", UnsupportedLanguage(item.origin, reason)
                    continue
            if len(item.text) > self.options.max_chars:
                cut = item.text.rfind("\n", 0, self.options.max_chars)
                item.text = item.text[: cut if cut > 0 else self.options.max_chars]
            yield item.text, item

    # ---- the stages of one article -------------------------------------------------------------
    def record(self, raw: RawArticle, doc: Doc) -> Article:
        """Build the article record of a parsed raw article."""
        published = raw.published
        table = self.actors(doc, published=published)
        context = _context_countries(table)
        places = find_places(
            doc, gazetteer=self.gazetteer, exclude=table.person_spans(doc), context_countries=context
        )
        quotes = find_quotes(doc, resolve_speaker=lambda start, end: _speaker(doc, table, start, end))
        text = doc.text
        times = find_time_expressions(text, published, tense_hint=_tense_from_parse(doc))
        events = self.coder(
            doc,
            table,
            published=published,
            times=times,
            speakers=_quoted_tokens(doc, table, quotes),
            locate=lambda span: self._locate(span, places, context),
        )
        sentences = [s.text for s in doc.sents]
        # VADER is the costly part of tone: only the sentences that carry events are scored, and
        # the article's mean compound is over those (its GDELT score counts every word)
        sentence_tone: list[float | None] = [None] * len(sentences)
        sentence_themes: dict[int, list[str]] = {}
        for event in events:
            i = event.sentence
            if sentence_tone[i] is None:
                sentence_tone[i] = round(self.tone.sentence(sentences[i]), 4)
                sentence_themes[i] = self.themes.sentence_themes(sentences[i])
            event.tone = sentence_tone[i]
            event.themes = list(sentence_themes[i])
        return Article(
            id=raw.id or raw.content_id(),
            text=text,
            url=raw.url,
            title=raw.title,
            published=published,
            source=raw.source,
            credits=list(raw.credits),
            authors=list(raw.authors),
            sections=[s.to_dict() for s in raw.sections],
            actors=_present(table),
            events=events,
            quotes=quotes,
            dates=times,
            places=places,
            themes=self.themes(text),
            tone=self.tone.article(sentences, compounds=sentence_tone),
        )

    def _locate(self, span: Span, places: list[Place], context: Sequence[str]) -> dict[str, Any] | None:
        """Where an event happened: the article's place at the span the parse points at, else
        the phrase resolved on its own ("in northern Syria")."""
        for place in places:
            if place.span[0] < span.end_char and span.start_char < place.span[1]:
                return place.to_dict()
        found = place_of(
            span.text, gazetteer=self.gazetteer, start=span.start_char, context_countries=context
        )
        return found.to_dict() if found is not None else None


def _context_countries(table: ActorTable) -> list[str]:
    """Countries the article's actors belong to: they decide between places of one name."""
    return sorted({a.country for a in table.actors if a.country and a.mentions})


def _present(table: ActorTable) -> list[Actor]:
    """The actors that kept at least one mention (ids are kept: events refer to them)."""
    return [a for a in table.actors if a.mentions]


def _speaker(doc: Doc, table: ActorTable, start: int, end: int) -> tuple[str | None, str] | None:
    """The actor a quote's attributing mention refers to (``quotes.SpeakerResolver``)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    best: Actor | None = None
    for tok in span:
        for idx in table.actors_at(tok.i):
            actor = table.actors[idx]
            if best is None or (actor.kind == "person" and best.kind != "person"):
                best = actor
    if best is None:
        return (None, span.text)
    return (best.id, best.name)


def _quoted_tokens(doc: Doc, table: ActorTable, quotes: list[Quote]) -> dict[int, int]:
    """Token index -> speaker's actor index for every token inside an attributed quote, so the
    coder reads "we" in a quote as the speaker."""
    index = {a.id: i for i, a in enumerate(table.actors)}
    out: dict[int, int] = {}
    for q in quotes:
        actor = (q.speaker or {}).get("actor")
        if actor not in index:
            continue
        span = doc.char_span(q.span[0], q.span[1], alignment_mode="expand")
        if span is not None:
            for tok in span:
                out[tok.i] = index[actor]
    return out


FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
# How far up from a time expression the governing verb is looked for.
MAX_TENSE_HOPS = 4


def _tense_from_parse(doc: Doc) -> Callable[[int], str | None]:
    """A ``tense_hint`` for the date resolver: the tense of the verb governing a char offset."""

    def hint(offset: int) -> str | None:
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span[0]
        for _ in range(MAX_TENSE_HOPS):
            if tok.pos_ in ("VERB", "AUX"):
                aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
                if any(a.lower_ in FUTURE_AUX for a in aux) or (tok.lower_ == "going" and tok.dep_ == "aux"):
                    return "future"
                if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
                    return "past"
                if tok.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
                    return "past"
                return None
            if tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    return hint
