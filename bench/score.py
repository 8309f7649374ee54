#!/usr/bin/env python3
"""A plain, sequential scorer for promo answers files, for comparison with `promo score`.

It reads every .toml answers file under the given directories (sorted, recursive) with
tomllib, applies the scoring model from the README, and prints the same first columns as
`promo score` (path, rubric, subject, rater, readiness, verdict, gated_by, unproven, coverage)
as CSV. It follows scoring model version 2: negative multi points, `gate_band`, unproven
must-haves and the 1e-9 tolerance.
Rubrics are read from the repository's rubrics/ directory (or --rubrics-dir).

    python3 bench/score.py DIR... > scores.csv
"""

import argparse
import csv
import json
import os
import sys
import tomllib

DEFAULT_BANDS = [(90.0, "Ready now"), (75.0, "Ready soon"), (50.0, "Developing"), (0.0, "Early")]
MAX_LEVEL = 4.0
TOLERANCE = 1e-9


def load_rubric(path):
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    bands = [(float(b["min"]), b["label"]) for b in raw.get("bands", [])] or DEFAULT_BANDS
    bands.sort(key=lambda b: -b[0])
    dimensions = []
    for d in raw["dimensions"]:
        questions = []
        for q in d["questions"]:
            kind = q.get("kind", "choice")
            options = q.get("options", [])
            values = [float(o["level"]) if kind == "choice" else float(o["points"]) for o in options]
            questions.append((q["id"], kind, float(q.get("weight", 1.0)), values))
        dimensions.append({
            "id": d["id"],
            "weight": float(d.get("weight", 1.0)),
            "target": float(d.get("target", 3.0)),
            "critical": bool(d.get("critical", False)),
            "questions": questions,
        })
    labels = [label for _, label in bands]
    gate_band = labels.index(raw["gate_band"]) if "gate_band" in raw else (1 if len(bands) > 1 else 0)
    return {"id": raw["id"], "gate_gap": float(raw.get("gate_gap", 1.0)), "bands": bands,
            "gate_band": gate_band, "dimensions": dimensions}


def score(rubric, answers):
    scored_total = responded_total = 0
    readiness_sum = weight_sum = 0.0
    gated_by, unproven = [], []
    for dim in rubric["dimensions"]:
        level_sum = level_weight = 0.0
        for qid, kind, weight, values in dim["questions"]:
            if kind == "text":
                continue
            scored_total += 1
            response = answers.get(qid)
            if response is None:
                continue
            responded_total += 1
            if response == "na":
                continue
            if kind == "choice":
                level = values[response - 1]
            else:
                level = max(0.0, min(sum(values[i - 1] for i in response), MAX_LEVEL))
            level_sum += weight * level
            level_weight += weight
        if level_weight > 0.0:
            level = level_sum / level_weight
            target = dim["target"]
            reached = target if level >= target - TOLERANCE else level
            readiness_sum += dim["weight"] * reached / target
            weight_sum += dim["weight"]
            gap = 0.0 if level >= target - TOLERANCE else target - level
            if dim["critical"] and gap > rubric["gate_gap"] + TOLERANCE:
                gated_by.append(dim["id"])
        elif dim["critical"]:
            unproven.append(dim["id"])
    readiness = 100.0 * readiness_sum / weight_sum if weight_sum > 0.0 else None
    coverage = responded_total / scored_total if scored_total else 0.0
    verdict = "Incomplete"
    if readiness is not None and coverage >= 0.5:
        bands = rubric["bands"]
        band = next((i for i, (low, _) in enumerate(bands) if low <= readiness + TOLERANCE), len(bands) - 1)
        if (gated_by or unproven) and band < rubric["gate_band"]:
            band = rubric["gate_band"]
        verdict = bands[band][1]
    return readiness, verdict, gated_by, unproven, coverage


def answers_files(roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if name.lower().endswith((".toml", ".json")):
                    yield os.path.join(dirpath, name)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rubrics-dir", default=os.path.join(here, "..", "rubrics"))
    args = parser.parse_args()
    rubrics = {}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["path", "rubric", "subject", "rater", "readiness", "verdict", "gated_by", "unproven", "coverage"])
    failed = 0
    for path in answers_files(args.paths):
        try:
            with open(path, "rb") as f:
                doc = json.load(f) if path.lower().endswith(".json") else tomllib.load(f)
            rubric_id = doc["rubric"]
            if rubric_id not in rubrics:
                rubrics[rubric_id] = load_rubric(os.path.join(args.rubrics_dir, rubric_id + ".toml"))
            readiness, verdict, gated_by, unproven, coverage = score(rubrics[rubric_id], doc.get("answers", {}))
        except Exception as error:  # a bad file is reported and skipped, like promo does
            print(f"error: {path}: {error}", file=sys.stderr)
            failed += 1
            continue
        out.writerow([
            path, rubric_id, doc.get("subject", ""), doc.get("rater", "self"),
            "" if readiness is None else repr(readiness), verdict, ";".join(gated_by), ";".join(unproven),
            repr(coverage),
        ])
    return 4 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
