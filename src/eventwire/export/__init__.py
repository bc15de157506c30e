"""Exports: the store's events and articles in the field's file formats.

    from eventwire.export import EventFilter, export
    from eventwire.store import Store

    summary = export(Store("eventwire.db"), "gdelt", "events.tsv", filters=EventFilter(since="2023-11"))
    summary.rows                                          # lines written

Formats (docs/exports.md describes each column): ``gdelt`` (GDELT 2.0 Events TSV), ``gkg``
(GKG 2.1 TSV, one line per article), ``plover`` (PLOVER JSON lines), ``csv`` and ``parquet``
(one typed row per event with its article and story). Exports stream from the store in chunks
and write atomically.
"""

from eventwire.export.exporter import FORMATS, TEXT_FORMATS, ExportSummary, export
from eventwire.export.geo import GeoFacts
from eventwire.store.filters import EventFilter

__all__ = ["FORMATS", "TEXT_FORMATS", "EventFilter", "ExportSummary", "GeoFacts", "export"]
