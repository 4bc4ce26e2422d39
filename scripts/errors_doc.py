#!/usr/bin/env python3
"""Regenerates docs/errors.md from the AUGnnnn constants and their doc comments in src/.

Every code is a `public const string Name = "AUGnnnn";` in an *Errors class; its <summary> is the cause and the
fix. The test ErrorCatalogTests fails when a code in src/ is missing here, so rerun this after adding one.
"""
import pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
pattern = re.compile(r'((?:[ \t]*///.*\n)*)[ \t]*(?:public|internal) const string (\w+) = "(AUG\d{4})";')
areas = {"1": "Dataset input", "2": "Images, featurizers and the feature cache", "3": "Probe fit and scores",
         "4": "Budget, policies and selection", "5": "Transforms and the Parquet dataset",
         "6": "Command line and pipeline", "7": "MSBuild package", "8": "Experiments"}
codes = {}
for path in sorted((root / "src").rglob("*.cs")):
    text = path.read_text(encoding="utf-8")
    for m in pattern.finditer(text):
        doc = " ".join(l.strip().lstrip("/").strip() for l in m.group(1).splitlines())
        doc = re.sub(r"</?summary>", "", doc)
        doc = re.sub(r'<see cref="(?:[\w.]+\.)?(\w+)"\s*/>', r"`\1`", doc)
        doc = re.sub(r"<c>(.*?)</c>", r"`\1`", doc).strip()
        codes.setdefault(m.group(3), (m.group(2), doc, path.relative_to(root).as_posix()))

out = ["# Error and warning codes", "",
       "Every failure AugBuild reports is one line `file: error AUGnnnn: message` (or `warning`), naming the file or",
       "option concerned and how to fix it; MSBuild and IDEs link it to the file. This page lists every code.",
       "Generated from the source by `scripts/errors_doc.py`; a test keeps it complete.", ""]
for area in sorted(areas):
    rows = sorted(c for c in codes if c[3] == area)
    if not rows:
        continue
    out += [f"## AUG{area}xxx: {areas[area]}", "", "| Code | Name | Cause and fix |", "| --- | --- | --- |"]
    for c in rows:
        name, doc, src = codes[c]
        out.append(f"| {c} | {name} | {doc or 'See the message.'} |")
    out.append("")
(root / "docs" / "errors.md").write_text("\n".join(out), encoding="utf-8")
print(f"{len(codes)} codes")
