"""The country network: merged directions, the busiest nodes, a deterministic layout inside the box."""

from __future__ import annotations

import numpy as np

from eventwire.web.network import Dyad, force_layout, network, undirected


def test_both_directions_merge_with_an_event_weighted_mean() -> None:
    pairs = undirected([Dyad("USA", "IND", 3, 2.0), Dyad("IND", "USA", 1, -2.0), Dyad("USA", "USA", 5, 0.0)])
    assert pairs == {("IND", "USA"): (4, 1.0)}


def test_the_layout_is_deterministic_and_keeps_linked_nodes_closer() -> None:
    names = ["A", "B", "C", "D"]
    links = [(0, 1, 1.0), (2, 3, 1.0)]
    first, second = force_layout(names, links), force_layout(names, links)
    assert np.array_equal(first, second)
    assert first.min() >= 0.0 and first.max() <= 1.0

    def dist(i: int, j: int) -> float:
        return float(np.linalg.norm(first[i] - first[j]))

    assert dist(0, 1) < dist(0, 2) and dist(2, 3) < dist(1, 3)


def test_the_busiest_countries_are_kept_and_edges_are_coloured_by_tone() -> None:
    dyads = [Dyad("RUS", "UKR", 40, -9.0), Dyad("USA", "IND", 10, 4.0), Dyad("FRA", "DEU", 1, 0.0)]
    net = network(dyads, max_nodes=4, width=500, height=400)
    assert {n.id for n in net.nodes} == {"RUS", "UKR", "USA", "IND"}
    edges = {(e.a, e.b): e for e in net.edges}
    assert set(edges) == {("RUS", "UKR"), ("IND", "USA")}
    assert edges[("RUS", "UKR")].width > edges[("IND", "USA")].width
    assert edges[("RUS", "UKR")].colour == "#c82828" and edges[("IND", "USA")].colour != "#c82828"
    for n in net.nodes:
        assert n.r <= n.x <= 500 - n.r and n.r <= n.y <= 400 - n.r


def test_no_dyads_no_nodes() -> None:
    assert network([]).empty
