"""The docs follow the CLI and each other: every command they show exists, every relative link resolves.

Commands are looked for where the docs show something to type: fenced code blocks (Python blocks
aside, where ``eventwire`` is a module) and inline code spans. There, ``eventwire WORD`` must be
a command of ``eventwire --help``, and ``eventwire GROUP WORD`` a command of that group. Prose
("eventwire creates its tables") is not a command and is not checked. A link's ``#anchor`` must
name a heading of the page it points into, as GitHub makes anchors from headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from eventwire.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]

FENCE = re.compile(r"^([ \t]*)(```+|~~~+)[ \t]*([\w+-]*)[^\n]*\n(.*?)^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)
# a code span may run over a line break, never over a blank line (the end of a paragraph)
INLINE = re.compile(r"(`+)((?:(?!\n[ \t]*\n).)+?)\1", re.DOTALL)
# `eventwire WORD [WORD]` where a shell would run it: at the start of a line or after a space,
# a pipe, `;`, `&`, `(`, `$(`, a quote, or a path such as .venv/bin/
COMMAND = re.compile(
    r"""(?:^|(?<=[\s|;&(`"'])|(?<=bin/))eventwire[ \t]+([a-z][a-z0-9_-]*)(?:[ \t]+([a-z][a-z0-9_-]*))?""",
    re.MULTILINE,
)
# [text](target) and ![alt](target); the target ends at a space (a title follows) or the bracket
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)


def _blank_fences(markdown: str) -> str:
    """The text with each fenced block blanked out (its lines kept, so line numbers still hold)."""
    for block in FENCE.finditer(markdown):
        blank = re.sub(r"[^\n]", " ", block.group(0))
        markdown = markdown[: block.start()] + blank + markdown[block.end() :]
    return markdown


def code_text(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each fenced block that is not Python, and of each inline code span."""
    for block in FENCE.finditer(markdown):
        if block.group(3).lower() not in ("python", "py", "pycon"):
            yield markdown.count("\n", 0, block.start(4)) + 1, block.group(4)
    prose = _blank_fences(markdown)  # a block's backticks are not inline spans
    for span in INLINE.finditer(prose):
        yield prose.count("\n", 0, span.start()) + 1, span.group(2)


def commands_in(markdown: str) -> list[tuple[int, str, str | None]]:
    """(line, command, next word) of every ``eventwire COMMAND`` shown as something to type."""
    found = []
    for line, text in code_text(markdown):
        for match in COMMAND.finditer(text):
            found.append((line + text.count("\n", 0, match.start()), match.group(1), match.group(2)))
    return found


def unknown_commands(markdown: str, group: click.Group) -> list[str]:
    """``line: eventwire X`` for each command shown that ``group`` does not have."""
    ctx = click.Context(group)
    bad = []
    for line, name, sub in commands_in(markdown):
        command = group.get_command(ctx, name)
        if command is None:
            bad.append(f"{line}: eventwire {name}")
        elif isinstance(command, click.Group) and sub and command.get_command(ctx, sub) is None:
            bad.append(f"{line}: eventwire {name} {sub}")
    return bad


def anchors(markdown: str) -> set[str]:
    """The anchors of a page's headings as GitHub makes them ("## The record's JSON Schema" ->
    "the-records-json-schema"; a repeated heading gets "-1", "-2"...); headings in code blocks
    (comments of a shell snippet) are not headings."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in HEADING.finditer(_blank_fences(markdown)):
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
        found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return found


def broken_links(path: Path) -> list[str]:
    """Relative link targets of a Markdown file that name no existing file or folder, or no
    heading of the Markdown page they point into."""
    text = path.read_text(encoding="utf-8")
    bad = []
    for target in LINK.findall(text) + REFERENCE.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            continue  # a URL (https:, mailto:)
        file, _, anchor = target.split("?", 1)[0].partition("#")
        page = path.parent / file if file else path
        missing_heading = (
            page.is_file() and page.suffix == ".md" and anchor != ""
            and anchor not in anchors(page.read_text(encoding="utf-8"))
        )  # fmt: skip
        if not page.exists() or missing_heading:
            bad.append(target)
    return bad


# docs/cli.md is --help itself (a test fails when it is stale), whose prose sits in code blocks
WRITTEN = [p for p in PAGES if p.name != "cli.md"]


@pytest.mark.parametrize("page", WRITTEN, ids=lambda p: p.name)
def test_every_command_the_docs_show_exists(page: Path) -> None:
    assert unknown_commands(page.read_text(encoding="utf-8"), main) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_points_to_a_file_and_heading(page: Path) -> None:
    assert broken_links(page) == []


def test_the_docs_show_most_commands() -> None:
    shown = {name for page in WRITTEN for _, name, _ in commands_in(page.read_text(encoding="utf-8"))}
    assert len(shown) >= 10 and {"code", "ingest", "dyad", "export"} <= shown


def test_a_made_up_command_is_caught_in_blocks_and_spans_but_not_prose_or_python() -> None:
    page = "\n".join(
        [
            "eventwire turns news into events; eventwire frobnicate is prose.",
            "Run `eventwire fly --high` or",
            "```bash",
            "cat x | eventwire code - && .venv/bin/eventwire swim",
            "eventwire learned list && eventwire learned fly",
            "```",
            "```python",
            "import eventwire",
            "eventwire.code('x')",
            "```",
            "`pip install eventwire`, `EVENTWIRE_TOKEN=x eventwire serve`",
        ]
    )
    assert unknown_commands(page, main) == [
        "4: eventwire swim",
        "5: eventwire learned fly",
        "2: eventwire fly",
    ]


def test_a_broken_link_or_anchor_is_caught(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text(
        "# There\n## The record's `JSON` Schema\n```bash\n# not a heading\n```\n## Part\n## Part\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n[ok](there.md) [web](https://example.org/x.md) [self](#top)\n"
        "[a](there.md#the-records-json-schema) [b](there.md#part-1) [c](there.md#not-a-heading)\n"
        '![img](missing.png "a title") [gone](gone.md#part) [nowhere](#bottom)\n[ref]: elsewhere.md\n',
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "there.md#not-a-heading", "missing.png", "gone.md#part", "#bottom", "elsewhere.md",
    ]  # fmt: skip
