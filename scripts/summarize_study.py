#!/usr/bin/env python3
"""Prints Markdown tables (for docs/results.md) from the outputs of scripts/run-study.sh.

Usage: python3 scripts/summarize_study.py <study dir> [margin in percentage points, default 0.5]

For each study folder (results.csv, auc.csv): a Table-1-shaped summary (no augmentation, baseline and the
best-AUC score policy at 5/10/25% of n, full augmentation), the AUC tables per score, the vsv point and the
smallest budget within the margin of full augmentation per score and policy family; before them, an overview
and a table that checks the paper's four claims on every study by the thresholds defined below. Standard library only.
"""
import csv
import os
import statistics
import sys

LABEL = {
    "baseline": "baseline",
    "deterministic-proportional": "deterministic proportional",
    "random-proportional": "random proportional",
    "deterministic-inverse": "deterministic inverse proportional",
    "random-inverse": "random inverse proportional",
}


def label(policy, update, downweight):
    return LABEL[policy] + (" update" if update == "true" else "") + (" downweight" if downweight == "true" else "")


def curves(rows):
    """(config, score) -> {budget: [accuracy per round]}"""
    out = {}
    for r in rows:
        if r["policy"] == "vsv":
            continue
        key = (label(r["policy"], r["update"], r["downweight"]), r["score"])
        out.setdefault(key, {}).setdefault(int(r["budget"]), []).append(float(r["accuracy"]))
    return out


def pct(x):
    return f"{100 * x:.2f}"


