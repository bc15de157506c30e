"""Score place finding and resolution against GeoVirus and LGL.

Both sets are XML files of news texts whose toponyms carry character offsets and gold
coordinates (``shared/data/dev/geoparsing``):

* ``GeoVirus.xml``: ``<article><text>`` with ``<locations><location>`` holding ``name``,
  ``start``, ``end``, ``lat``, ``lon`` (from the place's Wikipedia page);
* ``lgl.xml``: ``<article><text>`` with ``<toponyms><toponym>`` holding ``start``, ``end``,
  ``phrase`` and, when the annotators found the place in GeoNames, a ``<gaztag geonameid>``
  with ``lat`` and ``lon``. Toponyms without a gaztag count for detection only.

Two modes:

* ``resolution``: the gold toponym names of an article are resolved together with
  :meth:`Gazetteer.resolve_all` (each with the article's other toponyms as context);
* ``end_to_end``: the article is parsed and :func:`find_places` finds and resolves toponyms;
  a prediction matches a gold toponym when their spans overlap (one to one, text order).

Figures: ``acc_at_161km`` (share of gold toponyms with coordinates that were found and placed
within 161 km, i.e. 100 miles, the usual geoparsing threshold), ``mean_error_km`` and
``median_error_km`` over the toponyms found and resolved, and detection ``precision``, ``recall``
and ``f1`` for end-to-end runs.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError, EventwireError
from eventwire.kb.gazetteer import Gazetteer, default_gazetteer, distance_km

DATASETS = {"geovirus": "GeoVirus.xml", "lgl": "lgl.xml"}
THRESHOLD_KM = 161.0
SUBDIR = Path("data") / "dev" / "geoparsing"


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass
class GeoArticle:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None and value.strip() else None
    except ValueError:
        return None


def _align(text: str, start: int, end: int, name: str | None, slack: int = 3) -> int:
    """The start of ``name`` nearest to the given offsets.

    GeoVirus offsets point one character after the name ("andi," for "Pandi"); the name
    given beside them is the truth, found within ``slack`` characters.
    """
    if not name or text[start:end] == name:
        return start
    for shift in sorted(range(-slack, slack + 1), key=abs):
        if text[start + shift : end + shift] == name:
            return start + shift
    return start


def read_dataset(path: Path) -> Iterator[GeoArticle]:
    """The articles of a GeoVirus or LGL file, in file order."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from exc
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        item = GeoArticle(text)
        for node in (*article.iter("location"), *article.iter("toponym")):
            start, end = node.findtext("start"), node.findtext("end")
            if start is None or end is None:
                raise DatasetError(f"{path}: a toponym without start/end in an article")
            gaz = node.find("gaztag")
            coords = gaz if gaz is not None else node
            begin = _align(text, int(start), int(end), node.findtext("name") or node.findtext("phrase"))
            length = int(end) - int(start)
            item.toponyms.append(
                GoldToponym(
                    start=begin,
                    end=begin + length,
                    text=text[begin : begin + length],
                    lat=_float(coords.findtext("lat")),
                    lon=_float(coords.findtext("lon")),
                )
            )
        yield item


def dataset_path(root: Path, dataset: str) -> Path:
    """Where ``dataset`` (geovirus | lgl) lies: ``root`` may be the shared dir, its
    ``data/dev``, or the ``geoparsing`` folder itself."""
    name = DATASETS.get(dataset.lower())
    if name is None:
        raise DatasetError(f"unknown geoparsing set {dataset!r}: choose one of {', '.join(DATASETS)}")
    for folder in (root / SUBDIR, root / SUBDIR.name, root):
        if (folder / name).is_file():
            return folder / name
    raise DatasetError(f"{root / SUBDIR / name} is missing: the geoparsing sets live in shared/{SUBDIR}")


