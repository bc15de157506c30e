"""The knowledge base: countries, titles, organisations, people with their terms, and metonyms.

The data are readable CSV files in ``eventwire/kb/data`` (formats in docs/kb.md); users add or
override rows with files of their own::

    from eventwire.kb import KnowledgeBase, default_kb

    kb = default_kb()                                    # the packaged files, loaded once
    kb.country("U.S.").iso3                              # 'USA'
    kb.office_holder("USA", "foreign_minister", "2023-11-10").name   # 'Antony Blinken'
    mine = KnowledgeBase.load(["my_people.csv"])         # packaged rows plus (or replaced by) mine
"""

from eventwire.kb.loader import find_overlaps
from eventwire.kb.lookup import KnowledgeBase, default_kb
from eventwire.kb.model import Country, Igo, Metonym, Person, Title

__all__ = [
    "Country",
    "Igo",
    "KnowledgeBase",
    "Metonym",
    "Person",
    "Title",
    "default_kb",
    "find_overlaps",
]
