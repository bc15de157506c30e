"""Scoring eventwire against labelled sets: ``evaluate("plover_gsr", coder, shared_root=...)``.

The sets live in ``shared/data/dev`` (never in the project); :data:`DATASETS` names them, a
*coder* turns raw articles into coded ones (:func:`default_coder` is the pipeline), and
:func:`check_floors` compares results with the floors in ``floors.json`` for CI's gate.
"""

from eventwire.eval.events import main_event
from eventwire.eval.harness import (
    BATCH_SIZE,
    DATASETS,
    Coder,
    EvalRequest,
    EvalSet,
    Progress,
    coded_set,
    default_coder,
    evaluate,
    function_set,
    run_cli_eval,
)
from eventwire.eval.report import EvalResult, check_floors, load_floors

__all__ = [
    "BATCH_SIZE",
    "DATASETS",
    "Coder",
    "EvalRequest",
    "EvalResult",
    "EvalSet",
    "Progress",
    "check_floors",
    "coded_set",
    "default_coder",
    "evaluate",
    "function_set",
    "load_floors",
    "main_event",
    "run_cli_eval",
]
