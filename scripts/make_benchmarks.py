#!/usr/bin/env python3
"""Writes the Fashion-MNIST benchmark subsets of the experiment study (benchmarks/fashion-mnist/).

Usage: python3 scripts/make_benchmarks.py <fashion-mnist dir> [out dir]

binary/     T-shirt/top vs Shirt: train = the first 500 training images of each class (1,000);
            test = every test image of those two classes (2,000).
multiclass/ all 10 classes: train = the first 100 training images of each class (1,000);
            test = the first 100 test images of each class (1,000). The paper's protocol uses the full test
            split; with 10 classes that is 10,000 images, i.e. 150,000 augmented test images with rotate,
            too many to featurize on a CPU, hence the deviation.

Each split is a folder of class folders of 28x28 grayscale PNGs named by the image's index in its IDX file.
Reuses the IDX reader and PNG writer of make_sample_images.py (standard library only).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_sample_images import FASHION_MNIST_MIT, png_gray, read_idx  # noqa: E402

NAMES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]

LICENSE = """# Fashion-MNIST benchmark subsets

Subsets of Fashion-MNIST written by `scripts/make_benchmarks.py` (28x28 grayscale PNG; file names are the
image's index in its IDX file):

- `binary/train`: the first 500 training images of T-shirt/top and of Shirt (1,000 images).
- `binary/test`: every test image of those two classes (2,000 images).
- `multiclass/train`: the first 100 training images of each of the 10 classes (1,000 images).
- `multiclass/test`: the first 100 test images of each class (1,000 images). Deviation from the paper's
  protocol (full test split): 10,000 test images would make 150,000 augmented test images with rotate.

"""

LICENSE += FASHION_MNIST_MIT



def write_split(src, split, out, classes, per_class, skip=0):
    """Writes, per class in classes, the images ranked skip..skip+per_class-1 in IDX order (per_class None: all
    after skip) to out/<class>/<index>.png. scripts/make_holdout.py uses skip for images no subset here uses."""
    prefix = "train" if split == "train" else "t10k"
    count, rows, cols, pixels = read_idx(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"), 2051)
    _, labels = read_idx(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"), 2049)
    size = rows * cols
    seen = {c: 0 for c in classes}
    written = 0
    for i in range(count):
        label = labels[i]
        if label not in seen:
            continue
        rank = seen[label]
        seen[label] += 1
        if rank < skip or (per_class is not None and rank >= skip + per_class):
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
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "benchmarks", "fashion-mnist")
    binary = [0, 6]
    write_split(src, "train", os.path.join(out, "binary", "train"), binary, 500)
    write_split(src, "test", os.path.join(out, "binary", "test"), binary, None)
    everything = list(range(10))
    write_split(src, "train", os.path.join(out, "multiclass", "train"), everything, 100)
    write_split(src, "test", os.path.join(out, "multiclass", "test"), everything, 100)
    with open(os.path.join(out, "LICENSE.md"), "w", encoding="utf-8") as f:
        f.write(LICENSE)


if __name__ == "__main__":
    main()
