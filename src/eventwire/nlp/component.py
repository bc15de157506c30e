"""The ``eventwire`` spaCy component: event coding inside any English spaCy pipeline.

    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm")
    >>> nlp.add_pipe("eventwire", config={"date": "2024-03-04"})   # doctest: +SKIP
    >>> doc = nlp("Kenya's president met Tanzanian officials in Nairobi on Monday.")
    >>> [(e.cameo, e.source.code, e.target.code) for e in doc._.events]   # doctest: +SKIP

The factory is found through the ``spacy_factories`` entry point, so ``add_pipe("eventwire")``
works after ``pip install eventwire`` without importing eventwire first. The component codes the
Doc as the pipeline parsed it (no second parse) with the record stage of
:class:`~eventwire.pipeline.Pipeline`, and sets

* ``doc._.eventwire``: the whole :class:`~eventwire.records.Article`,
* ``doc._.events``, ``doc._.quotes``, ``doc._.actors``: its lists of records.

It needs the dependency parse (the coder reads subjects and objects off it): a pipeline without
a parser is refused with :class:`~eventwire.errors.IncompatiblePipeline`. Before coding, it lets
the knowledge base correct the entities the model is known to get wrong on names it knows ("Quad"
as a place), as eventwire's own pipeline does; ``kb_rulers=False`` leaves ``doc.ents`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.errors import IncompatiblePipeline
from eventwire.options import Options
from eventwire.records import Article

if TYPE_CHECKING:
    from eventwire.pipeline import Pipeline

NAME = "eventwire"
# The Article lives in doc._.eventwire; the lists are views of it, so the Doc holds one value.
VIEWS = ("events", "quotes", "actors")
# How the Article travels in Doc.to_bytes (DocBin, nlp.pipe(n_process=...)): msgpack knows no
# dataclasses, so it goes as its record dict under this key and comes back as an Article.
MSGPACK_KEY = "__eventwire_article__"


@Language.factory(
    NAME,
    default_config={"date": None, "use_people": True, "kb_rulers": True},
    requires=["token.dep", "token.head", "doc.sents"],
    assigns=[f"doc._.{NAME}", *(f"doc._.{v}" for v in VIEWS)],
)
def make_eventwire(
    nlp: Language, name: str, date: str | None, use_people: bool, kb_rulers: bool
) -> EventwireComponent:
    """Build the component (``nlp.add_pipe("eventwire", config={...})``).

    ``date``: publication date (YYYY-MM-DD) that dates the events and resolves "on Friday";
    ``use_people``: use the packaged table of office-holders; ``kb_rulers``: let the KB correct
    entity labels on names it knows before coding.
    """
    return EventwireComponent(nlp, name, date=date, use_people=use_people, kb_rulers=kb_rulers)


class EventwireComponent:
    """Codes each Doc into an :class:`~eventwire.records.Article` kept on ``doc._.eventwire``.

    Construction only checks the pipeline; the KB and lexicon load on the first Doc.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = NAME,
        *,
        date: str | None = None,
        use_people: bool = True,
        kb_rulers: bool = True,
    ) -> None:
        check_pipeline(nlp, name)
        set_extensions()
        self.name = name
        self.nlp = nlp
        self.date = _checked_date(date, name)
        self.kb_rulers = kb_rulers
        self.options = Options(date=self.date, use_people=use_people)

    @cached_property
    def pipeline(self) -> Pipeline:
        """The coding pipeline whose record stage runs on the Doc; its own model never loads."""
        from eventwire.pipeline import Pipeline

        return Pipeline(self.options)

    @cached_property
    def rulers(self) -> list[Callable[[Doc], Doc]]:
        """The KB's entity rulers, built on a tokenizer-only pipeline that shares this pipeline's
        vocabulary and tokenizer (the phrases must split the way the Docs do), so that adding
        their patterns runs none of the components of the pipeline this one sits in."""
        if not self.kb_rulers:
            return []
        import spacy

        from eventwire.nlp.ruler import add_kb_rulers

        matcher_nlp = spacy.blank("en", vocab=self.nlp.vocab)  # English: check_pipeline saw to it
        matcher_nlp.tokenizer = self.nlp.tokenizer
        add_kb_rulers(matcher_nlp, self.pipeline.kb)
        return [component for _, component in matcher_nlp.pipeline]

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise IncompatiblePipeline(
                f"the '{self.name}' component got a Doc without a dependency parse: it must come "
                f"after the parser. Pipeline order: {', '.join(self.nlp.pipe_names)}. "
                f"Add it last: nlp.add_pipe('{NAME}')"
            )
        from eventwire.ingest.document import RawArticle  # here: spacy.load imports this module

        for ruler in self.rulers:
            doc = ruler(doc)
        raw = RawArticle(text=doc.text, origin=f"<{self.name}>", published=self.date)
        doc._.eventwire = self.pipeline.record(raw, doc)
        return doc


def check_pipeline(nlp: Language, name: str = NAME) -> None:
    """Raise :class:`~eventwire.errors.IncompatiblePipeline` unless ``nlp`` is English and has a
    component that assigns the dependency parse."""
    if nlp.lang != "en":
        raise IncompatiblePipeline(
            f"the '{name}' component codes English, and this pipeline's language is {nlp.lang!r}. "
            "Add it to an English pipeline such as en_core_web_sm"
        )
    parsers = [p for p in nlp.pipe_names if "token.dep" in nlp.get_pipe_meta(p).assigns]
    if not parsers:
        raise IncompatiblePipeline(
            f"the '{name}' component needs a dependency parser, and this pipeline has none "
            f"(components: {', '.join(nlp.pipe_names) or 'none'}). Load an English pipeline with "
            "a parser, such as spacy.load('en_core_web_sm'), without disabling or excluding 'parser'"
        )


def set_extensions() -> None:
    """Register the Doc extensions (once: spaCy keeps them for the life of the process)."""
    if not Doc.has_extension(NAME):
        Doc.set_extension(NAME, default=None)
    for view in VIEWS:
        if not Doc.has_extension(view):
            Doc.set_extension(view, getter=_view(view))


def _view(field: str) -> Callable[[Doc], list[Any]]:
    def get(doc: Doc) -> list[Any]:
        article = doc._.get(NAME)
        return list(getattr(article, field)) if article is not None else []

    get.__name__ = f"get_{field}"
    return get


def _checked_date(date: str | None, name: str) -> str | None:
    from eventwire.coding import publication_day
    from eventwire.errors import InputError

    try:
        return publication_day(date)
    except InputError as exc:
        raise IncompatiblePipeline(f"the '{name}' component's config: {exc.reason}") from exc


# ---- the Article through msgpack (srsly's encoder/decoder registry, as spacy-transformers does)
def _encode_article(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, Article):
        return {MSGPACK_KEY: obj.to_dict()}
    return obj if chain is None else chain(obj)


def _decode_article(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and MSGPACK_KEY in obj:
        from eventwire.schema import article_from_dict

        # eventwire wrote it in this run (a worker process, a DocBin): trusted, not re-validated
        return article_from_dict(obj[MSGPACK_KEY], validate=False)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("eventwire_article", func=_encode_article)
srsly.msgpack_decoders.register("eventwire_article", func=_decode_article)