@dataclass
class _Tally:
    n_gold: int = 0  # gold toponyms (detection)
    n_gold_coords: int = 0  # gold toponyms with coordinates (resolution)
    n_pred: int = 0
    n_detected: int = 0  # gold toponyms matched by a prediction
    n_within: int = 0
    errors: list[float] = field(default_factory=list)

    def figures(self, mode: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mode": mode,
            "n_gold": self.n_gold,
            "n_gold_with_coordinates": self.n_gold_coords,
            "n_resolved": len(self.errors),
            "acc_at_161km": _ratio(self.n_within, self.n_gold_coords),
            "acc_at_161km_of_resolved": _ratio(self.n_within, len(self.errors)),
            "mean_error_km": round(statistics.fmean(self.errors), 1) if self.errors else None,
            "median_error_km": round(statistics.median(self.errors), 1) if self.errors else None,
        }
        if mode == "end_to_end":
            precision = _ratio(self.n_detected, self.n_pred)
            recall = _ratio(self.n_detected, self.n_gold)
            out.update(
                n_pred=self.n_pred,
                precision=precision,
                recall=recall,
                f1=round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
            )
        return out


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _score(tally: _Tally, gold: GoldToponym, lat: float | None, lon: float | None) -> None:
    if gold.lat is None or gold.lon is None or lat is None or lon is None:
        return
    error = distance_km(gold.lat, gold.lon, lat, lon)
    tally.errors.append(error)
    if error <= THRESHOLD_KM:
        tally.n_within += 1


DemonymLookup = Callable[[str], "str | None"]


def kb_demonyms() -> DemonymLookup | None:
    """ISO3 of a demonym ("Russian" -> RUS) from the knowledge base, or None without one.

    LGL marks adjectival toponyms ("Georgian officials"); :func:`find_places` leaves demonyms to
    its caller, and this is what a caller does with them.
    """
    try:
        from eventwire.kb.lookup import default_kb

        kb = default_kb(people=False)
    except (ImportError, EventwireError):
        return None

    def lookup(text: str) -> str | None:
        country = kb.demonym(text)
        return country.iso3 if country is not None else None

    return lookup


def evaluate_resolution(
    articles: list[GeoArticle], gazetteer: Gazetteer, *, demonym: DemonymLookup | None = None
) -> dict[str, Any]:
    """Resolve the gold toponyms of each article together and score the coordinates.

    With ``demonym``, toponyms it maps to a country are placed at that country (and their
    countries are context for the other names) instead of being looked up as names, and
    unknown names that are demonyms of an area ("Ohioans") at that area.
    """
    tally = _Tally()
    for article in articles:
        names = [t.text for t in article.toponyms]
        adjectival = {name: demonym(name) for name in names} if demonym else {}
        context = {code for code in adjectival.values() if code}
        resolved = gazetteer.resolve_all(
            [n for n in names if not adjectival.get(n)], context_countries=context
        )
        by_name = dict(zip([n for n in names if not adjectival.get(n)], resolved, strict=True))
        for gold in article.toponyms:
            tally.n_gold += 1
            tally.n_gold_coords += gold.lat is not None and gold.lon is not None
            code = adjectival.get(gold.text)
            entry = gazetteer.country(code) if code else by_name.get(gold.text)
            if entry is None and demonym is not None:
                entry = gazetteer.area_of_demonym(gold.text)  # "Ohioans", "Dagestani"
            if entry is not None:
                _score(tally, gold, entry.lat, entry.lon)
    return tally.figures("resolution")


def evaluate_end_to_end(
    articles: list[GeoArticle],
    gazetteer: Gazetteer,
    *,
    demonym: DemonymLookup | None = None,
    batch_size: int = 32,
) -> dict[str, Any]:
    """Parse each article, find its places and score detection and coordinates.

    With ``demonym``, demonyms ("Russian", "the Georgian Interior Ministry", "Ohioans": see
    :func:`_demonym_predictions`) are predicted as their country or area where no found place
    overlaps them, and their countries are passed to :func:`find_places` as context.
    """
    from eventwire.extract.places import find_places
    from eventwire.nlp.model import load_model

    nlp = load_model()
    tally = _Tally()
    texts = (a.text for a in articles)
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size), strict=True):
        adjectival = _demonym_predictions(doc, gazetteer, demonym) if demonym else []
        context = {code for _, _, code, _ in adjectival if code}
        predicted = [
            (p.span[0], p.span[1], p.lat, p.lon)
            for p in find_places(doc, gazetteer=gazetteer, context_countries=context)
        ]
        predicted += [
            (start, end, entry.lat, entry.lon)
            for start, end, _, entry in adjectival
            if not any(s < end and start < e for s, e, _, _ in predicted)
        ]
        predicted.sort()
        tally.n_pred += len(predicted)
        claimed: set[int] = set()
        for gold in article.toponyms:
            tally.n_gold += 1
            tally.n_gold_coords += gold.lat is not None and gold.lon is not None
            match = next(
                (
                    k
                    for k, (start, end, _, _) in enumerate(predicted)
                    if k not in claimed and start < gold.end and gold.start < end
                ),
                None,
            )
            if match is None:
                continue
            claimed.add(match)
            tally.n_detected += 1
            _score(tally, gold, predicted[match][2], predicted[match][3])
    return tally.figures("end_to_end")


