#!/usr/bin/env python3
"""Writes the sample project's images: a small Fashion-MNIST subset as PNG files in class folders.

Usage: python3 scripts/make_sample_images.py <fashion-mnist dir> [out dir] [per class]

Reads the IDX files (gzip) of the training split and writes the first <per class> images of three
easily confused classes (T-shirt/top, Pullover, Shirt) to <out>/<class>/<index>.png, plus the dataset's
license notice. Standard library only (gzip, struct, zlib), so it runs where PIL is missing.
"""
import gzip
import os
import struct
import sys
import zlib

CLASSES = {0: "T-shirt_top", 2: "Pullover", 6: "Shirt"}

# The dataset's notice, shared by every subset this repository commits (make_benchmarks.py too).
FASHION_MNIST_MIT = """Fashion-MNIST: https://github.com/zalandoresearch/fashion-mnist

License: MIT (Expat), Copyright 2017 Zalando SE.

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

LICENSE = """# Fashion-MNIST subset

These images are a subset of the Fashion-MNIST training split (the first {per_class} images of each of the
classes T-shirt/top, Pullover and Shirt), converted to 28x28 grayscale PNG by
`scripts/make_sample_images.py`. File names are the image's index in the training split.

{mit}"""


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        raise SystemExit(f"{path}: magic {found}, expected {magic}")
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return count, rows, cols, data[16:]
    return count, data[8:]


def png_gray(width, height, pixels):
    """Minimal 8-bit grayscale PNG: IHDR, one IDAT (filter 0 on every row), IEND."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + pixels[r * width:(r + 1) * width] for r in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "samples", "ImageProject", "data")
    per_class = int(sys.argv[3]) if len(sys.argv) > 3 else 100

    count, rows, cols, pixels = read_idx(os.path.join(src, "train-images-idx3-ubyte.gz"), 2051)
    _, labels = read_idx(os.path.join(src, "train-labels-idx1-ubyte.gz"), 2049)
    size = rows * cols
    written = {c: 0 for c in CLASSES}
    for i in range(count):
        label = labels[i]
        if label not in CLASSES or written[label] >= per_class:
            continue
        folder = os.path.join(out, CLASSES[label])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:05d}.png"), "wb") as f:
            f.write(png_gray(cols, rows, pixels[i * size:(i + 1) * size]))
        written[label] += 1
        if all(n >= per_class for n in written.values()):
            break

    with open(os.path.join(out, "LICENSE.md"), "w", encoding="utf-8") as f:
        f.write(LICENSE.format(per_class=per_class, mit=FASHION_MNIST_MIT))
    print(f"wrote {sum(written.values())} images to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
