"""Near-duplicate lookup: syndicated copies are found across runs, unrelated reports are not."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

import eventwire.dedup
from eventwire.dedup import NearDuplicates
from eventwire.dedup.near import META_KEY, candidate_probability, containment, jaccard, words
from eventwire.errors import StoreError
from eventwire.store import Store, schema
from eventwire.store.writer import write_article

# Our own wire story, long enough (~150 words) to be compared.
WIRE = (
    "The foreign ministers of Norland and Vesteria met in the port city of Aldmark on Tuesday to "
    "discuss a long-delayed agreement on fishing rights in the northern strait. Officials from both "
    "delegations said the talks lasted more than six hours and ended without a joint statement. "
    "Norland's minister told reporters that the two sides had narrowed their differences on quotas "
    "but that the question of inspection rights remained open. Vesterian officials, speaking on "
    "condition of anonymity, said their government was ready to resume negotiations next month if "
    "Norland withdrew its patrol boats from the disputed waters. Fishing communities on both coasts "
    "have waited nearly a decade for a settlement, and local leaders have warned that another season "
    "without clear rules could ruin hundreds of small family businesses. The ministers are expected to "
    "meet again before the end of the year, according to a diplomat familiar with the schedule."
)
# Another outlet's own report of the same meeting: same facts, its own words.
OWN_REPORT = (
    "Talks between Norland and Vesteria over the northern strait broke up late on Tuesday with no "
    "deal, leaving fishermen on both sides facing another uncertain season. The meeting in Aldmark, "
    "the first at ministerial level since the spring, focused on how many boats each country may send "
    "into the strait and who may board them. A Norland spokesperson described the mood as constructive. "
    "Vesteria repeated its demand that Norland's coast guard pull back before any signature. Analysts "
    "in the capital said a compromise on catch limits looked possible, but that neither government "
    "could afford to appear weak on patrols before elections. Another round is planned for the autumn."
)


def _record(aid: str, text: str, *, title: str = "Strait talks") -> dict[str, Any]:
    return {
        "schema": "eventwire/1",
        "id": aid,
        "url": f"https://example.org/{aid}",
        "title": title,
        "published": "2024-03-05",
        "source": "Example",
        "language": "en",
        "text": text,
        "actors": [],
        "events": [],
        "quotes": [],
        "places": [],
    }


def _store_original(store: Store, nd: NearDuplicates, aid: str, text: str) -> None:
    with store.begin() as conn:
        write_article(conn, _record(aid, text))
        nd.add(conn, aid, text)


def _syndicated(text: str) -> str:
    """A wire copy as an outlet runs it: its own byline, a sentence of its own, a word changed."""
    return (
        "By Staff Reporter, Coastal Herald. "
        + text.replace("on Tuesday", "on Tuesday afternoon")
        + " The Herald has reported on the dispute since it began."
    )


def test_a_syndicated_copy_is_found_and_an_own_report_is_not(store: Store) -> None:
    nd = NearDuplicates()
    _store_original(store, nd, "wire", WIRE)
    with store.connect() as conn:
        hit = nd.find(conn, _syndicated(WIRE))
        miss = nd.find(conn, OWN_REPORT)
    assert hit is not None and hit[0] == "wire"
    assert 0.7 <= hit[1] < 1.0
    assert miss is None


def test_a_copy_cut_from_the_bottom_is_found_but_the_full_story_is_not_a_copy_of_its_cut(
    store: Store,
) -> None:
    nd = NearDuplicates()
    wire_words = WIRE.split()  # 150 words
    cut = " ".join(wire_words[:100])  # the first two thirds: every shingle is in the wire
    _store_original(store, nd, "wire", WIRE)
    _store_original(store, nd, "brief", " ".join(wire_words[:90]))
    with store.connect() as conn:
        assert nd.find(conn, cut) == ("wire", 1.0)
    # Stored only as a shorter cut, the full story carries text (and events) the cut lacks:
    # 40% of its shingles are not in the brief.
    nd2 = NearDuplicates()
    with store.begin() as conn:
        conn.execute(schema.minhash_bands.delete().where(schema.minhash_bands.c.article_id == "wire"))
        hit = nd2.find(conn, WIRE)
    assert hit is None


def test_lookups_work_in_a_later_process(store: Store, store_url: str) -> None:
    _store_original(store, NearDuplicates(), "wire", WIRE)
    store.close()
    with Store(store_url) as later, later.connect() as conn:
        hit = NearDuplicates().find(conn, _syndicated(WIRE))
    assert hit is not None and hit[0] == "wire"


def test_a_copy_of_a_copy_links_to_the_original(store: Store) -> None:
    nd = NearDuplicates()
    _store_original(store, nd, "wire", WIRE)
    copy = _syndicated(WIRE)
    with store.begin() as conn:
        found = nd.find(conn, copy)
        assert found is not None
        write_article(conn, _record("copy", copy), duplicate_of=found[0], similarity=found[1])
        nd.add(conn, "copy", copy)  # indexing a copy is harmless: it resolves to its original
    copy_of_copy = copy.replace("Coastal Herald", "Valley Times") + " Reprinted with permission."
    with store.connect() as conn:
        hit = nd.find(conn, copy_of_copy)
    assert hit is not None and hit[0] == "wire"


def test_a_lost_original_is_reached_through_its_copy(store: Store) -> None:
    # The original was never indexed (an older store): only the copy's bands lead to it.
    nd = NearDuplicates()
    copy = _syndicated(WIRE)
    with store.begin() as conn:
        write_article(conn, _record("wire", WIRE))
        write_article(conn, _record("copy", copy), duplicate_of="wire", similarity=0.9)
        nd.add(conn, "copy", copy)
    with store.connect() as conn:
        hit = nd.find(conn, copy + " One more line.")
    assert hit is not None and hit[0] == "wire"


def test_short_texts_are_never_near_duplicates(store: Store) -> None:
    nd = NearDuplicates()
    short = "Norland and Vesteria held talks in Aldmark on Tuesday. More to follow."
    _store_original(store, nd, "brief", short)
    with store.connect() as conn:
        assert nd.find(conn, short) is None
        assert conn.execute(select(func.count()).select_from(schema.minhash_bands)).scalar_one() == 0


def test_adding_twice_changes_nothing(store: Store) -> None:
    nd = NearDuplicates()
    _store_original(store, nd, "wire", WIRE)
    with store.begin() as conn:
        nd.add(conn, "wire", WIRE)
    with store.connect() as conn:
        n = conn.execute(select(func.count()).select_from(schema.minhash_bands)).scalar_one()
    assert n == nd.bands


def test_an_index_built_with_other_settings_is_refused(store: Store) -> None:
    _store_original(store, NearDuplicates(), "wire", WIRE)
    other = NearDuplicates(num_perm=128, bands=16)
    with store.connect() as conn, pytest.raises(StoreError, match=META_KEY):
        other.find(conn, WIRE)
    # The decision threshold is not part of the index: changing it is fine.
    with store.connect() as conn:
        assert NearDuplicates(threshold=0.9).find(conn, WIRE) == ("wire", 1.0)


def test_an_empty_store_finds_nothing(store: Store) -> None:
    with store.connect() as conn:
        assert NearDuplicates().find(conn, WIRE) is None


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="multiple of bands"):
        NearDuplicates(num_perm=100, bands=24)
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicates(threshold=0.0)


def test_band_hashes_are_stable_signed_64_bit_integers() -> None:
    nd = NearDuplicates()
    sh = nd.shingles(WIRE)
    assert sh is not None
    first, again = nd.band_hashes(sh), NearDuplicates().band_hashes(set(sorted(sh)))
    assert first == again
    assert [b for b, _ in first] == list(range(nd.bands))
    assert all(-(2**63) <= h < 2**63 for _, h in first)
    assert any(h < 0 for _, h in first) or any(h > 2**32 for _, h in first)


def test_words_drop_punctuation_and_case() -> None:
    assert words("Norland's minister: “No deal” — U.S.-led talks_2024") == [
        "norland", "s", "minister", "no", "deal", "u", "s", "led", "talks", "2024",
    ]  # fmt: skip
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) == 0.0
    assert containment({"a", "b"}, {"b", "c", "d"}) == 0.5
    assert containment(set(), {"a"}) == 0.0


def test_the_s_curve_keeps_copies_and_drops_strangers() -> None:
    # 70% of a same-length text in the original is J ~0.54; a copy cut to 60%, J = 0.6.
    assert candidate_probability(0.54) > 0.9
    assert candidate_probability(0.6) > 0.98
    assert candidate_probability(0.1) < 0.005


def test_the_package_exports_what_the_ingest_uses() -> None:
    assert eventwire.dedup.__all__ == ["NearDuplicates", "assign_stories"]
