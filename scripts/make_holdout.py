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
from make_benchmarks import NAMES  # noqa: E402
from make_sample_images import png_gray, read_idx  # noqa: E402

CLASSES = [2, 4]


def write_split(src, split, out, skip, keep):
    """Writes, per class, the images ranked skip..skip+keep-1 (keep None: all after skip) in IDX order."""
    prefix = "train" if split == "train" else "t10k"
    count, rows, cols, pixels = read_idx(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"), 2051)
    _, labels = read_idx(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"), 2049)
    size = rows * cols
    seen = {c: 0 for c in CLASSES}
    written = 0
    for i in range(count):
        label = labels[i]
        if label not in seen:
            continue
        rank = seen[label]
        seen[label] += 1
        if rank < skip or (keep is not None and rank >= skip + keep):
            continue
        folder = os.path.join(out, NAMES[label])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:05d}.png"), "wb") as f:
            f.write(png_gray(cols, rows, pixels[i * size:(i + 1) * size]))
        written += 1
    print(f"wrote {written} images to {os.path.normpath(out)}")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "artifacts", "holdout")
    write_split(src, "train", os.path.join(out, "train"), 500, 500)
    write_split(src, "test", os.path.join(out, "test"), 100, None)


if __name__ == "__main__":
    main()
