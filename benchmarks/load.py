"""Load on ``eventwire serve``: concurrent clients on ``GET /v1/events`` with mixed filters.

Reuses the synthetic store of ``benchmarks/dyad_timeline.py`` (built once under /tmp, then
cached; 1,000,000 events by default, at least 100,000), starts ``eventwire serve`` on a free
loopback port in a subprocess, and runs 20 clients (one ``httpx.AsyncClient`` each) for 30 s.
Each request draws a filter mix like a user's: no filter, a source, a target, a dyad, a CAMEO
root or code, a QuadClass, a date range, words of the sentence, combinations, and a follow-up
request for the next page with the returned cursor. Only loopback is ever contacted, and the run
stops by itself after ``--seconds``.

Prints the requests made, requests per second, responses by status, and the p50/p95/p99
latency; ``--json`` prints them as JSON. Exits 1 on any 5xx or a p99 over ``--aim`` ms.

Example::

    python benchmarks/load.py
    python benchmarks/load.py --events 100000 --clients 20 --seconds 30 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dyad_timeline

AIM_P99_MS = 300.0
MIN_EVENTS = 100_000
TIMEOUT_S = 30.0  # one request; a timeout counts as an error, not a hang
STARTUP_S = 60.0


def store_path(n_events: int) -> Path:
    """The cached synthetic store of ``n_events`` events, built when missing."""
    dyad_timeline.CACHE.mkdir(parents=True, exist_ok=True)
    path = dyad_timeline.CACHE / f"dyad-{n_events}-v{dyad_timeline.GENERATOR_VERSION}.db"
    if not path.exists():
        dyad_timeline.build(path, n_events)
    else:
        dyad_timeline.add_missing_indexes(path)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``eventwire serve`` on 127.0.0.1:port in a child process (its log goes to our stderr)."""
    code = "from eventwire.cli import main; main()"
    args = [
        sys.executable,
        "-c",
        code,
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(args, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode} before answering")
        try:
            if httpx.get(base + "/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer /health within {STARTUP_S:.0f} s")


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of process ``pid`` and its children so far, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        pids = [pid] + [
            int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == pid
        ]
        for one in pids:
            fields = (Path("/proc") / str(one) / "stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, ValueError, IndexError):
        return None
    return total


def _parent(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def filter_mix(rng: random.Random, busy: list[str], rare: list[str]) -> dict[str, str]:
    """One request's filters, drawn like an analyst's queries: mostly busy countries, some rare."""
    country = rng.choice(busy if rng.random() < 0.8 else rare)
    other = rng.choice([c for c in busy if c != country])
    year = rng.randrange(2016, 2027)
    kind = rng.randrange(11)
    if kind == 0:
        params: dict[str, str] = {}
    elif kind == 1:
        params = {"source": country}
    elif kind == 2:
        params = {"target": country}
    elif kind == 3:
        params = {"dyad": f"{country},{other}"}
    elif kind == 4:
        params = {"root": rng.choice(["01", "04", "11", "12", "19"])}
    elif kind == 5:
        params = {"code": rng.choice(["042", "111", "173", "190"])}
    elif kind == 6:
        params = {"quad": str(rng.randrange(1, 5)), "source": country}
    elif kind == 7:
        params = {"since": f"{year}-01", "until": f"{year}-06-30"}
    elif kind == 8:
        params = {"q": rng.choice(["trade", "officials met"]), "source": country}
    elif kind == 9:
        params = {"source": country + "GOV", "target": other, "since": str(year)}
    else:
        params = {"dyad": f"{country},{other}", "root": "04", "since": str(year - 3), "until": str(year)}
    params["limit"] = rng.choice(["20", "50", "100"])
    return params


async def client(
    base: str, seed: int, stop_at: float, busy: list[str], rare: list[str], out: list[tuple[float, int]]
) -> None:
    """One user: a request, then (half the time) its next page, until ``stop_at``."""
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S) as http:
        while time.monotonic() < stop_at:
            params = filter_mix(rng, busy, rare)
            for _page in range(2):
                started = time.perf_counter()
                try:
                    response = await http.get("/v1/events", params=params)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0  # no answer: counted apart from HTTP statuses
                    response = None
                out.append(((time.perf_counter() - started) * 1000, status))
                if response is None or status != 200 or rng.random() < 0.5:
                    break
                cursor = response.json().get("next")
                if not cursor:
                    break
                params = {**params, "cursor": cursor}


async def run_load(base: str, clients: int, seconds: float) -> tuple[list[tuple[float, int]], float]:
    names = dyad_timeline.countries()
    busy, rare = names[:15], names[100:160]
    out: list[tuple[float, int]] = []
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(client(base, seed, stop_at, busy, rare, out) for seed in range(clients)))
    return out, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of ``values`` by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000, help=f"store size (at least {MIN_EVENTS:,})")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--aim", type=float, default=AIM_P99_MS, help="p99 latency aim, ms")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.events < MIN_EVENTS:
        parser.error(f"--events must be at least {MIN_EVENTS:,}")
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients must be 1-200 and --seconds 1-600 (the run is bounded)")

    db = store_path(args.events)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(db, port)
    try:
        wait_until_up(base, proc)
        # one request per filter kind first, so the first measured ones do not pay for cold pages
        asyncio.run(run_load(base, 2, 2.0))
        load_before = os.getloadavg()[0]
        cpu_before = cpu_seconds(proc.pid)
        samples, elapsed = asyncio.run(run_load(base, args.clients, args.seconds))
        cpu_after = cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    latencies = [ms for ms, _ in samples]
    statuses = Counter(status for _, status in samples)
    result: dict[str, Any] = {
        "events": args.events,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "max_ms": round(max(latencies), 1),
        "aim_p99_ms": args.aim,
        # The machine may be shared: the server's own CPU time per request does not depend on
        # what else runs, and 1000 / it is what one core can serve.
        "server_cpu_ms_per_request": (
            round((cpu_after - cpu_before) * 1000 / len(samples), 2)
            if cpu_before is not None and cpu_after is not None and samples
            else None
        ),
        "load_average_at_start": round(load_before, 2),
        "cores": os.cpu_count(),
    }
    server_errors = sum(v for k, v in statuses.items() if k >= 500 or k == 0)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['requests']:,} requests in {result['seconds']} s from {args.clients} clients "
            f"({result['requests_per_s']} /s) on {args.events:,} events"
        )
        print("responses: " + ", ".join(f"{k}: {v:,}" for k, v in result["statuses"].items()))
        print(
            f"latency ms: p50 {result['p50_ms']}  p95 {result['p95_ms']}  p99 {result['p99_ms']}  "
            f"max {result['max_ms']}  (aim p99 < {args.aim:.0f})"
        )
        print(
            f"server CPU per request: {result['server_cpu_ms_per_request']} ms; load average at start "
            f"{result['load_average_at_start']} on {result['cores']} cores"
        )
    return 1 if server_errors or result["p99_ms"] > args.aim else 0


if __name__ == "__main__":
    sys.exit(main())
