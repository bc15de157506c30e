"""JSON Lines and JSON: the input contract, with bad lines reported and the rest read on."""

from __future__ import annotations

import json

from eventwire.errors import EmptyInput, InputError
from eventwire.ingest import RawArticle, read_json, read_jsonl


def _line(**record: object) -> str:
    return json.dumps(record)


def test_good_and_bad_lines() -> None:
    lines = [
        _line(
            id="a1",
            title="Talks resume",
            date="2024-01-12",
            url="https://example.org/1",
            source="Wire",
            text="Envoys met in Geneva on Friday.\nThey agreed to meet again.",
        ),
        "{not json",
        _line(title="no text"),
        _line(text=42),
        "",
        _line(text="Envoys met.", date="12/01/2024"),
        _line(text="Envoys met.", date="2024-02-30"),
        _line(id=7, text="Envoys met again on Monday."),
        json.dumps(["a", "list"]),
        _line(text="   "),
        _line(text="Envoys met.", title=5),
    ]
    items = list(read_jsonl(lines, "feed.jsonl", published="2024-03-01"))
    assert len(items) == 10  # the blank line is skipped
    good = [i for i in items if isinstance(i, RawArticle)]
    bad = [i for i in items if isinstance(i, InputError)]
    assert [a.origin for a in good] == ["feed.jsonl:1", "feed.jsonl:8"]
    first = good[0]
    assert (first.id, first.title, first.published, first.url, first.source) == (
        "a1",
        "Talks resume",
        "2024-01-12",
        "https://example.org/1",
        "Wire",
    )
    assert first.text == "Envoys met in Geneva on Friday.\nThey agreed to meet again."
    assert good[1].id == "7" and good[1].published == "2024-03-01"  # --date fills in
    names = [e.input_name for e in bad]
    assert names == [
        "feed.jsonl:2",
        "feed.jsonl:3",
        "feed.jsonl:4",
        "feed.jsonl:6",
        "feed.jsonl:7",
        "feed.jsonl:9",
        "feed.jsonl:10",
        "feed.jsonl:11",
    ]
    reasons = [e.reason for e in bad]
    assert "not valid JSON" in reasons[0]
    assert '"text"' in reasons[1] and '"text" must be a string' in reasons[2]
    assert "YYYY-MM-DD" in reasons[3] and "YYYY-MM-DD" in reasons[4]
    assert "JSON object" in reasons[5]
    assert isinstance(bad[6], EmptyInput)
    assert '"title" must be a string' in reasons[7]
    assert str(bad[0]).startswith("[E010] feed.jsonl:2: ")


def test_timestamp_date_is_cut_to_the_day() -> None:
    (a,) = read_jsonl([_line(text="Envoys met.", date="2024-01-12T08:30:00Z")], "f")
    assert isinstance(a, RawArticle) and a.published == "2024-01-12"


def test_cleanup_takes_dateline_credits_and_repeated_title() -> None:
    text = (
        "Talks resume\n(Reuters) - Envoys met in Geneva on Friday.\nThey agreed to meet again.\nab/cd (AFP)"
    )
    (a,) = read_jsonl([_line(title="Talks resume", text=text)], "f")
    assert isinstance(a, RawArticle)
    assert a.text == "Envoys met in Geneva on Friday.\nThey agreed to meet again."
    assert a.credits == ["Reuters", "AFP"] and a.authors == ["ab", "cd"]
    assert a.title == "Talks resume"


def test_no_headline_detection_in_jsonl_text() -> None:
    (a,) = read_jsonl([_line(text="Talks resume\nEnvoys met in Geneva on Friday.")], "f")
    assert isinstance(a, RawArticle)
    assert a.title is None and a.text.startswith("Talks resume\n")


def test_clean_false_keeps_text_verbatim() -> None:
    text = "(Reuters) - Envoys met.\n\nab/cd (AFP)"
    (a,) = read_jsonl([_line(text=text)], "f", clean=False)
    assert isinstance(a, RawArticle) and a.text == text


def test_no_lines_is_empty_input() -> None:
    (e,) = read_jsonl(["", "  "], "empty.jsonl")
    assert isinstance(e, EmptyInput) and e.input_name == "empty.jsonl"


def test_json_object_and_list() -> None:
    (one,) = read_json(_line(text="Envoys met.", title="T"), "one.json")
    assert isinstance(one, RawArticle) and one.origin == "one.json"
    items = list(read_json(json.dumps([{"text": "Envoys met."}, {"title": "x"}]), "many.json"))
    assert isinstance(items[0], RawArticle) and items[0].origin == "many.json[0]"
    assert isinstance(items[1], InputError) and items[1].input_name == "many.json[1]"
    (bad,) = read_json("[1, 2", "broken.json")
    assert isinstance(bad, InputError) and "not valid JSON" in bad.reason


def test_a_lone_surrogate_escape_becomes_a_replacement_character() -> None:
    # json.loads accepts "\ud800" and returns a str that cannot be encoded: spaCy failed on it
    line = '{"id": "x\\udc00", "title": "T\\ud800", "text": "Envoys met \\ud800in Geneva."}'
    (article,) = read_jsonl([line], "f.jsonl")
    assert isinstance(article, RawArticle)
    assert article.text == "Envoys met \ufffdin Geneva."
    assert (article.title, article.id) == ("T\ufffd", "x\ufffd")
    article.text.encode("utf-8")  # raises if a surrogate is left