def summarize(folder, margin):
    with open(os.path.join(folder, "results.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(folder, "auc.csv")) as f:
        aucs = list(csv.DictReader(f))
    c = curves(rows)
    budgets = sorted({b for v in c.values() for b in v})
    n = budgets[-1]
    mean = {k: {b: statistics.mean(v) for b, v in bs.items()} for k, bs in c.items()}
    none = mean[("baseline", "loss" if ("baseline", "loss") in mean else "influence")][0]
    full = mean[("baseline", "loss" if ("baseline", "loss") in mean else "influence")][n]
    at = [min(budgets, key=lambda b: abs(b - f * n)) for f in (0.05, 0.10, 0.25)]
    scores = sorted({s for _, s in c})
    print(f"### {os.path.basename(folder)}\n")
    print(f"Accuracy (%) on the augmented test set; n = {n}.\n")
    print("| | " + " | ".join(f"{b} ({100 * b / n:g}%)" for b in at) + " |")
    print("|---|---:|---:|---:|")
    print(f"| no augmentation | {pct(none)} | | |")
    print(f"| baseline (random, mean of rounds) | " + " | ".join(pct(mean[('baseline', scores[0])][b]) for b in at) + " |")
    for s in scores:
        # The best of all score policies, and the best proportional one (the paper's recommended family).
        for kind, keep in (("policy", lambda p: p != "baseline"), ("proportional policy", lambda p: p.endswith("-proportional"))):
            cand = [a for a in aucs if a["score"] == s and keep(a["policy"])]
            best = max(cand, key=lambda a: float(a["auc_mean"]))
            name = label(best["policy"], best["update"], best["downweight"])
            print(f"| best-AUC {kind} on {s}: {name} | " + " | ".join(pct(mean[(name, s)][b]) for b in at) + " |")
    print(f"| full augmentation | {pct(full)} | | |")
    vsv = [r for r in rows if r["policy"] == "vsv"]
    if vsv:
        print(f"\nvsv: {vsv[0]['budget']} support vectors augmented, accuracy {pct(float(vsv[0]['accuracy']))}%.")
    for s in scores:
        print(f"\nAUC ({s}; maximum {n}):\n")
        print("| policy | AUC mean | AUC std |")
        print("|---|---:|---:|")
        for a in sorted((a for a in aucs if a["score"] == s), key=lambda a: -float(a["auc_mean"])):
            std = f"{float(a['auc_std']):.3f}" if a["auc_std"] else "--"
            print(f"| {label(a['policy'], a['update'], a['downweight'])} | {float(a['auc_mean']):.3f} | {std} |")
    print(f"\nSmallest budget within {margin} points of full augmentation ({pct(full)}%), mean of rounds:\n")
    print("| score | family | configuration | budget | accuracy |")
    print("|---|---|---|---:|---:|")
    for s in scores:
        for family in LABEL:
            hits = []
            for (name, score), m in mean.items():
                if score != s or not (name == LABEL[family] or name.startswith(LABEL[family] + " ")):
                    continue
                if family == "random-proportional" and name.startswith("random inverse"):
                    continue
                ok = [b for b in budgets if b < n and m[b] >= full - margin / 100]
                if ok:
                    hits.append((ok[0], name, m[ok[0]]))
            if hits:
                b, name, acc = min(hits)
                print(f"| {s} | {family} | {name} | {b} | {pct(acc)} |")
            else:
                print(f"| {s} | {family} | | none below {n} | |")
    print()


def load(folder):
    """A study's AUC rows, mean curves {(configuration, score): {budget: accuracy}}, n, the 10% budget and AUC means."""
    with open(os.path.join(folder, "results.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(folder, "auc.csv")) as f:
        aucs = list(csv.DictReader(f))
    mean = {k: {b: statistics.mean(v) for b, v in bs.items()} for k, bs in curves(rows).items()}
    budgets = sorted({b for v in mean.values() for b in v})
    n, ten = budgets[-1], min(budgets, key=lambda b: abs(b - 0.1 * budgets[-1]))
    auc = {(label(a["policy"], a["update"], a["downweight"]), a["score"]): float(a["auc_mean"]) for a in aucs}
    return aucs, mean, n, ten, auc


def overview(folders):
    """One row per study: the figures the paper's claims are about."""
    print("| study | no aug | full aug | baseline AUC | best loss-proportional AUC | best influence-proportional AUC "
          "| baseline @10% | best score policy @10% | mean AUC change: update / downweight |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for folder in folders:
        aucs, mean, n, ten, auc = load(folder)
        base = mean[("baseline", "loss")]

        def best(score):
            name, value = max(((k[0], v) for k, v in auc.items() if k[1] == score and "proportional" in k[0] and "inverse" not in k[0]), key=lambda t: t[1])
            return f"{value:.1f} ({name})"

        top = max((m[ten], k) for k, m in mean.items() if k[0] != "baseline")
        diffs = {"update": [], "downweight": []}
        for kind in ("deterministic proportional", "random proportional"):
            for score in ("loss", "influence"):
                diffs["update"].append(auc[(kind + " update", score)] - auc[(kind, score)])
                diffs["downweight"].append(auc[(kind + " downweight", score)] - auc[(kind, score)])
        print(f"| {os.path.basename(folder)} | {pct(base[0])} | {pct(base[n])} | {auc[('baseline', 'loss')]:.1f} | {best('loss')} | {best('influence')} "
              f"| {pct(base[ten])} | {pct(top[0])} ({top[1][0]}, {top[1][1]}) | {statistics.mean(diffs['update']):+.1f} / {statistics.mean(diffs['downweight']):+.1f} |")
    print()


# The thresholds the claims table applies (see docs/results.md): AUC points (maximum 1000) and accuracy points.
ALIKE_AUC = 2.0
LITTLE_AUC = 2.0
NEAR_FULL_POINTS = 0.5


def claims(folders):
    """One row per study: does each of the paper's four claims hold, by a stated, mechanical criterion."""
    print(f"| study | 1. proportional beats baseline (best AUC - baseline, vs the larger AUC std) | 2. best at 10% within {NEAR_FULL_POINTS} of full "
          f"| 3. loss and influence alike (best proportional AUCs within {ALIKE_AUC:g}) | 4. update / downweight change little (mean within {LITTLE_AUC:g}) |")
    print("|---|---|---|---|---|")
    for folder in folders:
        aucs, mean, n, ten, auc = load(folder)
        base = next(a for a in aucs if a["policy"] == "baseline")
        base_auc, base_std = float(base["auc_mean"]), float(base["auc_std"] or 0)

        def proportional(a):
            return "proportional" in a["policy"] and "inverse" not in a["policy"]

        def best_proportional(score):
            return max(v for k, v in auc.items() if k[1] == score and "proportional" in k[0] and "inverse" not in k[0])

        # As the report's verdict: a gain counts when it exceeds the round-to-round std of both AUCs.
        best = max((a for a in aucs if proportional(a)), key=lambda a: float(a["auc_mean"]))
        spread = max(base_std, float(best["auc_std"] or 0))
        beats = float(best["auc_mean"]) - base_auc
        one = f"{'yes' if beats > spread else 'no'} ({beats:+.1f} vs {spread:.1f})"
        full = mean[("baseline", "loss")][n]
        top = max(m[ten] for k, m in mean.items() if k[0] != "baseline")
        two = f"{'yes' if full - top <= NEAR_FULL_POINTS / 100 else 'no'} ({100 * (top - full):+.2f})"
        gap = best_proportional("loss") - best_proportional("influence")
        three = f"{'yes' if abs(gap) <= ALIKE_AUC else 'no'} (loss {gap:+.1f})"
        change = {}
        for modifier in ("update", "downweight"):
            change[modifier] = statistics.mean(auc[(kind + " " + modifier, score)] - auc[(kind, score)]
                                               for kind in ("deterministic proportional", "random proportional")
                                               for score in ("loss", "influence"))
        little = all(abs(v) <= LITTLE_AUC for v in change.values())
        four = f"{'yes' if little else 'no'} ({change['update']:+.1f} / {change['downweight']:+.1f})"
        print(f"| {os.path.basename(folder)} | {one} | {two} | {three} | {four} |")
    print()


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    margin = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    folders = [os.path.join(sys.argv[1], name) for name in sorted(os.listdir(sys.argv[1]))
               if os.path.isfile(os.path.join(sys.argv[1], name, "auc.csv"))]
    print("### Overview\n")
    overview(folders)
    print("### The paper's claims, study by study\n")
    claims(folders)
    for name in sorted(os.listdir(sys.argv[1])):
        folder = os.path.join(sys.argv[1], name)
        if os.path.isfile(os.path.join(folder, "auc.csv")):
            summarize(folder, margin)


if __name__ == "__main__":
    main()
