"""The Python snippets of docs/*.md that are marked ``<!-- test -->`` run as written.

A marked snippet is the ```` ```python ```` block right after a line holding only
``<!-- test -->``. Each runs on its own (fresh globals) in a temporary folder, so a snippet that
writes a file leaves nothing behind. They may load the model: they are marked ``model``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
MARKER = "<!-- test -->"


def marked_snippets(path: Path) -> list[tuple[int, str]]:
    """(line number of the code, code) of each marked snippet of a Markdown file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line.strip() != MARKER:
            continue
        start = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), len(lines))
        if start == len(lines) or lines[start].strip() != "```python":
            raise ValueError(f"{path.name}:{i + 1}: {MARKER} must be followed by a ```python block")
        end = next((j for j in range(start + 1, len(lines)) if lines[j].strip() == "```"), None)
        if end is None:
            raise ValueError(f"{path.name}:{start + 1}: the ```python block is never closed")
        found.append((start + 2, "\n".join(lines[start + 1 : end]) + "\n"))
    return found


SNIPPETS = [
    pytest.param(path, line, code, id=f"{path.name}:{line}", marks=pytest.mark.model)
    for path in sorted(DOCS.glob("*.md"))
    for line, code in marked_snippets(path)
]


def test_the_python_page_has_tested_snippets() -> None:
    assert sum(1 for p in SNIPPETS if p.values[0].name == "python.md") >= 4


def test_a_marker_without_a_python_block_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"{MARKER}\n\n```bash\nls\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"page\.md:1"):
        marked_snippets(page)
    page.write_text(f"text\n{MARKER}\n```python\nx = 1\n```\n", encoding="utf-8")
    assert marked_snippets(page) == [(4, "x = 1\n")]


@pytest.mark.parametrize("path,line,code", SNIPPETS)
def test_snippet_runs(
    path: Path, line: int, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # line numbers in a traceback point into the Markdown file
    compiled = compile("\n" * (line - 1) + code, str(path), "exec")
    exec(compiled, {"__name__": "__docs__"})
