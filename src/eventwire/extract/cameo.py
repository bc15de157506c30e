"""The CAMEO event codebook: names, Goldstein scores, QuadClass and the PLOVER crosswalk.

The table lives in ``extract/data/cameo.csv`` (one row per CAMEO event code, root codes included):

    code,name,goldstein,plover_type,plover_mode,plover_context

Codes are strings with their leading zeros ("042", "0841"). ``plover_context`` holds
``|``-separated context names. Roots 01 (statements) and 02 (appeals) carry no PLOVER type,
because PLOVER dropped them.

    >>> table = default_cameo()
    >>> table.get("042").plover_mode
    'visit'
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.errors import DataFileError

__all__ = ["CAMEO_PATH", "CameoCode", "CameoTable", "default_cameo", "quad_class"]

CAMEO_PATH = Path(__file__).parent / "data" / "cameo.csv"
_COLUMNS = ("code", "name", "goldstein", "plover_type", "plover_mode", "plover_context")


def quad_class(root: str) -> int:
    """Return GDELT's QuadClass for a two-digit CAMEO root.

    Roots 01-05 are verbal cooperation (1), 06-09 material cooperation (2), 10-14 verbal
    conflict (3) and 15-20 material conflict (4).
    """
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"{root!r} is not a CAMEO root (01-20)")
    if number <= 5:
        return 1
    if number <= 9:
        return 2
    if number <= 14:
        return 3
    return 4


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its score and PLOVER equivalent."""

    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]

    @property
    def is_root(self) -> bool:
        """True for the two-digit root rows ("04"), which events are not coded with."""
        return len(self.code) == 2


class CameoTable:
    """All CAMEO event codes, looked up by their string code."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self._codes = dict(codes)

    @classmethod
    def load(cls, path: Path | None = None) -> CameoTable:
        """Read the packaged table (or ``path``), validating every line.

        Raises DataFileError naming the file and line of the first malformed row.
        """
        source = path if path is not None else CAMEO_PATH
        codes: dict[str, CameoCode] = {}
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != _COLUMNS:
                raise DataFileError(str(source), 1, f"header must be {','.join(_COLUMNS)}, got {header}")
            for row in reader:
                if not row or not "".join(row).strip():
                    continue
                entry = _parse_row(row, str(source), reader.line_num)
                if entry.code in codes:
                    raise DataFileError(str(source), reader.line_num, f"duplicate code {entry.code}")
                codes[entry.code] = entry
        return cls(codes)

    def get(self, code: str) -> CameoCode:
        """Return the entry for ``code``; raise KeyError naming the code when it is unknown."""
        try:
            return self._codes[code]
        except KeyError:
            hint = " (CAMEO codes keep their leading zeros, e.g. '042')" if code.isdigit() else ""
            raise KeyError(f"unknown CAMEO event code {code!r}{hint}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def codes(self) -> tuple[str, ...]:
        """All codes in codebook order, root rows included."""
        return tuple(self._codes)


def _parse_row(row: list[str], path: str, line: int) -> CameoCode:
    if len(row) != len(_COLUMNS):
        raise DataFileError(path, line, f"expected {len(_COLUMNS)} columns, found {len(row)}")
    code, name, goldstein_text, plover_type, plover_mode, plover_context = (cell.strip() for cell in row)
    if not code.isdigit() or len(code) not in (2, 3, 4):
        raise DataFileError(path, line, f"code {code!r} is not a 2-4 digit CAMEO code")
    root = code[:2]
    try:
        quad = quad_class(root)
    except ValueError as exc:
        raise DataFileError(path, line, str(exc)) from None
    try:
        goldstein = float(goldstein_text)
    except ValueError:
        raise DataFileError(path, line, f"goldstein {goldstein_text!r} is not a number") from None
    if not -10.0 <= goldstein <= 10.0:
        raise DataFileError(path, line, f"goldstein {goldstein} is outside -10..10")
    if not name:
        raise DataFileError(path, line, f"code {code} has no name")
    if (plover_mode or plover_context) and not plover_type:
        raise DataFileError(path, line, "a PLOVER mode or context needs a PLOVER type")
    return CameoCode(
        code=code,
        name=name,
        goldstein=goldstein,
        root=root,
        quad_class=quad,
        plover_type=plover_type or None,
        plover_mode=plover_mode or None,
        plover_context=tuple(part.strip() for part in plover_context.split("|") if part.strip()),
    )


@lru_cache(maxsize=1)
def default_cameo() -> CameoTable:
    """The packaged CAMEO table, read once per process."""
    return CameoTable.load()
