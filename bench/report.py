"""Turning a benchmark run's JSON into ratios, target verdicts, a text table and a plot.

    python bench/report.py bench/results/full-2026-11-23.json   # table and plot again

Ratios are throughput ratios, lpskg over the peer, from the bursts of 4
concurrent clients (and of 1, shown beside).  A query a peer could not answer
within its timeout counts for that peer as one request per timeout, which
makes the ratio a lower bound; so does a query a peer was not asked because
its time at the size before, scaled to this size, was over the timeout.
"Heavy" queries are those on which Oxigraph's own server needs at least
:data:`HEAVY_MS` per answer at that size (or times out): there the engine's
work, not HTTP handling, decides throughput.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from measure import geometric_mean

PEERS = ("oxigraph", "rdflib-endpoint")
HEAVY_MS = 10.0
TARGETS = {  # (peer, query set) -> minimum throughput ratio lpskg/peer at the largest size
    ("rdflib-endpoint", "heavy"): 10.0, ("oxigraph", "heavy"): 0.8,
    ("rdflib-endpoint", "all"): 5.0, ("oxigraph", "all"): 0.5,
}
MB = 1024 * 1024


def throughput(figures: dict, clients: int, timeout: float) -> float:
    """Requests per second; a query that never answered counts one request per timeout."""
    rps = figures["rps"].get(str(clients))
    if rps:
        return rps
    if figures["median_ms"] is not None:
        return 1000 / figures["median_ms"]  # a single slow sample: no burst was run
    return 1 / timeout  # never answered within the timeout, or not asked (predicted over it)


def answered(figures: dict) -> bool:
    return figures["median_ms"] is not None


def ratios(size_result: dict, peer: str, clients: int, timeout: float) -> tuple[dict[str, float], dict[str, str]]:
    """Per query, lpskg's throughput over the peer's, and which of them are bounds.

    When only one side answered, the other counts one request per timeout: the
    ratio is then a lower bound (peer failed) or an upper bound (lpskg failed).
    When neither answered there is no ratio.
    """
    found, bounds = {}, {}
    for name, query in size_result["queries"].items():
        systems = query["systems"]
        if "lpskg" not in systems or peer not in systems:
            continue
        mine, theirs = systems["lpskg"], systems[peer]
        if not answered(mine) and not answered(theirs):
            continue
        found[name] = throughput(mine, clients, timeout) / throughput(theirs, clients, timeout)
        if answered(mine) != answered(theirs):
            bounds[name] = ">=" if answered(mine) else "<="
    return found, bounds


def heavy_queries(size_result: dict) -> list[str]:
    """Queries on which Oxigraph's server needs HEAVY_MS or more (or times out)."""
    heavy = []
    for name, query in size_result["queries"].items():
        oxigraph = query["systems"].get("oxigraph")
        if oxigraph and (oxigraph["median_ms"] is None or oxigraph["median_ms"] >= HEAVY_MS):
            heavy.append(name)
    return sorted(heavy)


def answered_by_all(size_result: dict) -> list[str]:
    return [n for n, q in size_result["queries"].items() if all(answered(f) for f in q["systems"].values())]


def means(figures: list[dict], timeout: float) -> dict[str, float | None]:
    """Geometric means over queries of median latency and of throughput at 1 and 4 clients."""
    return {"median_ms": geometric_mean([f["median_ms"] for f in figures]),
            "rps_1": geometric_mean([throughput(f, 1, timeout) for f in figures]),
            "rps_4": geometric_mean([throughput(f, 4, timeout) for f in figures])}


def summarise(results: dict) -> dict:
    """Geometric means per system and size, ratios, and where each target stands."""
    timeout = results["meta"]["budget"]["timeout"]
    summary: dict = {"sizes": {}, "targets": []}
    every_size = set.intersection(*(set(answered_by_all(r)) for r in results["sizes"].values()))
    summary["answered_at_every_size"] = sorted(every_size)
    for size, size_result in results["sizes"].items():
        systems = sorted({s for q in size_result["queries"].values() for s in q["systems"]})
        answered = answered_by_all(size_result)
        overall = {}
        for system in systems:
            figures = [size_result["queries"][n]["systems"][system] for n in answered]
            overall[system] = means(figures, timeout)
        common = {system: means([size_result["queries"][n]["systems"][system] for n in sorted(every_size)], timeout)
                  for system in systems}
        heavy = heavy_queries(size_result)
        entry = {"answered_by_all": len(answered), "queries": len(size_result["queries"]), "heavy": heavy,
                 "overall": overall, "overall_every_size": common, "ratios": {}}
        for peer in PEERS:
            if peer not in systems or "lpskg" not in systems:
                continue
            for clients in (1, 4):
                per_query, bounds = ratios(size_result, peer, clients, timeout)
                entry["ratios"][f"{peer}@{clients}"] = {
                    "bounds": bounds,
                    "all": geometric_mean(list(per_query.values())),
                    "heavy": geometric_mean([per_query[n] for n in heavy if n in per_query]),
                    "worst_heavy": min(((per_query[n], n) for n in heavy if n in per_query), default=None),
                    "per_query": per_query,
                }
        summary["sizes"][size] = entry
    largest = list(results["sizes"])[-1]
    summary["targets"] = targets(results, summary, largest)
    return summary


