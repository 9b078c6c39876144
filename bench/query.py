"""Latency of ``lexoverlap query`` and of ``lexoverlap serve`` under concurrent clients.

    .venv/bin/python bench/query.py --store /tmp/r8/vlc.db            # both parts
    .venv/bin/python bench/query.py --store S --drafts 50 --clients 20 --requests 200

1. Opens the store (timed apart: encoder load + vector index), then runs one-paragraph drafts
   made from stored clauses with their numbers changed (so each draft has real neighbours and
   quantity conflicts to classify) and prints p50/p95/max of :meth:`Reader.draft`, and of
   search and neighbourhood queries.
2. Starts ``lexoverlap serve`` as a subprocess on a free loopback port, then ``--clients``
   threads each send ``--requests`` requests (a mix of provision pages, searches, document
   pages and, one in ten, a pasted draft through ``/api/draft``) and prints the error count
   (must be 0) and latency percentiles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def percentiles(values: list[float]) -> dict[str, float]:
    xs = sorted(values)

    def at(q: float) -> float:
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    return {"n": len(xs), "p50": round(at(0.5), 4), "p95": round(at(0.95), 4),
            "max": round(xs[-1], 4), "mean": round(statistics.fmean(xs), 4)}


def sample_drafts(store: Path, n: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """(drafts, provision ids, search phrases) drawn from the store's clauses."""
    import sqlite3

    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = db.execute("SELECT id, text FROM provisions WHERE unit=1 AND boilerplate=0 AND "
                      "length(text) BETWEEN 200 AND 900 AND doc_id NOT LIKE '%.en' "
                      "ORDER BY id").fetchall()
    db.close()
    rng = random.Random(seed)
    picked = rng.sample(rows, min(n, len(rows)))
    drafts = []
    for _, text in picked:
        body = re.sub(r"^\s*(?:\d+\.|[a-zđ]\))\s*", "", text)
        # A draft that changes the numbers: "30 ngày" → "45 ngày".
        drafts.append(re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 15), body))
    phrases = [" ".join(t.split()[3:6]) for _, t in picked]
    return drafts, [pid for pid, _ in picked], phrases


def bench_reader(store: Path, drafts: list[str], ids: list[str], phrases: list[str]
                 ) -> dict[str, Any]:
    from lexoverlap.query import Reader

    t = time.perf_counter()
    reader = Reader(store)
    reader.warm()
    opened = time.perf_counter() - t
    draft_times, found = [], 0
    for text in drafts:
        t = time.perf_counter()
        result = reader.draft(text)
        draft_times.append(time.perf_counter() - t)
        found += len(result.matches)
    search_times = []
    for q in phrases:
        t = time.perf_counter()
        reader.search(q)
        search_times.append(time.perf_counter() - t)
    hood_times = []
    for pid in ids:
        t = time.perf_counter()
        reader.neighbourhood(pid)
        hood_times.append(time.perf_counter() - t)
    return {"store_open_s": round(opened, 2), "draft": percentiles(draft_times),
            "draft_findings": found, "search": percentiles(search_times),
            "neighbourhood": percentiles(hood_times)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_server(store: Path, drafts: list[str], ids: list[str], phrases: list[str],
                 clients: int, requests: int) -> dict[str, Any]:
    import httpx

    port = _free_port()
    exe = Path(sys.executable).with_name("lexoverlap")
    t = time.perf_counter()
    proc = subprocess.Popen([str(exe), "serve", "--store", str(store), "--port", str(port)],
                            env={**os.environ, "HF_HUB_OFFLINE": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.perf_counter() - t > 600:
                raise SystemExit("serve did not start")
            time.sleep(0.2)
        started = time.perf_counter() - t
        lock = threading.Lock()
        times: dict[str, list[float]] = {"page": [], "draft": []}
        errors: list[str] = []

        def run(client: int) -> None:
            rng = random.Random(client)
            with httpx.Client(base_url=base, timeout=120) as c:
                for i in range(requests):
                    kind = "draft" if i % 10 == 9 else "page"
                    t0 = time.perf_counter()
                    try:
                        if kind == "draft":
                            r = c.post("/api/draft", json={"text": rng.choice(drafts)})
                        else:
                            path = rng.choice([
                                f"/provision/{rng.choice(ids)}",
                                "/search?q=" + rng.choice(phrases),
                                f"/document/{rng.choice(ids).split('/', 1)[0]}", "/"])
                            r = c.get(path)
                        ok = r.status_code == 200
                        if not ok:
                            message = f"{r.status_code} {r.request.url}"
                    except httpx.HTTPError as exc:
                        ok, message = False, repr(exc)
                    elapsed = time.perf_counter() - t0
                    with lock:
                        times[kind].append(elapsed)
                        if not ok:
                            errors.append(message)

        t = time.perf_counter()
        threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
    finally:
        proc.terminate()
        proc.wait(30)
    total = sum(len(v) for v in times.values())
    return {"server_start_s": round(started, 1), "clients": clients,
            "requests": total, "errors": len(errors), "error_examples": errors[:5],
            "wall_s": round(wall, 1), "requests_per_s": round(total / wall, 1),
            "pages": percentiles(times["page"]), "drafts": percentiles(times["draft"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--drafts", type=int, default=50, help="one-paragraph drafts to time")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="requests per client")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-server", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    drafts, ids, phrases = sample_drafts(args.store, args.drafts, args.seed)
    out: dict[str, Any] = {"store": str(args.store)}
    out["query"] = bench_reader(args.store, drafts, ids, phrases)
    print(json.dumps(out["query"], indent=1), flush=True)
    if not args.no_server:
        out["serve"] = bench_server(args.store, drafts, ids, phrases, args.clients,
                                    args.requests)
        print(json.dumps(out["serve"], indent=1), flush=True)
    if out.get("serve", {}).get("errors"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
