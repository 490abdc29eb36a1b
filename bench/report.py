"""Turning a benchmark run's JSON into ratios, target verdicts, a text table, plots and docs/benchmark.md's results.

    python bench/report.py bench/results/full-2026-11-23.json   # table and plot again
    python bench/report.py RUN.json --markdown                  # the results of docs/benchmark.md, printed
    python bench/report.py RUN.json RUN-10M.json --docs docs/benchmark.md --plot docs/benchmark.png
                                                                # several runs' sizes, written into the page

A graph that does not conform to the shapes is a graph the product would
refuse: ``run.py`` does not measure it, and whatever was measured on it is
flagged in red here and at the top of the page's results, with its first
violations (the benchmark would otherwise measure the wrong thing).

Three workloads are reported apart.  **Cold**: lpskg with the cache of answers
off (``lpskg-cold``), so every request is evaluated.  **Repeated**: lpskg as
``make run`` serves it, the cache on, asked each named query again and again
(the per-query measurement repeats every query).  The peers have no cache of
answers, so one measurement of theirs serves both.  **Mixed**: ``mixed.py``'s
sequence of repeats, new queries and writes, in queries per second.

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

PEERS = ("oxigraph", "rdflib-endpoint", "virtuoso")
#: The lpskg system each workload of the per-query measurement is read from.
WORKLOADS = {"cold": "lpskg-cold", "repeated": "lpskg"}
HEAVY_MS = 10.0
#: The size the targets are stated at (issue 25), or the largest measured below it.
TARGET_SIZE = "1m"
TARGETS = {  # (workload, peer, query set) -> minimum throughput ratio lpskg/peer at TARGET_SIZE
    ("cold", "oxigraph", "heavy"): 1.0, ("cold", "oxigraph", "light"): 0.7, ("cold", "oxigraph", "all"): 0.9,
    ("cold", "rdflib-endpoint", "heavy"): 10.0, ("cold", "rdflib-endpoint", "all"): 5.0,
    ("repeated", "oxigraph", "all"): 10.0, ("repeated", "rdflib-endpoint", "heavy"): 10.0,
}
MIXED_TARGET = 1.5
MEMORY_TARGET_MB = 600
SUBMISSION_TARGETS_MS = {"median_ms": 100.0, "p99_ms": 250.0}
DIAGNOSIS_TARGET_MS = 200.0
MB = 1024 * 1024
RED, PLAIN = "\033[31m", "\033[0m"


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


def ratios(size_result: dict, peer: str, clients: int, timeout: float,
           mine: str = "lpskg") -> tuple[dict[str, float], dict[str, str]]:
    """Per query, lpskg's throughput over the peer's, and which of them are bounds.

    When only one side answered, the other counts one request per timeout: the
    ratio is then a lower bound (peer failed) or an upper bound (lpskg failed).
    When neither answered there is no ratio.
    """
    found, bounds = {}, {}
    for name, query in size_result["queries"].items():
        systems = query["systems"]
        if mine not in systems or peer not in systems:
            continue
        theirs = systems[peer]
        ours = systems[mine]
        if not answered(ours) and not answered(theirs):
            continue
        found[name] = throughput(ours, clients, timeout) / throughput(theirs, clients, timeout)
        if answered(ours) != answered(theirs):
            bounds[name] = ">=" if answered(ours) else "<="
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


def measured(results: dict) -> dict[str, dict]:
    """The sizes whose queries were measured (not a size refused for a graph that does not conform)."""
    return {size: r for size, r in results["sizes"].items() if r.get("queries")}


def validation_of(size_result: dict) -> dict | None:
    """The whole-graph validation of a size (where run.py put it; older runs put it with lpskg's costs)."""
    return size_result.get("validation") or size_result.get("lpskg", {}).get("validation")


def nonconforming(results: dict) -> dict[str, dict]:
    """The sizes whose graph was not shown to conform, with their validation ({} if none was run)."""
    found = {}
    for size, size_result in results["sizes"].items():
        validation = validation_of(size_result)
        if not validation or not validation.get("conforms"):
            found[size] = validation or {}
    return found


def summarise(results: dict) -> dict:
    """Geometric means per system and size, ratios, and where each target stands."""
    timeout = results["meta"]["budget"]["timeout"]
    summary: dict = {"sizes": {}, "targets": [], "nonconforming": sorted(nonconforming(results))}
    sizes = measured(results)
    every_size = set.intersection(*(set(answered_by_all(r)) for r in sizes.values())) if sizes else set()
    summary["answered_at_every_size"] = sorted(every_size)
    for size, size_result in sizes.items():
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
        for workload, mine in WORKLOADS.items():
            for peer in PEERS:
                if peer not in systems or mine not in systems:
                    continue
                for clients in (1, 4):
                    per_query, bounds = ratios(size_result, peer, clients, timeout, mine)
                    light = [n for n in per_query if n not in heavy]
                    entry["ratios"][f"{workload}:{peer}@{clients}"] = {
                        "bounds": bounds,
                        "all": geometric_mean(list(per_query.values())),
                        "heavy": geometric_mean([per_query[n] for n in heavy if n in per_query]),
                        "light": geometric_mean([per_query[n] for n in light]),
                        "worst_heavy": min(((per_query[n], n) for n in heavy if n in per_query), default=None),
                        "per_query": per_query,
                    }
        entry["mixed"] = mixed_ratios(size_result.get("mixed"))
        summary["sizes"][size] = entry
    if sizes:
        summary["targets"] = targets(results, summary, target_size(results))
    return summary


def target_size(results: dict) -> str:
    """:data:`TARGET_SIZE` if it was measured, else the largest size measured."""
    sizes = measured(results)
    return TARGET_SIZE if TARGET_SIZE in sizes else list(sizes)[-1]


def mixed_ratios(mixed: dict | None) -> dict:
    """Queries per second of lpskg over each other system in the mixed workload, and its freshness."""
    if not mixed or "lpskg" not in mixed["systems"]:
        return {}
    ours = mixed["systems"]["lpskg"]
    found = {"ratios": {name: ours["queries_per_second"] / theirs["queries_per_second"]
                        for name, theirs in mixed["systems"].items()
                        if name != "lpskg" and theirs["queries_per_second"]},
             "stale": {name: figures["stale_count"] for name, figures in mixed["systems"].items()}}
    cache = ours.get("cache", {})
    served = sum(cache.values())
    found["lpskg_hit_share"] = cache.get("hit", 0) / served if served else None
    return found


def targets(results: dict, summary: dict, size: str) -> list[dict]:
    """Each target of the task at ``size`` (and the one about the largest size): the value and whether it is met."""
    entry, size_result = summary["sizes"][size], results["sizes"][size]
    found = []
    for (workload, peer, subset), minimum in TARGETS.items():
        if f"{workload}:{peer}@4" not in entry["ratios"]:
            continue  # the peer was not part of this run
        value = entry["ratios"][f"{workload}:{peer}@4"][subset]
        found.append({"target": f"{workload}: throughput lpskg/{peer}, {subset} named queries, 4 clients, {size}",
                      "value": value, "minimum": minimum, "met": value is not None and value >= minimum})
    mixed = entry.get("mixed") or {}
    if "oxigraph" in mixed.get("ratios", {}):
        value = mixed["ratios"]["oxigraph"]
        found.append({"target": f"mixed (a case every {size_result['mixed']['write_every']} requests): "
                                f"queries/s lpskg/oxigraph, {size}",
                      "value": value, "minimum": MIXED_TARGET, "met": value >= MIXED_TARGET})
    if "lpskg" in mixed.get("stale", {}):
        stale = mixed["stale"]["lpskg"]
        found.append({"target": f"mixed: answers older than the last acknowledged write, {size}",
                      "value": stale, "maximum": 1, "met": stale == 0})
    lpskg = size_result.get("lpskg", {})
    if "cold_start_median" in lpskg:
        found.append({"target": f"cold start to first answered query, {size} (s)",
                      "value": lpskg["cold_start_median"], "maximum": 2.0,
                      "met": lpskg["cold_start_median"] < 2.0})
    memory = size_result["memory_serving"].get("lpskg")
    if memory:
        full = size_result.get("cache_filled", {})
        found.append({"target": f"lpskg memory while serving {size}, the cache holding "
                                f"{full.get('bytes', 0) / MB:.0f} MB (RSS of all processes, MB)",
                      "value": memory["rss"] / MB, "maximum": MEMORY_TARGET_MB,
                      "met": memory["rss"] / MB < MEMORY_TARGET_MB})
        found.append({"target": f"lpskg memory while serving {size} (PSS: shared pages counted once, MB)",
                      "value": memory["pss"] / MB, "maximum": MEMORY_TARGET_MB,
                      "met": memory["pss"] / MB < MEMORY_TARGET_MB})
    submission = next((r["lpskg"]["submission"] for r in results["sizes"].values()
                       if r.get("lpskg", {}).get("submission") and r["dataset"]["target_triples"]
                       == size_result["dataset"]["target_triples"]), None) or lpskg.get("submission")
    if submission:
        for key, maximum in SUBMISSION_TARGETS_MS.items():
            found.append({"target": f"case submission {key[:-3]}, {size} (ms)", "value": submission[key],
                          "maximum": maximum, "met": submission[key] < maximum})
    diagnosis = next((d for d in results.get("diagnosis", []) if d.get("size") == size), None)
    if diagnosis:
        value = diagnosis["rule"]["p50_ms"]
        found.append({"target": f"diagnosis of a case median (rule path), {size} (ms)", "value": value,
                      "maximum": DIAGNOSIS_TARGET_MS, "met": value < DIAGNOSIS_TARGET_MS})
    largest = list(measured(results))[-1]
    if largest != size and "cold:oxigraph@4" in summary["sizes"][largest]["ratios"] \
            and "cold:oxigraph@4" in entry["ratios"]:
        value, floor = (summary["sizes"][largest]["ratios"]["cold:oxigraph@4"]["heavy"],
                        entry["ratios"]["cold:oxigraph@4"]["heavy"])
        found.append({"target": f"cold: throughput lpskg/oxigraph, heavy named queries, 4 clients, {largest}, "
                                f"no lower than at {size}",
                      "value": value, "minimum": floor, "met": value is not None and floor is not None
                      and value >= floor})
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
    timeout = results["meta"]["budget"]["timeout"]
    summary = results.get("summary") or summarise(results)
    lines = [f"{RED}{line}{PLAIN}" for line in conformance_lines(results)]
    for size, size_result in results["sizes"].items():
        if size not in summary["sizes"]:
            lines += ["", f"== {size}: not measured: {size_result.get('refused', 'no queries')} =="]
            continue
        entry = summary["sizes"][size]
        systems = list(entry["overall"])
        lines += ["", f"== {size} triples ({size_result['dataset']['triples']} quads, "
                      f"{size_result['dataset']['graphs']} graphs): median / p95 ms at 1 client, "
                      "requests/s at 4 clients =="]
        header = f"{'query':30} {'kinds':22} {'rows':>6}"
        for system in systems:
            header += f" | {system[:15]:>15} {'rps4':>7}"
        columns = [(w, p) for w in WORKLOADS for p in PEERS if f"{w}:{p}@4" in entry["ratios"]]
        header += " | " + " ".join(f"{w[:4] + '/' + p[:4]:>9}" for w, p in columns)
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
            row += " | " + " ".join(f"{_ratio(entry['ratios'][f'{w}:{p}@4'], name):>9}" for w, p in columns)
            lines.append(row + ("  *heavy" if name in entry["heavy"] else ""))
        lines.append(f"geometric means over the {entry['answered_by_all']} queries all answered:")
        for system, overall in entry["overall"].items():
            lines.append(f"  {system:16} median {_ms(overall['median_ms'])} ms, "
                         f"{_ms(overall['rps_1'])} req/s at 1 client, {_ms(overall['rps_4'])} at 4")
        for key, ratio in entry["ratios"].items():
            worst = ratio["worst_heavy"]
            lines.append(f"  lpskg / {key:28} all {_x(ratio['all'])}, heavy {_x(ratio['heavy'])}, "
                         f"light {_x(ratio['light'])}" + (f" (worst heavy: {worst[1]} {_x(worst[0])})" if worst else ""))
        lines += mixed_lines(size_result.get("mixed"), entry.get("mixed") or {})
        for system in systems:
            load = size_result["load"].get(system) or {}
            start = size_result["start"].get(system, {})
            memory = size_result["memory_serving"].get(system, {})
            lines.append(f"  {system:16} load {load.get('seconds', start.get('seconds', 0)):.1f} s "
                         f"(peak RSS {max(load.get('peak_rss', 0), start.get('peak_rss', 0)) / MB:.0f} MB, "
                         f"{load.get('store_bytes', 0) / MB:.0f} MB on disk), "
                         f"start {start.get('seconds', 0):.2f} s, serving RSS {memory.get('rss', 0) / MB:.0f} MB "
                         f"/ PSS {memory.get('pss', 0) / MB:.0f} MB (peak "
                         f"{size_result.get('memory_peak', {}).get(system, 0) / MB:.0f} MB)")
        validation = validation_of(size_result)
        if validation:
            lines.append(f"  full SHACL validation {validation['seconds']:.1f} s for {validation['triples']} triples "
                         f"(conforms: {validation['conforms']}, {validation.get('violations', 0)} violations)")
        lpskg = size_result.get("lpskg", {})
        if lpskg:
            lines.append(f"  lpskg cold start {lpskg['cold_start_median']:.2f} s (runs: "
                         f"{', '.join(f'{s:.2f}' for s in lpskg['cold_start_seconds'])})")
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


def conformance_lines(results: dict) -> list[str]:
    """What the report must say first when a graph does not conform: which, how, and its first violations."""
    lines = []
    for size, validation in nonconforming(results).items():
        measured_anyway = bool(results["sizes"][size].get("queries"))
        if not validation:
            lines.append(f"the graph at {size} was not validated: its figures are not shown to be of data the "
                         "product would accept")
            continue
        lines.append(f"the graph at {size} does not conform to the shapes: {validation.get('violations')} "
                     f"violation(s); " + ("its figures below measure data the product would refuse"
                                          if measured_anyway else "it was not measured"))
        for violation in validation.get("first_violations", [])[:5]:
            lines.append(f"  {violation['focus']} {violation.get('path') or ''}: {violation['message']}")
    return lines


def mixed_lines(mixed: dict | None, ratios: dict) -> list[str]:
    """The mixed workload's figures, one line per system."""
    if not mixed:
        return []
    lines = [f"mixed workload: {mixed['requests']} requests, {mixed['clients']} clients, a case every "
             f"{mixed['write_every']} requests, {mixed['repeat_share']:.0%} of the queries repeats of "
             f"{len(mixed['pool'])} pool queries, the rest new; lpskg's cache hits: "
             f"{_x(None) if ratios.get('lpskg_hit_share') is None else format(ratios['lpskg_hit_share'], '.0%')}"]
    for name, figures in mixed["systems"].items():
        latency = figures["latency_ms"]
        lines.append(f"  {name:16} {_ms(figures['queries_per_second'])} queries/s, repeat median "
                     f"{_ms(latency['repeat']['median'])} ms, new {_ms(latency['new']['median'])} ms, write "
                     f"{_ms(latency['write']['median'])} ms; stale answers {figures['stale_count']}, errors "
                     f"{figures['error_count']}" + (f"; lpskg/{name} {_x(ratios['ratios'][name])}"
                                                     if name in ratios.get("ratios", {}) else ""))
    for name, why in mixed.get("skipped", {}).items():
        lines.append(f"  {name:16} not run: {why}")
    return lines


def plot(results: dict, path: Path) -> None:
    """Against graph size, log scales.  Top: the three workloads, cold and repeated (geometric mean of
    requests/s at 4 clients over the queries every system answered at every size) and mixed (queries/s),
    and lpskg-cold's throughput over Oxigraph's (heavy, light, all).  Bottom: how the costs grow: load
    time, the store on disk, memory while serving (RSS with the cache full, and the peak while measured)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = results.get("summary") or summarise(results)
    sizes = list(measured(results))
    triples = [results["sizes"][s]["dataset"]["triples"] for s in sizes]
    systems = sorted({s for entry in summary["sizes"].values() for s in entry["overall"]})
    everyone = sorted({*systems, *(n for s in sizes for n in (results["sizes"][s].get("mixed") or {})
                                   .get("systems", {}))})
    colour = {system: f"C{i}" for i, system in enumerate(everyone)}  # one colour per system in every panel
    figure, grid = plt.subplots(2, 4, figsize=(20, 8.8))
    axes, costs_axes = grid[0], grid[1]
    panels = {"cold: every request evaluated (lpskg's cache off)": [s for s in systems if s != "lpskg"],
              "repeated: the same named queries again": [s for s in systems if s != "lpskg-cold"]}
    for axis, (title, shown) in zip(axes, panels.items()):
        for system in shown:
            points = [(t, summary["sizes"][s]["overall_every_size"].get(system, {}).get("rps_4"))
                      for s, t in zip(sizes, triples)]
            axis.plot([t for t, v in points if v], [v for t, v in points if v], marker="o", label=system,
                      color=colour[system])
        axis.set_title(title, fontsize=10)
        axis.set_ylabel("requests/s at 4 clients, geometric mean")
    mixed_axis = axes[2]
    mixed_systems = sorted({n for s in sizes for n in (results["sizes"][s].get("mixed") or {}).get("systems", {})})
    for system in mixed_systems:
        points = [(t, (results["sizes"][s].get("mixed") or {}).get("systems", {}).get(system, {})
                   .get("queries_per_second")) for s, t in zip(sizes, triples)]
        mixed_axis.plot([t for t, v in points if v], [v for t, v in points if v], marker="o", label=system,
                      color=colour[system])
    mixed_axis.set_title("mixed: repeats, new queries, a case every 50 requests", fontsize=10)
    mixed_axis.set_ylabel("queries/s, 4 clients")
    ratio_axis = axes[3]
    for subset, style in (("heavy", "-"), ("light", "--"), ("all", ":")):
        points = [(t, summary["sizes"][s]["ratios"].get("cold:oxigraph@4", {}).get(subset))
                  for s, t in zip(sizes, triples)]
        ratio_axis.plot([t for t, v in points if v], [v for t, v in points if v], marker="o", linestyle=style,
                        label=f"{subset} queries", color=colour.get("lpskg-cold", "C0"))
    ratio_axis.axhline(1.0, color="grey", linewidth=0.8)
    ratio_axis.set_title("cold: lpskg-cold / oxigraph, requests/s at 4 clients", fontsize=10)
    ratio_axis.set_ylabel("throughput ratio (geometric mean)")
    costs_panels = (("load time (s)", lambda r, n: (r["load"].get(n) or r["start"].get(n) or {}).get("seconds")),
                    ("store on disk (MB)", lambda r, n: (r["load"].get(n) or {}).get("store_bytes", 0) / MB or None),
                    ("serving RSS, cache full (MB)", lambda r, n: r["memory_serving"].get(n, {}).get("rss", 0) / MB
                     or None),
                    ("peak RSS while measured (MB)", lambda r, n: r.get("memory_peak", {}).get(n, 0) / MB or None))
    for axis, (title, value) in zip(costs_axes, costs_panels):
        for system in systems:
            points = [(t, value(results["sizes"][s], system)) for s, t in zip(sizes, triples)]
            axis.plot([t for t, v in points if v], [v for t, v in points if v], marker="o", label=system,
                      color=colour[system])
        axis.set_title(title, fontsize=10)
    for axis in [*axes, *costs_axes]:
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("graph size (quads)")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(f"lpskg's named queries over HTTP, three workloads, and what each size costs "
                    f"({results['meta']['mode']} run, {results['meta']['date'][:10]}, {results['meta']['cpus']} "
                    "cores)", fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _cell(figures: dict | None, timeout: float) -> str:
    """A system's figures for one query in a Markdown table: median ms at 1 client / requests/s at 4."""
    if not figures:
        return "-"
    if figures.get("skipped"):
        return "skipped"
    if figures["median_ms"] is None:
        return "timeout" if figures["errors"] else "-"
    return f"{_ms(figures['median_ms'])} / {_ms(throughput(figures, 4, timeout))}"


def markdown(results: dict) -> str:
    """The run's results as the Markdown of docs/benchmark.md, so that the page is regenerated, not retyped:
    the run, the graphs and whether they conform, geometric means, ratios by workload, the mixed workload,
    per query at the targets' size (and at the largest), what each size costs, and the targets."""
    summary = results.get("summary") or summarise(results)
    timeout = results["meta"]["budget"]["timeout"]
    sizes = list(summary["sizes"])
    systems = list(dict.fromkeys(s for e in summary["sizes"].values() for s in e["overall"]))
    out = run_section(results) + graphs_section(results)
    out += ["### Geometric means (median latency at 1 client, requests/s at 4 clients)", "",
            "Over the queries every system of that size answered.", "",
            "| size | " + " | ".join(systems) + " |", "|---|" + "---|" * len(systems)]
    for size in sizes:
        entry = summary["sizes"][size]
        cells = [f"{_ms(o['median_ms'])} ms, {_ms(o['rps_4'])} rps" if (o := entry["overall"].get(s)) else "not run"
                 for s in systems]
        out.append(f"| {size} ({entry['answered_by_all']} queries) | " + " | ".join(cells) + " |")
    peers = [p for p in PEERS if p in systems]
    out += ["", "### Ratios by workload (throughput at 4 clients, geometric mean; all / heavy / light)", "",
            "| size | workload | " + " | ".join(f"lpskg / {p}" for p in peers) + " |", "|---|---|" + "---|" * len(peers)]
    for size in sizes:
        ratios_ = summary["sizes"][size]["ratios"]
        for workload in WORKLOADS:
            cells = []
            for peer in peers:
                r = ratios_.get(f"{workload}:{peer}@4")
                cells.append("-" if r is None else f"{_x(r['all'])} / {_x(r['heavy'])} / {_x(r['light'])}")
            out.append(f"| {size} | {workload} | " + " | ".join(cells) + " |")
    out += ["", "### Mixed (4 clients, a case every 50 requests, 80 % repeats)", "",
            "| size | system | queries/s | repeat median | new median | write median / p99 | stale | lpskg / this |",
            "|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        mixed, found = results["sizes"][size].get("mixed"), summary["sizes"][size].get("mixed") or {}
        for name, figures in (mixed or {}).get("systems", {}).items():
            latency = figures["latency_ms"]
            last = f"(cache hits {found['lpskg_hit_share']:.0%})" if name == "lpskg" and found.get("lpskg_hit_share") \
                is not None else _x(found.get("ratios", {}).get(name))
            out.append(f"| {size} | {name} | {_ms(figures['queries_per_second'])} | "
                       f"{_ms(latency['repeat']['median'])} ms | {_ms(latency['new']['median'])} ms | "
                       f"{_ms(latency['write']['median'])} / {_ms(latency['write']['p99'])} ms | "
                       f"{figures['stale_count']} | {last} |")
    for size in dict.fromkeys([target_size(results), sizes[-1]]):
        out += per_query_section(results, summary, size, systems, timeout)
    out += costs_section(results, summary, sizes, systems)
    out += ["", f"### Targets at {target_size(results)}", "", "| target | measured | bound | |", "|---|---|---|---|"]
    for target in summary["targets"]:
        bound = f">= {_number(target['minimum'])}" if "minimum" in target else f"< {_number(target['maximum'])}"
        value = "-" if target["value"] is None else f"{target['value']:.2f}"
        out.append(f"| {target['target']} | {value} | {bound} | {'met' if target['met'] else '**missed**'} |")
    return "\n".join(out)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def run_section(results: dict) -> list[str]:
    """Which run(s) the figures come from, when and how long each size took; first, in red, a graph that
    does not conform."""
    meta = results["meta"]
    out = []
    caution = conformance_lines(results)
    if caution:
        out += ["> [!CAUTION]"] + [f"> {line.strip()}  " for line in caution] + [""]
    sources = meta.get("merged_from") or [meta.get("source", "")]
    out += ["### The run", "",
            f"{meta['mode'].capitalize()} budget, {meta['cpus']} cores, Python {meta['python']}, "
            f"{meta['machine']}; from " + ", ".join(f"`bench/results/{name}`" for name in sources if name) + ".", "",
            "| size | started | measured in | systems left out |", "|---|---|---|---|"]
    for size, size_result in results["sizes"].items():
        left_out = {**meta.get("systems_left_out", {}), **size_result.get("left_out", {})}
        when = size_result.get("started") or meta["date"]
        took = f"{size_result['seconds'] / 60:.0f} min" if size_result.get("seconds") else "-"
        out.append(f"| {size} | {when} | {took} | " + ("; ".join(f"{name}: {why}" for name, why in left_out.items())
                                                        or "none") + " |")
    versions = ", ".join(f"{name} {version}" for name, version in meta.get("versions", {}).items())
    return out + ["", f"Versions: {versions}.", ""]


def graphs_section(results: dict) -> list[str]:
    """The generated graphs (from their manifests) and their validation against the shapes."""
    out = ["### The graphs", "",
           "| size | quads | graphs | cases | publications | authors | generated in | validated in | conforms |",
           "|---|---|---|---|---|---|---|---|---|"]
    for size, size_result in results["sizes"].items():
        d, v = size_result["dataset"], validation_of(size_result) or {}
        verdict = "not validated" if not v else "yes, 0 violations" if v.get("conforms") else \
            f"**no: {v.get('violations')} violations**"
        out.append(f"| {size} | {d['triples']:,} | {d['graphs']:,} | {d['cases']:,} | {d['publications']:,} | "
                   f"{d.get('persons', 0):,} | {d['seconds']:.0f} s | "
                   f"{v.get('seconds', 0):.0f} s | {verdict} |")
    return out + [""]


def per_query_section(results: dict, summary: dict, size: str, systems: list[str], timeout: float) -> list[str]:
    size_result, entry = results["sizes"][size], summary["sizes"][size]
    columns = [(w, p) for w in WORKLOADS for p in PEERS if f"{w}:{p}@4" in entry["ratios"]]
    shown = [s for s in systems if s in entry["overall"]]
    out = ["", f"### Per query at {size}", "",
           "Median ms at 1 client (or the one sample of a multi-second query) / requests per second at "
           "4 clients; ratios of requests/s at 4 clients; `*` heavy.", "",
           "| query | rows | " + " | ".join(shown) + " | " + " | ".join(f"{w} / {p}" for w, p in columns) + " |",
           "|---|---|" + "---|" * (len(shown) + len(columns))]
    for name, query in size_result["queries"].items():
        rows = {f["rows"] for f in query["systems"].values() if f["rows"] is not None}
        cells = [_cell(query["systems"].get(s), timeout) for s in shown]
        ratio_cells = [_ratio(entry["ratios"][f"{w}:{p}@4"], name) for w, p in columns]
        out.append(f"| {name}{' *' if name in entry['heavy'] else ''} | {'/'.join(map(str, sorted(rows))) or '-'} | "
                   + " | ".join(cells + ratio_cells) + " |")
    return out


def costs_section(results: dict, summary: dict, sizes: list[str], systems: list[str]) -> list[str]:
    """What each size costs, a column per size: so the table says how each figure grows with the graph."""
    out = ["", "### Load, memory and lpskg's own costs, by size", "", "| | " + " | ".join(sizes) + " |",
           "|---|" + "---|" * len(sizes)]

    def row(title: str, cell) -> None:
        cells = [cell(results["sizes"][s], s) for s in sizes]
        if any(c != "-" for c in cells):  # a figure no run has (an older run's) is left out
            out.append(f"| {title} | " + " | ".join(cells) + " |")

    for system in systems:
        row(f"load: {system}", lambda r, _, n=system: (
            f"{x['seconds']:.1f} s, {x.get('peak_rss', 0) / MB:.0f} MB peak"
            if (x := r["load"].get(n) or r["start"].get(n)) else "-"))
    for system in systems:
        row(f"store on disk: {system}", lambda r, _, n=system: (
            f"{x['store_bytes'] / MB:.0f} MB" if (x := r["load"].get(n)) and x.get("store_bytes") else "-"))
    for system in systems:
        row(f"serving RSS / PSS: {system}", lambda r, _, n=system: (
            f"{m['rss'] / MB:.0f} / {m['pss'] / MB:.0f} MB" if (m := r["memory_serving"].get(n)) else "-"))
    for system in systems:
        row(f"peak RSS while measured: {system}", lambda r, _, n=system: (
            f"{r['memory_peak'][n] / MB:.0f} MB" if r.get("memory_peak", {}).get(n) else "-"))
    row("the cache then held", lambda r, _: f"{r.get('cache_filled', {}).get('bytes', 0) / MB:.0f} MB")
    for subset in ("heavy", "light", "all"):
        row(f"cold, lpskg / oxigraph, {subset}", lambda r, size, k=subset: _x(
            summary["sizes"][size]["ratios"].get("cold:oxigraph@4", {}).get(k)))
    row("lpskg cold start (median of 3)", lambda r, _: (
        f"{r['lpskg']['cold_start_median']:.2f} s" if r.get("lpskg") else "-"))
    row("full SHACL validation", lambda r, _: (
        f"{v['seconds']:.0f} s for {v['triples']:,} triples" if (v := validation_of(r)) else "-"))
    row("case submission median / p99", lambda r, _: (
        f"{_ms(x['median_ms'])} / {_ms(x['p99_ms'])} ms" if (x := r.get("lpskg", {}).get("submission")) else "-"))
    return out


def merged(paths: list[Path]) -> dict:
    """One run's JSON, or several runs' sizes side by side (the first run's meta, each size's source kept)."""
    results = json.loads(paths[0].read_text(encoding="utf-8"))
    results["meta"]["source"] = paths[0].name
    for size in results["sizes"].values():
        size.setdefault("started", results["meta"]["date"])
        size["source"] = paths[0].name
    for path in paths[1:]:
        more = json.loads(path.read_text(encoding="utf-8"))
        for name, size in more["sizes"].items():
            results["sizes"][name] = {**size, "source": path.name, "started": more["meta"]["date"]}
            for system, why in more["meta"].get("systems_left_out", {}).items():
                results["sizes"][name].setdefault("left_out", {})[system] = why
        results["meta"].setdefault("merged_from", [paths[0].name]).append(path.name)
    order = sorted(results["sizes"], key=lambda size: results["sizes"][size]["dataset"]["target_triples"])
    results["sizes"] = {size: results["sizes"][size] for size in order}
    diagnosis = paths[0].parent / "diagnosis.json"
    if diagnosis.exists():
        results["diagnosis"] = json.loads(diagnosis.read_text(encoding="utf-8"))
    results["summary"] = summarise(results)
    return results


#: The lines of docs/benchmark.md between which ``--docs`` writes the results.
BEGIN, END = "<!-- results: written by bench/report.py --docs; do not edit by hand -->", "<!-- end of results -->"


def write_docs(path: Path, results: dict) -> None:
    """Replace the results of the page at ``path`` (between :data:`BEGIN` and :data:`END`) by this run's."""
    page = path.read_text(encoding="utf-8")
    if BEGIN not in page or END not in page:
        raise SystemExit(f"{path} has no results markers ({BEGIN!r} ... {END!r})")
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n\n{markdown(results)}\n\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Table and plot of a benchmark run's JSON (or of several runs' sizes).")
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--plot", type=Path, default=None)
    parser.add_argument("--markdown", action="store_true", help="print the results of docs/benchmark.md instead")
    parser.add_argument("--docs", type=Path, default=None, help="write the results into this page (docs/benchmark.md)")
    args = parser.parse_args(argv)
    results = merged(args.results)
    if args.docs:
        write_docs(args.docs, results)
    print(markdown(results) if args.markdown else table(results))
    if args.plot:
        plot(results, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