def targets(results: dict, summary: dict, size: str) -> list[dict]:
    """Each target of the task at the largest size: the measured value and whether it is met."""
    entry, size_result = summary["sizes"][size], results["sizes"][size]
    found = []
    for (peer, subset), minimum in TARGETS.items():
        if f"{peer}@4" not in entry["ratios"]:
            continue  # the peer was not part of this run
        value = entry["ratios"][f"{peer}@4"][subset]
        found.append({"target": f"throughput lpskg/{peer}, {subset} named queries, 4 clients, {size}",
                      "value": value, "minimum": minimum, "met": value is not None and value >= minimum})
    lpskg = size_result.get("lpskg", {})
    if "cold_start_median" in lpskg:
        found.append({"target": f"cold start to first answered query, {size} (s)",
                      "value": lpskg["cold_start_median"], "maximum": 2.0,
                      "met": lpskg["cold_start_median"] < 2.0})
    memory = size_result["memory_serving"].get("lpskg")
    if memory:
        found.append({"target": f"lpskg memory while serving {size} (RSS of all processes, MB)",
                      "value": memory["rss"] / MB, "maximum": 600, "met": memory["rss"] / MB < 600})
        found.append({"target": f"lpskg memory while serving {size} (PSS: shared pages counted once, MB)",
                      "value": memory["pss"] / MB, "maximum": 600, "met": memory["pss"] / MB < 600})
    submission = lpskg.get("submission")
    if submission:
        for key, maximum in (("median_ms", 100.0), ("p99_ms", 250.0)):
            found.append({"target": f"case submission {key[:-3]}, {size} (ms)", "value": submission[key],
                          "maximum": maximum, "met": submission[key] < maximum})
    return found


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def _ratio(entry: dict, name: str) -> str:
    """A query's ratio for the table: ``>=44x`` when the peer never answered."""
    value = entry.get("per_query", {}).get(name)
    return "-" if value is None else {">=": "≥", "<=": "≤"}.get(entry["bounds"].get(name), "") + _x(value)


