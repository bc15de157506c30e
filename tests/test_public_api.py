"""The public API is what we mean it to be: ``__all__`` pinned, and ``import eventwire`` stays light."""

from __future__ import annotations

import subprocess
import sys

import eventwire

EXPECTED = {
    # coding
    "code",
    "code_many",
    "Pipeline",
    "Options",
    "Failure",
    # the store
    "open",
    # records
    "SCHEMA",
    "Article",
    "Actor",
    "Event",
    "Side",
    "Plover",
    "Evidence",
    "Quote",
    "Place",
    "TimeExpression",
    # errors
    "EventwireError",
    "InputError",
    "UnsupportedFormat",
    "EmptyInput",
    "UnsupportedLanguage",
    "FetchError",
    "InputTooLarge",
    "CodingFailed",
    "DataFileError",
    "ModelNotFound",
    "IncompatiblePipeline",
    "DatasetError",
    "StoreError",
    "ClusterError",
    "QueryError",
    "ExportError",
    "ServeError",
    "InvalidRecord",
    "__version__",
}


def test_all_is_pinned() -> None:
    assert set(eventwire.__all__) == EXPECTED
    assert len(eventwire.__all__) == len(EXPECTED), "a name is listed twice in __all__"


def test_every_exported_name_resolves() -> None:
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None, name
    from eventwire.pipeline import Failure, Pipeline

    assert eventwire.Pipeline is Pipeline and eventwire.Failure is Failure
    from eventwire.store.corpus import open_store

    assert eventwire.open is open_store
    assert issubclass(eventwire.InvalidRecord, eventwire.EventwireError)


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        eventwire.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("eventwire.no_such_thing did not raise")


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert eventwire.__version__ == version("eventwire")


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_import_eventwire_does_not_import_spacy() -> None:
    modules = _imported_after("import eventwire\neventwire.code\neventwire.Article\neventwire.Options")
    assert "eventwire" in modules
    heavy = {m.split(".")[0] for m in modules} & {"spacy", "thinc", "torch", "jsonschema", "sqlalchemy"}
    assert heavy == set(), f"`import eventwire` imported {sorted(heavy)}"


def test_pipeline_is_imported_on_first_access() -> None:
    modules = _imported_after("import eventwire\neventwire.Pipeline")
    assert "eventwire.pipeline" in modules
