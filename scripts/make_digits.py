#!/usr/bin/python3
"""Writes scikit-learn's bundled 8x8 digits (sklearn.datasets.load_digits: 1,797 images, 10 classes) as PNG class
folders, the second tuning dataset of docs/results.md ("Selection that beats random").

Usage: /usr/bin/python3 scripts/make_digits.py [out dir]     (default artifacts/digits; needs python3-sklearn)

train/<digit>/<index>.png: the first 1,000 images; test/<digit>/<index>.png: the other 797. Each 8x8 image (16 grey
levels) is scaled to 0..255 and enlarged 4x by pixel replication to 32x32, so the transforms' defaults (2 px
shifts, 1..6 px crops, sized for 28-32 px images) apply unchanged; featurize with pixels:8 to get the original
resolution back.
"""
import os
import sys

import numpy as np
from sklearn.datasets import load_digits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_sample_images import png_gray  # noqa: E402

TRAIN = 1000
SCALE = 4


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "artifacts", "digits")
    digits = load_digits()
    images = np.rint(digits.images * (255.0 / 16.0)).clip(0, 255).astype(np.uint8)
    written = {"train": 0, "test": 0}
    for i, (image, label) in enumerate(zip(images, digits.target)):
        split = "train" if i < TRAIN else "test"
        big = np.kron(image, np.ones((SCALE, SCALE), dtype=np.uint8))
        folder = os.path.join(out, split, str(int(label)))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:04d}.png"), "wb") as f:
            f.write(png_gray(big.shape[1], big.shape[0], big.tobytes()))
        written[split] += 1
    print(f"wrote {written['train']} train and {written['test']} test images to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
