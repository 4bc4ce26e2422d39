#!/usr/bin/python3
"""Prints the Markdown tables of docs/results.md, "Selection that beats random", from study folders written by
scripts/run-selection-study.sh (or any `augbuild experiment` output), and applies the rule written there.

Usage: python3 scripts/summarize_selection.py [--rule] <study folder>...

For every configuration, score and study: D = mean over rounds r of [its mean accuracy over the non-zero budgets
<= 25% of n in round r - baseline's in round r] (percentage points) with the sample std of that paired difference
(deterministic configurations: baseline's per-round std), and the deltas at 5/10/25% of n (grid budget nearest).
With --rule, the candidates of the rule are ranked and the chosen default printed. Standard library only.
"""
import csv
import os
import statistics
import sys

CANDIDATES = ["baseline+guard", "baseline+guard:0.2", "baseline+guard:0", "random-proportional+guard",
              "random-power+guard", "moderate"]
# Simpler first: fewer parameters, for the rule's tie-break.
SIMPLICITY = {"baseline+guard": 1, "baseline+guard:0.2": 1, "baseline+guard:0": 1, "moderate": 0,
              "random-proportional+guard": 1, "random-power+guard": 2}


def name(row):
    return row["policy"] + ("+update" if row["update"] == "true" else "") + ("+downweight" if row["downweight"] == "true" else "")


