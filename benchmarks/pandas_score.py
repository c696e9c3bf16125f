#!/usr/bin/env python3
"""The pipeline a data scientist would write instead of `driftwatch score`: json + pandas + numpy.

Reads a telemetry JSON Lines file and a DriftWatch baseline, bins every feature (and the prediction) into the
baseline's bins (numeric: edges, right-closed below as DESIGN.md "Baselines" — a value equal to an edge goes above it;
categorical: the categories, the rest `other`; nulls `missing`), and computes PSI, KL, JS and Hellinger with the same
epsilon (DESIGN.md "Metrics"). The chi-square p needs scipy and is left out, which only flatters this pipeline.
For the `score` comparison of issue 13 (benchmarks/README.md): time it as a fresh process, file in the page cache:

    python3 -m pip install pandas numpy     # or, on Debian: apt-get install python3-pandas (then /usr/bin/python3)
    time python3 benchmarks/pandas_score.py BASELINE.json CURRENT.jsonl > /dev/null
"""
import json
import sys

import numpy as np
import pandas as pd

EPS = 1e-4


def shares(counts):
    total = counts.sum()
    s = counts / total if total > 0 else counts.astype(float)
    return np.where(s == 0, EPS, s)


def metrics(window, baseline):
    w, b = shares(window), shares(baseline)
    m = (w + b) / 2
    kl = float(np.sum(w * np.log(w / b)))
    return {
        "psi": float(np.sum((w - b) * np.log(w / b))),
        "kl": kl,
        "js": float(0.5 * np.sum(w * np.log(w / m)) + 0.5 * np.sum(b * np.log(b / m))),
        "hellinger": float(np.sqrt(0.5 * np.sum((np.sqrt(w) - np.sqrt(b)) ** 2))),
    }


def main(baseline_path, current_path):
    with open(baseline_path) as f:
        baseline = json.load(f)
    with open(current_path) as f:
        events = [json.loads(line) for line in f if line.strip()]
    events = [e for e in events if e.get("model") == baseline["model"] and e.get("version") == baseline["version"]]
    frame = pd.json_normalize(events)
    out = []
    for feature in baseline["features"]:
        name = feature["name"]
        column = frame["prediction"] if name == "prediction" else frame.get("features." + name, pd.Series([None] * len(frame)))
        missing = column.isna().to_numpy()
        if feature["kind"] == "numeric":
            values = pd.to_numeric(column, errors="coerce").to_numpy()
            bins = np.searchsorted(np.asarray(feature["edges"], dtype=float), values[~missing], side="right")
            counts = np.bincount(bins, minlength=len(feature["proportions"])).astype(float)
            reference = np.asarray(feature["proportions"] + [feature["missing"]])
        else:
            categories = {c: i for i, c in enumerate(feature["categories"])}
            text = column[~missing].map(lambda v: ("true" if v else "false") if isinstance(v, bool) else str(v))
            index = text.map(lambda v: categories.get(v, len(categories))).to_numpy(dtype=int)
            counts = np.bincount(index, minlength=len(categories) + 1).astype(float)
            reference = np.asarray(feature["proportions"] + [feature["other"], feature["missing"]])
        window = np.append(counts, missing.sum())
        out.append({"name": name, "samples": int(len(column)), **metrics(window, reference)})
    json.dump({"model": baseline["model"], "version": baseline["version"], "features": out}, sys.stdout)
    print()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
