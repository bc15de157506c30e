"""Reading and checking the knowledge-base files: the packaged ones in ``kb/data`` and the user's own.

Every file is CSV (UTF-8, one header line, ``#`` lines are comments, lists inside a cell separated by
``|``). A file's type is recognised by its header: each type has required and optional columns, and a
header must hold all required columns of one type and nothing outside that type's columns.

Rows are checked as they are read; the first problem raises :class:`~eventwire.errors.DataFileError`
naming the file, the line and what to fix. After all files are read, references between them (a
person's country, a title's country, an IGO's country) are checked the same way.

User files are read after the packaged ones. A user row whose key matches a packaged row replaces it;
other rows are added. Keys: countries by ``iso3``, titles by ``title``, IGOs by ``key``, metonyms by
``text``, people by ``(name, country, role, start)``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.kb.model import KINDS, SECTORS, Country, Igo, Metonym, Person, Title, fold, plain, title_key

PACKAGED_FILES = ("countries.csv", "metonyms.csv", "titles.csv", "igos.csv", "people.csv")

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")
_ROLE = re.compile(r"^[a-z][a-z_]*$")
_CODE = re.compile(r"^(?:[A-Z]{3})+$")
_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False, "": False}


@dataclass(frozen=True)
class Schema:
    """The columns of one file type."""

    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    def matches(self, header: Sequence[str]) -> bool:
        """Whether ``header`` has all required columns of this type and no column foreign to it."""
        cols = set(header)
        return set(self.required) <= cols <= set(self.required) | set(self.optional)


SCHEMAS = (
    Schema(
        "countries",
        ("iso3", "name"),
        ("iso2", "aliases", "demonyms", "capital", "capital_aliases", "cameo", "status"),
    ),
    Schema("metonyms", ("text", "iso3", "sector"), ()),
    Schema("titles", ("title", "sector"), ("kind", "role", "country")),
    Schema("igos", ("key", "name", "code"), ("aliases", "kind", "sector", "country")),
    Schema(
        "people",
        ("name", "country", "role", "start"),
        ("aliases", "title", "sector", "end", "shared", "surname"),
    ),
)


@dataclass(frozen=True)
class Where:
    """Where a record was read: for error messages about references checked after reading."""

    path: str
    line: int


@dataclass(frozen=True)
class Tables:
    """Every record of a load, after user rows have replaced or joined the packaged ones."""

    countries: tuple[Country, ...]
    titles: tuple[Title, ...]
    igos: tuple[Igo, ...]
    people: tuple[Person, ...]
    metonyms: tuple[Metonym, ...]


class _Row:
    """One data line: its cells by column name, and the means to complain about it."""

    def __init__(self, path: str, line: int, cells: dict[str, str]) -> None:
        self.where = Where(path, line)
        self.cells = cells

    def fail(self, reason: str) -> DataFileError:
        return DataFileError(self.where.path, self.where.line, reason)

    def get(self, col: str) -> str:
        return self.cells.get(col, "")

    def need(self, col: str) -> str:
        value = self.get(col)
        if not value:
            raise self.fail(f"column {col!r} is empty; it is required")
        return value

    def match(self, col: str, pattern: re.Pattern[str], what: str, *, required: bool = True) -> str:
        value = self.need(col) if required else self.get(col)
        if value and not pattern.match(value):
            raise self.fail(f"column {col!r} is {value!r}, expected {what}")
        return value

    def one_of(self, col: str, allowed: Collection[str], default: str | None = None) -> str:
        value = self.get(col)
        if not value and default is not None:
            return default
        if value not in allowed:
            shown = ", ".join(sorted(allowed)) if len(allowed) <= 8 else "a CAMEO type code (see docs/kb.md)"
            raise self.fail(f"column {col!r} is {value!r}, expected {shown}")
        return value

    def items(self, col: str) -> tuple[str, ...]:
        return tuple(plain(v) for v in self.get(col).split("|") if v.strip())

    def day(self, col: str, *, required: bool) -> str | None:
        value = self.need(col) if required else self.get(col)
        if not value:
            return None
        try:
            if len(value) != 10:
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"column {col!r} is {value!r}, expected a real day as YYYY-MM-DD") from None
        return value


# ---- reading ---------------------------------------------------------------------------------------


def read_rows(path: str, text: str) -> tuple[Schema, Iterator[_Row]]:
    """The schema recognised from the header of ``text`` and its data rows (comments and blanks skipped)."""
    lines = ((n, ln) for n, ln in enumerate(text.lstrip("\ufeff").splitlines(), 1) if _is_data(ln))
    first = next(lines, None)
    if first is None:
        raise DataFileError(path, None, "the file has no header line (it is empty or all comments)")
    header_line, header_text = first
    header = [h.strip() for h in next(csv.reader([header_text]))]
    schema = next((s for s in SCHEMAS if s.matches(header)), None)
    if schema is None:
        raise DataFileError(path, header_line, _unknown_header(header))
    if len(set(header)) != len(header):
        raise DataFileError(path, header_line, f"a column is named twice in the header {header}")

    def rows() -> Iterator[_Row]:
        for n, line in lines:
            cells = next(csv.reader([line]))
            if len(cells) != len(header):
                raise DataFileError(
                    path,
                    n,
                    f"expected {len(header)} fields ({', '.join(header)}), found {len(cells)}; "
                    'quote a cell that contains a comma: "Washington, D.C."',
                )
            yield _Row(path, n, {h: c.strip() for h, c in zip(header, cells, strict=True)})

    return schema, rows()


def _is_data(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _unknown_header(header: list[str]) -> str:
    known = "; ".join(f"{s.kind}: {', '.join(s.required + s.optional)}" for s in SCHEMAS)
    return (
        f"the header {header} matches no knowledge-base file type. Each type needs its required "
        f"columns (the first ones listed) and may have only its own columns. Types: {known}"
    )


def _packaged_texts() -> Iterator[tuple[str, str]]:
    data = resources.files("eventwire.kb").joinpath("data")
    for name in PACKAGED_FILES:
        entry = data.joinpath(name)
        yield str(entry), entry.read_text(encoding="utf-8")


def _user_texts(paths: Sequence[Path | str]) -> Iterator[tuple[str, str]]:
    for given in paths:
        path = Path(given)
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        for file in files:
            try:
                yield str(file), file.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise DataFileError(str(file), None, "no such file; check the path given") from None
            except UnicodeDecodeError as exc:
                raise DataFileError(
                    str(file), None, f"not UTF-8 text ({exc.reason}); save it as UTF-8"
                ) from None
            except OSError as exc:
                raise DataFileError(str(file), None, f"cannot be read: {exc.strerror}") from None


# ---- one parser per file type ------------------------------------------------------------------------


def _country(row: _Row) -> tuple[Any, Country]:
    iso3 = row.match("iso3", _ISO3, "three capital letters (ISO 3166-1 alpha-3)")
    status = row.one_of("status", ("state", "territory"), default="state")
    rec = Country(
        iso3=iso3,
        iso2=row.match("iso2", _ISO2, "two capital letters (ISO 3166-1 alpha-2)", required=False),
        name=plain(row.need("name")),
        aliases=row.items("aliases"),
        demonyms=row.items("demonyms"),
        capital=plain(row.get("capital")) or None,
        capital_aliases=row.items("capital_aliases"),
        cameo=row.match("cameo", _ISO3, "three capital letters or empty", required=False),
        sovereign=status == "state",
    )
    return iso3, rec


def _metonym(row: _Row) -> tuple[Any, Metonym]:
    rec = Metonym(
        text=plain(row.need("text")),
        country=row.match("iso3", _ISO3, "three capital letters (ISO 3166-1 alpha-3)"),
        sector=row.one_of("sector", SECTORS),
    )
    return fold(rec.text), rec


def _title(row: _Row) -> tuple[Any, Title]:
    text = " ".join(row.need("title").lower().split())
    rec = Title(
        text=text,
        sector=row.one_of("sector", SECTORS),
        kind=row.one_of("kind", KINDS, default="person"),
        role=row.match("role", _ROLE, "a lower-case key such as foreign_minister", required=False) or None,
        country=row.match("country", _KEY, "an ISO3 code or an IGO key", required=False) or None,
    )
    return title_key(text), rec


def _igo(row: _Row) -> tuple[Any, Igo]:
    key = row.match("key", _KEY, "an upper-case key such as NATO or ARAB_LEAGUE")
    rec = Igo(
        key=key,
        name=plain(row.need("name")),
        aliases=row.items("aliases"),
        code=row.match("code", _CODE, "a CAMEO code: groups of three capital letters, e.g. IGONAT"),
        kind=row.one_of("kind", ("organization", "group"), default="organization"),
        sector=row.one_of("sector", SECTORS, default="IGO"),
        country=row.match("country", _ISO3, "an ISO3 code or empty", required=False) or None,
    )
    return key, rec


def _people(row: _Row) -> list[tuple[Any, Person]]:
    name = plain(row.need("name"))
    country = row.match("country", _KEY, "an ISO3 code or an IGO key")
    row.need("role")
    roles = row.items("role")
    for role in roles:
        if not _ROLE.match(role):
            raise row.fail(f"role {role!r} is not a lower-case key such as head_of_state")
    start = row.day("start", required=True)
    end = row.day("end", required=False)
    assert start is not None  # required=True guarantees it; the assert narrows the type
    if end is not None and end < start:
        raise row.fail(f"the term ends ({end}) before it starts ({start})")
    shared = row.get("shared").lower()
    if shared not in _YES:
        raise row.fail(f"column 'shared' is {shared!r}, expected yes or empty")
    surname = row.get("surname")
    family = None if not surname else ("" if surname == "-" else plain(surname))
    records = []
    for role in roles:
        rec = Person(
            name=name,
            aliases=row.items("aliases"),
            country=country,
            role=role,
            title=plain(row.get("title")),
            sector=row.one_of("sector", SECTORS, default="GOV"),
            start=start,
            end=end,
            shared=_YES[shared],
            family=family,
        )
        records.append(((fold(name), country, role, start), rec))
    return records


_PARSERS: dict[str, Callable[[_Row], Any]] = {
    "countries": _country,
    "metonyms": _metonym,
    "titles": _title,
    "igos": _igo,
    "people": _people,
}


# ---- loading -----------------------------------------------------------------------------------------


def load_tables(extra_paths: Sequence[Path | str] = (), *, people: bool = True) -> Tables:
    """Read the packaged files and then ``extra_paths`` (files or folders of ``*.csv``), check them, merge.

    Raises DataFileError for the first malformed line, unknown header or broken reference.
    """
    # key -> (record, where); dicts keep first-insertion order, and a user row replaces in place.
    tables: dict[str, dict[Any, tuple[Any, Where]]] = {kind: {} for kind in _PARSERS}
    for source in (_packaged_texts(), _user_texts(extra_paths)):
        for path, text in source:
            schema, rows = read_rows(path, text)
            if schema.kind == "people" and not people:
                continue
            _merge_file(tables[schema.kind], schema.kind, rows)
    _check_references(tables)
    return Tables(
        countries=tuple(rec for rec, _ in tables["countries"].values()),
        titles=tuple(rec for rec, _ in tables["titles"].values()),
        igos=tuple(rec for rec, _ in tables["igos"].values()),
        people=tuple(rec for rec, _ in tables["people"].values()),
        metonyms=tuple(rec for rec, _ in tables["metonyms"].values()),
    )


def _merge_file(table: dict[Any, tuple[Any, Where]], kind: str, rows: Iterator[_Row]) -> None:
    seen: dict[Any, int] = {}
    parse = _PARSERS[kind]
    for row in rows:
        parsed = parse(row)
        for key, rec in parsed if isinstance(parsed, list) else [parsed]:
            if key in seen:
                raise row.fail(f"duplicate {kind} row for {_show(key)} (first on line {seen[key]})")
            seen[key] = row.where.line
            table.pop(key, None)  # a replaced row moves to the end, after the rows it overrides
            table[key] = (rec, row.where)


def _show(key: Any) -> str:
    return " / ".join(key) if isinstance(key, tuple) else str(key)


def _check_references(tables: dict[str, dict[Any, tuple[Any, Where]]]) -> None:
    countries = {rec.iso3 for rec, _ in tables["countries"].values()}
    owners = countries | {rec.key for rec, _ in tables["igos"].values()}
    checks: list[tuple[str, str, set[str]]] = [
        ("people", "country", owners),
        ("titles", "country", owners),
        ("igos", "country", countries),
        ("metonyms", "country", countries),
    ]
    for kind, attr, allowed in checks:
        for rec, where in tables[kind].values():
            value = getattr(rec, attr)
            if value is not None and value not in allowed:
                hint = "an ISO3 code in countries.csv" + (" or an IGO key" if allowed is owners else "")
                raise DataFileError(where.path, where.line, f"{attr} {value!r} is unknown; expected {hint}")


def find_overlaps(people: Iterable[Person]) -> list[tuple[Person, Person]]:
    """Pairs of terms of the same role and country that overlap, neither marked ``shared``.

    A term that ends on the day the next one starts does not overlap it (handovers happen on a day).
    """
    by_office: dict[tuple[str, str], list[Person]] = {}
    for person in people:
        by_office.setdefault((person.country, person.role), []).append(person)
    clashes = []
    for terms in by_office.values():
        terms.sort(key=lambda p: p.start)
        for i, first in enumerate(terms):
            for second in terms[i + 1 :]:
                if first.end is not None and second.start >= first.end:
                    break
                if not (first.shared or second.shared):
                    clashes.append((first, second))
    return clashes
