"""The actor network: countries as nodes, dyads as edges, laid out in Python and drawn as SVG.

An edge joins two countries that acted on each other, in either direction; its width grows with
the number of events and its colour goes from red (conflict) to green (cooperation) with their
mean Goldstein score. The layout is Fruchterman–Reingold force-directed placement started from a
circle in a fixed order, so the same data always gives the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, func, select

from eventwire.store import schema
from eventwire.store.filters import EventFilter, event_conditions
from eventwire.web.charts import goldstein_colour

# More nodes than this make an unreadable hairball on one screen: the busiest countries are kept.
MAX_NODES = 40
MAX_EDGES = 150
# Directed dyads read from the store: the busiest ones are plenty to pick MAX_NODES countries from.
MAX_DYADS = 5000
# Force-layout steps: the layout of 40 nodes settles well before this (numpy makes each step cheap).
ITERATIONS = 300
# Pull towards the centre, relative to the ideal edge length; strong enough to keep components together.
GRAVITY = 2.0
NODE_RADIUS_MIN, NODE_RADIUS_MAX = 5.0, 22.0
EDGE_WIDTH_MIN, EDGE_WIDTH_MAX = 1.0, 9.0


@dataclass(frozen=True)
class Dyad:
    """Events between two countries in one direction: counts and mean Goldstein."""

    source: str
    target: str
    events: int
    goldstein: float | None


@dataclass(frozen=True)
class Node:
    id: str
    x: float
    y: float
    r: float
    events: int
    title: str


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str
    events: int
    goldstein: float | None
    title: str


@dataclass
class Network:
    width: float
    height: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.nodes


def dyad_counts(conn: Connection, filt: EventFilter) -> list[Dyad]:
    """Events per directed pair of different countries matching ``filt`` (its limit and cursor aside),
    busiest first. Raises QueryError for a bad filter.

    ``eventwire.store.queries`` has no country-by-country aggregate, so the network page keeps
    this one GROUP BY of its own, built from the store's checked filter conditions.
    """
    e = schema.events.c
    n = func.count().label("n")
    query = (
        select(e.source_country, e.target_country, n, func.avg(e.goldstein).label("g"))
        .where(
            *event_conditions(filt),
            e.source_country.is_not(None),
            e.target_country.is_not(None),
            e.source_country != e.target_country,
        )
        .group_by(e.source_country, e.target_country)
        .order_by(n.desc(), e.source_country, e.target_country)
        .limit(MAX_DYADS)
    )
    return [
        Dyad(str(src), str(tgt), int(count), None if g is None else float(g))
        for src, tgt, count, g in conn.execute(query)
    ]


def undirected(dyads: Sequence[Dyad]) -> dict[tuple[str, str], tuple[int, float | None]]:
    """Both directions of each pair merged: total events and their event-weighted mean Goldstein."""
    totals: dict[tuple[str, str], list[float]] = {}
    for d in dyads:
        if not d.source or not d.target or d.source == d.target or d.events <= 0:
            continue
        key = (min(d.source, d.target), max(d.source, d.target))
        acc = totals.setdefault(key, [0.0, 0.0, 0.0])  # events, goldstein sum, events with a score
        acc[0] += d.events
        if d.goldstein is not None:
            acc[1] += d.goldstein * d.events
            acc[2] += d.events
    return {k: (int(v[0]), (v[1] / v[2]) if v[2] else None) for k, v in totals.items()}


def force_layout(
    names: Sequence[str], links: Sequence[tuple[int, int, float]], *, iterations: int = ITERATIONS
) -> np.ndarray:
    """Positions in the unit square for nodes ``names`` joined by ``links`` (i, j, weight).

    Fruchterman–Reingold: every pair repels (k²/d), linked pairs attract (weight·d²/k), and the
    step shrinks linearly (cooling) so the layout settles; deterministic for the same input.
    """
    n = len(names)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.array([[0.5, 0.5]])
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
    pos = np.column_stack([0.5 + 0.4 * np.cos(angles), 0.5 + 0.4 * np.sin(angles)])
    k = math.sqrt(1.0 / n)
    adj = np.zeros((n, n))
    for i, j, w in links:
        adj[i, j] = adj[j, i] = w
    temperature = 0.1
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, 1.0)
        dist = np.maximum(dist, 1e-3)
        force = k * k / dist - adj * dist * dist / k
        np.fill_diagonal(force, 0.0)
        move = (delta / dist[..., None] * force[..., None]).sum(axis=1)
        # gravity: without it, pieces of the graph that share no edge drift to the corners
        move += GRAVITY * k * (0.5 - pos)
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        limit = temperature * (1 - step / iterations)
        pos += move / length[:, None] * np.minimum(length, limit)[:, None]
    # one scale for both axes (distances keep their meaning), centred in the unit square
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = float(max((high - low).max(), 1e-9))
    return (pos - (low + high) / 2) / span + 0.5


def network(
    dyads: Sequence[Dyad],
    *,
    names: dict[str, str] | None = None,
    width: float = 760.0,
    height: float = 560.0,
    max_nodes: int = MAX_NODES,
) -> Network:
    """Lay out the country network of ``dyads`` (the busiest ``max_nodes`` countries)."""
    pairs = undirected(dyads)
    volume: dict[str, int] = {}
    for (a, b), (events, _) in pairs.items():
        volume[a] = volume.get(a, 0) + events
        volume[b] = volume.get(b, 0) + events
    keep = sorted(volume, key=lambda c: (-volume[c], c))[:max_nodes]
    index = {c: i for i, c in enumerate(keep)}
    kept = sorted(
        ((a, b, ev, g) for (a, b), (ev, g) in pairs.items() if a in index and b in index),
        key=lambda t: (-t[2], t[0], t[1]),
    )[:MAX_EDGES]
    net = Network(width=width, height=height)
    if not keep:
        return net
    top_pair = max(t[2] for t in kept) if kept else 1
    links = [(index[a], index[b], math.log1p(ev) / math.log1p(top_pair)) for a, b, ev, _ in kept]
    pos = force_layout(keep, links)
    pad = NODE_RADIUS_MAX + 14  # room for the largest node and its label
    # one scale for both axes, so the layout's distances are not stretched
    scale = min(width, height) - 2 * pad
    xy = {
        c: (width / 2 + (p[0] - 0.5) * scale, height / 2 + (p[1] - 0.5) * scale)
        for c, p in zip(keep, pos, strict=True)
    }
    top_node = max(volume[c] for c in keep)
    for a, b, ev, g in kept:
        (x1, y1), (x2, y2) = xy[a], xy[b]
        share = math.log1p(ev) / math.log1p(top_pair)
        mean = "no score" if g is None else f"mean Goldstein {g:+.1f}"
        net.edges.append(
            Edge(
                a=a,
                b=b,
                x1=round(x1, 1),
                y1=round(y1, 1),
                x2=round(x2, 1),
                y2=round(y2, 1),
                width=round(EDGE_WIDTH_MIN + share * (EDGE_WIDTH_MAX - EDGE_WIDTH_MIN), 2),
                colour=goldstein_colour(g),
                events=ev,
                goldstein=g,
                title=f"{a}–{b}: {ev} event{'s' if ev != 1 else ''}, {mean}",
            )
        )
    for c in keep:
        x, y = xy[c]
        share = math.sqrt(volume[c] / top_node)  # the area, not the radius, grows with the count
        label = (names or {}).get(c) or c
        net.nodes.append(
            Node(
                id=c,
                x=round(x, 1),
                y=round(y, 1),
                r=round(NODE_RADIUS_MIN + share * (NODE_RADIUS_MAX - NODE_RADIUS_MIN), 1),
                events=volume[c],
                title=f"{label}: {volume[c]} events with the countries shown",
            )
        )
    return net
