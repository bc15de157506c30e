"""Re-coding by modality: the CAMEO code an announced or a refused act takes.

``data/intents.csv``: CAMEO codes a promise of cooperation as an intent (03) and a conflict act
still to come as a threat (13): "will release the prisoners" is 0353, not 0841; "plans to impose
sanctions" is 1312, not 163. The coder keeps ``modality: "intended"`` on such events.

``data/negations.csv``: a refused or failed act of cooperation is a rejection (12): "will not
lift the ban" is 1244, "failed to reach agreement" 127.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.extract.cameo import CameoTable

INTENTS_PATH = Path(__file__).parent / "data" / "intents.csv"
NEGATIONS_PATH = Path(__file__).parent / "data" / "negations.csv"
# What each kind of table may map to: intents and threats; rejections.
_ALLOWED = {"intended": ("03", "13"), "negated": ("12",)}


class IntentTable:
    """Action code -> its code under a modality, by the longest matching prefix of the code."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = dict(table)

    @classmethod
    def load(cls, path: Path = INTENTS_PATH, *, cameo: CameoTable | None = None) -> IntentTable:
        """Read and check a table headed ``action,intended`` or ``action,negated``."""
        cameo = cameo or CameoTable.load()
        table: dict[str, str] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataFileError(str(path), None, f"cannot read the file: {exc.strerror}") from None
        rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
        header = rows[0][1].strip() if rows else ""
        kind = header.removeprefix("action,")
        if not header.startswith("action,") or kind not in _ALLOWED:
            choices = " or ".join(f"'action,{k}'" for k in _ALLOWED)
            raise DataFileError(str(path), rows[0][0] if rows else None, f"the header must be {choices}")
        for n, line in rows[1:]:
            fields = next(csv.reader([line]))
            if len(fields) != 2:
                raise DataFileError(str(path), n, f"expected 2 fields, found {len(fields)}")
            action, recoded = (f.strip() for f in fields)
            for code in (action, recoded):
                if code not in cameo:
                    raise DataFileError(str(path), n, f"{code!r} is not a CAMEO code")
            if not recoded.startswith(_ALLOWED[kind]):
                roots = " or ".join(_ALLOWED[kind])
                raise DataFileError(str(path), n, f"{recoded} is not a code of root {roots}")
            table[action] = recoded
        return cls(table)

    def intended(self, code: str) -> str | None:
        """The code ``code`` takes under this table's modality, or None when it has none."""
        for n in range(len(code), 1, -1):
            found = self._table.get(code[:n])
            if found is not None:
                return found
        return None