def table(results: dict) -> str:
    """The run as text: per size, per query latency and throughput; then costs and targets."""
    lines = []
    timeout = results["meta"]["budget"]["timeout"]
    summary = results.get("summary") or summarise(results)
    for size, size_result in results["sizes"].items():
        entry = summary["sizes"][size]
        systems = list(entry["overall"])
        lines += ["", f"== {size} triples ({size_result['dataset']['triples']} quads, "
                      f"{size_result['dataset']['graphs']} graphs): median / p95 ms at 1 client, "
                      "requests/s at 4 clients =="]
        header = f"{'query':30} {'kinds':22} {'rows':>6}"
        for system in systems:
            header += f" | {system[:15]:>15} {'rps4':>7}"
        header += " | " + " ".join(f"{'/' + p[:8]:>9}" for p in PEERS)
        lines.append(header)
        for name, query in size_result["queries"].items():
            rows = {f["rows"] for f in query["systems"].values() if f["rows"] is not None}
            row = f"{name[:30]:30} {','.join(query['kinds'])[:22]:22} " \
                  f"{'/'.join(str(r) for r in sorted(rows)) or '-':>6}"
            for system in systems:
                f = query["systems"].get(system)
                cell = "-" if not f else "skipped" if f.get("skipped") else \
                    "timeout" if f["median_ms"] is None and f["errors"] else \
                    f"{_ms(f['median_ms'])}/{_ms(f['p95_ms'])}"
                rps = throughput(f, 4, timeout) if f else None
                row += f" | {cell:>15} {_ms(rps):>7}"
            row += " | " + " ".join(f"{_ratio(entry['ratios'].get(f'{p}@4', {}), name):>9}" for p in PEERS)
            lines.append(row + ("  *heavy" if name in entry["heavy"] else ""))
        lines.append(f"geometric means over the {entry['answered_by_all']} queries all answered:")
        for system, overall in entry["overall"].items():
            lines.append(f"  {system:16} median {_ms(overall['median_ms'])} ms, "
                         f"{_ms(overall['rps_1'])} req/s at 1 client, {_ms(overall['rps_4'])} at 4")
        for key, ratio in entry["ratios"].items():
            worst = ratio["worst_heavy"]
            lines.append(f"  lpskg / {key:20} all {_x(ratio['all'])}, heavy {_x(ratio['heavy'])}"
                         + (f" (worst heavy: {worst[1]} {_x(worst[0])})" if worst else ""))
        for system in systems:
            load = size_result["load"].get(system) or {}
            start = size_result["start"].get(system, {})
            memory = size_result["memory_serving"].get(system, {})
            lines.append(f"  {system:16} load {load.get('seconds', start.get('seconds', 0)):.1f} s "
                         f"(peak RSS {max(load.get('peak_rss', 0), start.get('peak_rss', 0)) / MB:.0f} MB), "
                         f"start {start.get('seconds', 0):.2f} s, serving RSS {memory.get('rss', 0) / MB:.0f} MB "
                         f"/ PSS {memory.get('pss', 0) / MB:.0f} MB")
        lpskg = size_result.get("lpskg", {})
        if lpskg:
            validation = lpskg["validation"]
            lines.append(f"  lpskg cold start {lpskg['cold_start_median']:.2f} s (runs: "
                         f"{', '.join(f'{s:.2f}' for s in lpskg['cold_start_seconds'])}); full SHACL "
                         f"validation {validation['seconds']:.1f} s for {validation['triples']} triples "
                         f"(conforms: {validation['conforms']})")
            if "entailments" in lpskg:
                e = lpskg["entailments"]
                lines.append(f"  entailments per submission ({e['submission_triples']:.0f} triples, "
                             f"+{e['inferred_triples']:.0f} entailed): compute {_ms(e['entail_ms'])} ms, "
                             f"store {_ms(e['store_without_ms'])} -> {_ms(e['store_with_ms'])} ms, "
                             f"extra {_ms(e['extra_ms'])} ms")
            if "submission" in lpskg:
                s = lpskg["submission"]
                phases = ", ".join(f"{p} {_ms(s[p]['median_ms'])}" for p in ("parse", "index", "link", "validate",
                                                                          "store") if p in s)
                lines.append(f"  case submission: median {_ms(s['median_ms'])} ms, p99 {_ms(s['p99_ms'])} ms "
                             f"({s['samples']} submissions; median ms per phase: {phases})")
    lines += ["", "== targets =="]
    for target in summary["targets"]:
        bound = f">= {target['minimum']}" if "minimum" in target else f"< {target['maximum']}"
        value = target["value"]
        lines.append(f"  [{'met' if target['met'] else 'MISSED'}] {target['target']}: "
                     f"{'-' if value is None else f'{value:.2f}'} ({bound})")
    return "\n".join(lines)


def plot(results: dict, path: Path) -> None:
    """Latency and throughput against graph size, one line per system (log scales)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = results.get("summary") or summarise(results)
    sizes = list(results["sizes"])
    triples = [results["sizes"][s]["dataset"]["triples"] for s in sizes]
    systems = sorted({s for entry in summary["sizes"].values() for s in entry["overall"]})
    figure, (latency, rate) = plt.subplots(1, 2, figsize=(11, 4.2))
    for system in systems:
        points = [(t, summary["sizes"][s]["overall_every_size"].get(system, {})) for s, t in zip(sizes, triples)]
        latency.plot([t for t, o in points if o.get("median_ms")], [o["median_ms"] for t, o in points
                     if o.get("median_ms")], marker="o", label=system)
        rate.plot([t for t, o in points if o.get("rps_4")], [o["rps_4"] for t, o in points if o.get("rps_4")],
                  marker="o", label=system)
    for axis, title, unit in ((latency, "median latency, 1 client", "ms"),
                              (rate, "throughput, 4 concurrent clients", "requests/s")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("graph size (quads)")
        axis.set_ylabel(f"{unit}, geometric mean")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.suptitle(f"lpskg's named queries over HTTP: the {len(summary['answered_at_every_size'])} that every "
                    f"system answered at every size ({results['meta']['mode']} run, {results['meta']['date'][:10]}, "
                    f"{results['meta']['cpus']} cores)", fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Table and plot of a benchmark run's JSON.")
    parser.add_argument("results", type=Path)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    results["summary"] = summarise(results)
    print(table(results))
    if args.plot:
        plot(results, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