# Entity labels that never hold a demonym worth placing.
_NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def _demonym_predictions(
    doc: Any, gazetteer: Gazetteer, demonym: DemonymLookup
) -> list[tuple[int, int, str, Any]]:
    """Adjectival toponyms placed at their country or area, as a caller of :func:`find_places`
    does.

    A demonym is one whatever the model labelled it: a NORP entity ("Russian", "Ohioans") and
    each part of a hyphenated one ("Russian-American"), the demonym leading an organisation or
    place ("the Georgian Interior Ministry", "Sri Lankan" tagged as a place), one the model left
    unlabelled ("Canadians"), and a whole PERSON entity that the knowledge base knows as a
    demonym. A person's name is never undone into an area's ("Susan" is no one from Susa).
    """
    spans: list[tuple[int, int, bool]] = []  # token range, and whether area demonyms count
    labelled: set[int] = set()
    for ent in doc.ents:
        labelled.update(range(ent.start, ent.end))
        if ent.label_ in _NUMERIC_LABELS:
            continue
        start = ent.start
        while start < ent.end and doc[start].tag_ in {"DT", "PRP$"}:
            start += 1
        if ent.label_ == "PERSON":
            spans.append((start, ent.end, False))
        elif ent.label_ == "NORP":
            parts = _hyphen_parts(doc, start, ent.end)
            spans.extend((a, b, True) for a, b in (parts if len(parts) > 1 else [(start, ent.end)]))
        else:
            # the longest leading one or two words that are a demonym
            for stop in range(min(ent.end, start + 2), start, -1):
                text = doc[start:stop].text
                if demonym(text) or gazetteer.area_of_demonym(text):
                    spans.append((start, stop, True))
                    break
    for token in doc:
        if token.i not in labelled and token.text[:1].isupper() and token.is_alpha:
            spans.append((token.i, token.i + 1, True))
    out = []
    for start, stop, areas in spans:
        span = doc[start:stop]
        code = demonym(span.text)
        entry = gazetteer.country(code) if code else None
        if entry is None and areas:
            entry = gazetteer.area_of_demonym(span.text)
        if entry is not None:
            out.append((span.start_char, span.end_char, code or entry.country or "", entry))
    return out


def _hyphen_parts(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of the parts of ``doc[start:end]`` between hyphens."""
    parts: list[tuple[int, int]] = []
    begin = start
    for k in range(start, end + 1):
        if k == end or doc[k].text == "-":
            if k > begin:
                parts.append((begin, k))
            begin = k + 1
    return parts


def evaluate_geo(
    root: Path,
    dataset: str,
    *,
    limit: int | None = None,
    mode: str = "both",
    gazetteer: Gazetteer | None = None,
    demonyms: bool = True,
) -> dict[str, Any]:
    """Score places on ``dataset`` (geovirus | lgl) under the shared ``root``.

    ``mode`` is ``resolution``, ``end_to_end`` or ``both``; ``limit`` keeps the first N articles.
    ``demonyms`` maps adjectival toponyms to countries through the knowledge base, as the
    pipeline does (LGL counts "Russian" as a toponym; GeoVirus does not mark them).
    Returns ``{"dataset", "n_articles", "resolution": {...}, "end_to_end": {...}}``.
    """
    if mode not in {"resolution", "end_to_end", "both"}:
        raise DatasetError(f"unknown mode {mode!r}: choose resolution, end_to_end or both")
    articles = list(read_dataset(dataset_path(root, dataset)))
    if limit is not None:
        articles = articles[:limit]
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    lookup = kb_demonyms() if demonyms else None
    result: dict[str, Any] = {
        "dataset": dataset.lower(),
        "n_articles": len(articles),
        "demonyms_from_kb": lookup is not None,
    }
    if mode in {"resolution", "both"}:
        result["resolution"] = evaluate_resolution(articles, gaz, demonym=lookup)
    if mode in {"end_to_end", "both"}:
        result["end_to_end"] = evaluate_end_to_end(articles, gaz, demonym=lookup)
    return result
