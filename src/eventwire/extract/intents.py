"""Announced actions: the CAMEO code an intended action takes (data in ``data/intents.csv``).

CAMEO codes a promise of cooperation as an intent (03) and a conflict action still to come as a
threat (13): "will release the prisoners" is 0353, not 0841; "plans to impose sanctions" is
1312, not 163. The coder keeps ``modality: "intended"`` on such events as well.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.extract.cameo import CameoTable

INTENTS_PATH = Path(__file__).parent / "data" / "intents.csv"


class IntentTable:
    """Action code -> intended code, by the longest matching prefix of the action code."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = dict(table)

    @classmethod
    def load(cls, path: Path = INTENTS_PATH, *, cameo: CameoTable | None = None) -> IntentTable:
        """Read and check the table: both columns must be CAMEO codes."""
        cameo = cameo or CameoTable.load()
        table: dict[str, str] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataFileError(str(path), None, f"cannot read the file: {exc.strerror}") from None
        rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
        if not rows or rows[0][1].strip() != "action,intended":
            raise DataFileError(
                str(path), rows[0][0] if rows else None, "the header must be 'action,intended'"
            )
        for n, line in rows[1:]:
            fields = next(csv.reader([line]))
            if len(fields) != 2:
                raise DataFileError(str(path), n, f"expected 2 fields, found {len(fields)}")
            action, intended = (f.strip() for f in fields)
            for code in (action, intended):
                if code not in cameo:
                    raise DataFileError(str(path), n, f"{code!r} is not a CAMEO code")
            if not intended.startswith(("03", "13")):
                raise DataFileError(str(path), n, f"{intended} is neither an intent (03) nor a threat (13)")
            table[action] = intended
        return cls(table)

    def intended(self, code: str) -> str | None:
        """The code of ``code`` announced rather than done, or None when it has none."""
        for n in range(len(code), 1, -1):
            found = self._table.get(code[:n])
            if found is not None:
                return found
        return None


@lru_cache(maxsize=1)
def default_intents() -> IntentTable:
    """The packaged table, read once per process."""
    return IntentTable.load()