def load(folder):
    """(config, score) -> {round: {budget: accuracy}}, n (the largest budget's n from the folder's log)."""
    runs = {}
    with open(os.path.join(folder, "results.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["policy"] == "vsv":
                continue
            runs.setdefault((name(r), r["score"]), {}).setdefault(int(r["round"]), {})[int(r["budget"])] = float(r["accuracy"])
    return runs


def train_count(folder):
    with open(os.path.join(folder, "log.txt")) as f:
        for line in f:
            if "(n = " in line:
                return int(line.split("(n = ")[1].split(",")[0])
    raise SystemExit(f"{folder}: no 'n = ' in log.txt")


def endpoints(folder):
    """(no augmentation, full augmentation) accuracy in percent, from the study's log."""
    with open(os.path.join(folder, "log.txt")) as f:
        for line in f:
            if "no augmentation" in line and "full augmentation" in line:
                parts = line.replace("%", "").split()
                return float(parts[parts.index("augmentation") + 1].rstrip(",")), float(parts[-1])
    raise SystemExit(f"{folder}: no augmentation line in log.txt")


def std(values):
    return statistics.stdev(values) if len(values) > 1 else 0.0


def measure(folder):
    runs = load(folder)
    n = train_count(folder)
    budgets = sorted({b for rounds in runs.values() for curve in rounds.values() for b in curve})
    window = [b for b in budgets if 0 < b <= 0.25 * n + 1e-9]
    marks = [min(budgets, key=lambda b: abs(b - f * n)) for f in (0.05, 0.10, 0.25)]
    out = {}
    for score in sorted({s for _, s in runs}):
        base = runs[("baseline", score)]
        base_mean = {r: statistics.fmean(c[b] for b in window) for r, c in base.items()}
        for (config, s), rounds in runs.items():
            if s != score:
                continue
            if len(rounds) > 1:
                diffs = [100 * (statistics.fmean(rounds[r][b] for b in window) - base_mean[r]) for r in sorted(rounds)]
                d, spread = statistics.fmean(diffs), std(diffs)
                at = [100 * statistics.fmean(rounds[r][m] - base[r][m] for r in rounds) for m in marks]
            else:
                only = rounds[0]
                mean = statistics.fmean(only[b] for b in window)
                d = 100 * (mean - statistics.fmean(base_mean.values()))
                spread = 100 * std(list(base_mean.values()))
                at = [100 * (only[m] - statistics.fmean(c[m] for c in base.values())) for m in marks]
            out[(config, score)] = (d, spread, at)
        out[("baseline", score, "abs")] = (100 * statistics.fmean(base_mean.values()),
                                           [100 * statistics.fmean(c[m] for c in base.values()) for m in marks])
    return out, marks, n


def modifiers(m):
    """Claim 4: mean change of D from adding update / downweight to the proportional policies, both scores."""
    changes = []
    for modifier in ("+update", "+downweight"):
        pairs = [(m[(p + modifier, sc)][0], m[(p, sc)][0]) for p in ("deterministic-proportional", "random-proportional")
                 for sc in ("loss", "influence") if (p + modifier, sc) in m and (p, sc) in m]
        changes.append(statistics.fmean(a - b for a, b in pairs) if pairs else None)
    if None in changes:
        return "not run"
    return f"{'yes' if all(abs(c) <= 0.2 for c in changes) else 'no'} ({changes[0]:+.2f} / {changes[1]:+.2f})"


def main():
    args = sys.argv[1:]
    rule = "--rule" in args
    folders = sorted(a.rstrip("/") for a in args if a != "--rule")
    if not folders:
        raise SystemExit(__doc__)
    results = {os.path.basename(f): measure(f) for f in folders}
    configs = []
    for m, _, _ in results.values():
        for key in m:
            if len(key) == 2 and key not in configs:
                configs.append(key)
    configs.sort(key=lambda k: (k[1], k[0]))

    for score in sorted({sc for _, sc in configs}):
        names = [c for c, sc in configs if sc == score and c != "baseline"]
        print(f"\nD on {score} (percentage points; mean +- std over the 5 paired rounds):\n")
        print("| study | baseline mean accuracy | " + " | ".join(f"`{c}`" for c in names) + " |")
        print("|---|---:|" + "---:|" * len(names))
        for study, (m, marks, n) in results.items():
            cells = [f"{m[(c, score)][0]:+.2f} +- {m[(c, score)][1]:.2f}" if (c, score) in m else "not run" for c in names]
            print(f"| {study} | {m[('baseline', score, 'abs')][0]:.2f} | " + " | ".join(cells) + " |")
        print(f"\nAccuracy at 5% / 10% / 25% of n on {score}: baseline's (percent), then each configuration's difference from it (points, mean of rounds):\n")
        print("| study | baseline | " + " | ".join(f"`{c}`" for c in names) + " |")
        print("|---|---:|" + "---:|" * len(names))
        for study, (m, marks, n) in results.items():
            base = m[("baseline", score, "abs")][1]
            cells = [" / ".join(f"{x:+.1f}" for x in m[(c, score)][2]) if (c, score) in m else "not run" for c in names]
            print(f"| {study} | {' / '.join(f'{x:.1f}' for x in base)} | " + " | ".join(cells) + " |")

    print("\nMean D over the studies (wins / losses: D beyond +- 2 std / sqrt(5)):\n")
    print("| configuration | score | mean D | smallest D + std | wins / losses |")
    print("|---|---|---:|---:|---|")
    summary = {}
    for c, s in configs:
        if c == "baseline":
            continue
        ds = [m[(c, s)] for m, _, _ in results.values() if (c, s) in m]
        mean = statistics.fmean(d for d, _, _ in ds)
        margin = min(d + spread for d, spread, _ in ds)
        wins = sum(1 for d, spread, _ in ds if d > 2 * spread / 5 ** 0.5 and d > 0)
        losses = sum(1 for d, spread, _ in ds if d < -2 * spread / 5 ** 0.5 and d < 0)
        summary[(c, s)] = (mean, margin, len(ds))
        print(f"| {c} | {s} | {mean:+.2f} | {margin:+.2f} | {wins} / {losses} |")

    print("\nThe paper's claims on these studies (budgets up to 25%):\n")
    print("| study | no aug | full aug | 1. random-proportional beats baseline (loss D vs std) | 2. best configuration at 10% within 0.5 of full | 3. loss and influence alike (random-proportional D within 0.2) | 4. update / downweight change little (mean D change within 0.2) |")
    print("|---|---:|---:|---|---|---|---|")
    for study, (m, marks, n) in results.items():
        none, full = endpoints(next(f for f in folders if os.path.basename(f) == study))
        d, spread, _ = m[("random-proportional", "loss")]
        base10 = m[("baseline", "loss", "abs")][1][1]
        best = max((m[(c, s)][2][1], c, s) for c, s in configs if c != "baseline" and (c, s) in m)
        at10 = base10 + best[0]
        di = m[("random-proportional", "influence")][0] if ("random-proportional", "influence") in m else float("nan")
        print(f"| {study} | {none:.2f} | {full:.2f} | {'yes' if d > spread else 'no'} ({d:+.2f} vs {spread:.2f}) "
              f"| {'yes' if at10 >= full - 0.5 else 'no'} ({best[1]} ({best[2]}) {at10:.2f}, {at10 - full:+.2f}) "
              f"| {'yes' if abs(d - di) <= 0.2 else 'no'} (loss {d - di:+.2f}) | {modifiers(m)} |")

    if rule:
        eligible = [(k, v) for k, v in summary.items() if k[0] in CANDIDATES and v[1] >= 0]
        print("\nRule: eligible candidates (D >= -std on every study), by mean D:\n")
        for (c, s), (mean, margin, count) in sorted(eligible, key=lambda kv: -kv[1][0]):
            print(f"- {c} ({s}): mean D {mean:+.2f} over {count} studies, smallest D + std {margin:+.2f}")
        if not eligible:
            print("none: the default becomes baseline")
            return
        best = max(v[0] for _, v in eligible)
        near = [k for k, v in eligible if v[0] >= best - 0.05]
        chosen = min(near, key=lambda k: (SIMPLICITY[k[0]], k[1] != "loss", -summary[k][0]))
        print(f"\nChosen default: {chosen[0]} on {chosen[1]} (best mean D {best:+.2f}; within 0.05: {', '.join(f'{c} ({s})' for c, s in near)})")


if __name__ == "__main__":
    main()
