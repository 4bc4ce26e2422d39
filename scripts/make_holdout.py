#!/usr/bin/python3
"""Writes the Fashion-MNIST split that choosing the default selection policy never saw (docs/results.md,
"Selection that beats random"): Pullover vs Coat, images no benchmark subset of benchmarks/fashion-mnist uses.

Usage: python3 scripts/make_holdout.py <fashion-mnist idx folder> [out dir]     (default artifacts/holdout)

train/: the 501st to 1,000th training image of Pullover and of Coat (1,000; binary/ uses other classes and
multiclass/ the first 100 of each); test/: every test image of the two classes but the first 100 of each, which
multiclass/ uses (1,800).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_benchmarks import write_split  # noqa: E402

CLASSES = [2, 4]


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "artifacts", "holdout")
    write_split(src, "train", os.path.join(out, "train"), CLASSES, 500, skip=500)
    write_split(src, "test", os.path.join(out, "test"), CLASSES, None, skip=100)


if __name__ == "__main__":
    main()
