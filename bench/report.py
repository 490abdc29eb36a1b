"""Turning a benchmark run's JSON into ratios, target verdicts, a text table and a plot.

    python bench/report.py bench/results/full-2026-11-23.json   # table and plot again
    python bench/report.py RUN.json --markdown                  # the tables of docs/benchmark.md

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
TARGETS = {  # (workload, peer, query set) -> minimum throughput ratio lpskg/peer at the largest size
    ("cold", "oxigraph", "heavy"): 0.95, ("cold", "oxigraph", "light"): 0.7, ("cold", "oxigraph", "all"): 0.8,
    ("cold", "rdflib-endpoint", "heavy"): 10.0, ("cold", "rdflib-endpoint", "all"): 5.0,
    ("repeated", "oxigraph", "all"): 10.0, ("repeated", "rdflib-endpoint", "heavy"): 10.0,
}
MIXED_TARGET = 1.5
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
    largest = list(results["sizes"])[-1]
    summary["targets"] = targets(results, summary, largest)
    return summary


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
    """Each target of the task at the largest size: the measured value and whether it is met."""
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
    """The three workloads against graph size: cold and repeated (geometric mean of requests/s at 4
    clients over the queries every system answered at every size) and mixed (queries/s), log scales."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = results.get("summary") or summarise(results)
    sizes = list(results["sizes"])
    triples = [results["sizes"][s]["dataset"]["triples"] for s in sizes]
    systems = sorted({s for entry in summary["sizes"].values() for s in entry["overall"]})
    everyone = sorted({*systems, *(n for s in sizes for n in (results["sizes"][s].get("mixed") or {})
                                   .get("systems", {}))})
    colour = {system: f"C{i}" for i, system in enumerate(everyone)}  # one colour per system in every panel
    figure, axes = plt.subplots(1, 3, figsize=(15, 4.4))
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
    for axis in axes:
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("graph size (quads)")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(f"lpskg's named queries over HTTP, three workloads ({results['meta']['mode']} run, "
                    f"{results['meta']['date'][:10]}, {results['meta']['cpus']} cores)",
                    fontsize=10)
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
    """The run's results as the Markdown tables of docs/benchmark.md, so that the page is regenerated,
    not retyped: geometric means, ratios by workload, the mixed workload, per query at the largest size,
    memory and lpskg's own costs, and the targets."""
    summary = results.get("summary") or summarise(results)
    timeout = results["meta"]["budget"]["timeout"]
    sizes = list(results["sizes"])
    systems = list(dict.fromkeys(s for e in summary["sizes"].values() for s in e["overall"]))
    out = ["### Geometric means (median latency at 1 client, requests/s at 4 clients)", "",
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
    largest = sizes[-1]
    size_result, entry = results["sizes"][largest], summary["sizes"][largest]
    columns = [(w, p) for w in WORKLOADS for p in PEERS if f"{w}:{p}@4" in entry["ratios"]]
    out += ["", f"### Per query at {largest}", "",
            "Median ms at 1 client (or the one sample of a multi-second query) / requests per second at "
            "4 clients; ratios of requests/s at 4 clients; `*` heavy.", "",
            "| query | rows | " + " | ".join(systems) + " | " + " | ".join(f"{w} / {p}" for w, p in columns) + " |",
            "|---|---|" + "---|" * (len(systems) + len(columns))]
    for name, query in size_result["queries"].items():
        rows = {f["rows"] for f in query["systems"].values() if f["rows"] is not None}
        cells = [_cell(query["systems"].get(s), timeout) for s in systems]
        ratio_cells = [_ratio(entry["ratios"][f"{w}:{p}@4"], name) for w, p in columns]
        out.append(f"| {name}{' *' if name in entry['heavy'] else ''} | {'/'.join(map(str, sorted(rows))) or '-'} | "
                   + " | ".join(cells + ratio_cells) + " |")
    out += ["", "### Load, memory and lpskg's own costs", "", "| | " + " | ".join(sizes) + " |",
            "|---|" + "---|" * len(sizes)]
    for system in systems:
        cells = []
        for size in sizes:
            load = results["sizes"][size]["load"].get(system) or results["sizes"][size]["start"].get(system) or {}
            cells.append(f"{load.get('seconds', 0):.1f} s, {load.get('peak_rss', 0) / MB:.0f} MB peak" if load else "-")
        out.append(f"| load: {system} | " + " | ".join(cells) + " |")
    for system in systems:
        cells = [f"{m['rss'] / MB:.0f} / {m['pss'] / MB:.0f} MB" if (m := results["sizes"][s]["memory_serving"].get(system))
                 else "-" for s in sizes]
        out.append(f"| serving RSS / PSS: {system} | " + " | ".join(cells) + " |")
    out.append("| the cache then held | " + " | ".join(
        f"{results['sizes'][s].get('cache_filled', {}).get('bytes', 0) / MB:.0f} MB" for s in sizes) + " |")
    own = [results["sizes"][s].get("lpskg", {}) for s in sizes]
    out.append("| lpskg cold start (median of 3) | " + " | ".join(
        f"{o['cold_start_median']:.2f} s" if o else "-" for o in own) + " |")
    out.append("| full SHACL validation | " + " | ".join(
        f"{o['validation']['seconds']:.1f} s" if o else "-" for o in own) + " |")
    out.append("| case submission median / p99 | " + " | ".join(
        f"{_ms(o['submission']['median_ms'])} / {_ms(o['submission']['p99_ms'])} ms" if "submission" in o else ""
        for o in own) + " |")
    out += ["", f"### Targets at {largest}", "", "| target | measured | bound | |", "|---|---|---|---|"]
    for target in summary["targets"]:
        bound = f">= {target['minimum']}" if "minimum" in target else f"< {target['maximum']}"
        value = "-" if target["value"] is None else f"{target['value']:.2f}"
        out.append(f"| {target['target']} | {value} | {bound} | {'met' if target['met'] else 'missed'} |")
    return "\n".join(out)


def merged(paths: list[Path]) -> dict:
    """One run's JSON, or several runs' sizes side by side (the first run's meta, each size's source kept)."""
    results = json.loads(paths[0].read_text(encoding="utf-8"))
    for size in results["sizes"].values():
        size["source"] = paths[0].name
    for path in paths[1:]:
        more = json.loads(path.read_text(encoding="utf-8"))
        for name, size in more["sizes"].items():
            results["sizes"][name] = {**size, "source": path.name}
        results["meta"].setdefault("merged_from", [paths[0].name]).append(path.name)
    results["summary"] = summarise(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Table and plot of a benchmark run's JSON (or of several runs' sizes).")
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--plot", type=Path, default=None)
    parser.add_argument("--markdown", action="store_true", help="print the tables of docs/benchmark.md instead")
    args = parser.parse_args(argv)
    results = merged(args.results)
    print(markdown(results) if args.markdown else table(results))
    if args.plot:
        plot(results, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
