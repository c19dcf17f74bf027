#!/usr/bin/env python3
"""How often flopdb's estimates, from a record's own inputs, agree with the
curators' stated compute, where the curators' method is the same one.

For each model of `dist/models.csv` (run `flopdb build` first) with a stated
compute (`training_compute_stated_flop`): where the curators' methods
(`compute_methods`) include operation counting and flopdb made an operation-
counting estimate, their ratio; the same for hardware. A fine-tune's stated
compute includes its base models' (`base_compute_flop`) and its inputs
describe its own run, so its estimate is compared with the two added; with
`--own-only`, as before lineage, with the estimate alone. Prints the share
within 1.5x (and 3x) per method. Usage:

    cargo run --release -- build && python3 scripts/agreement.py [--own-only] [dist/models.csv]
"""
import csv
import sys


def ratio(a: float, b: float) -> float:
    return max(a, b) / min(a, b)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--own-only"]
    own_only = "--own-only" in sys.argv[1:]
    path = args[0] if args else "dist/models.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for method, column in [("operation-counting", "compute_operation_counting_flop"), ("hardware", "compute_hardware_flop")]:
        ratios = []
        for row in rows:
            stated, estimate = row["training_compute_stated_flop"], row[column]
            if not stated or not estimate or method not in row["compute_methods"].split("; "):
                continue
            base = row.get("base_compute_flop", "")
            whole = float(estimate) + (float(base) if base and not own_only else 0.0)
            ratios.append(ratio(float(stated), whole))
        within = lambda limit: sum(r <= limit for r in ratios)
        n = len(ratios)
        print(
            f"{method}: {n} models; within 1.5x {within(1.5)} ({within(1.5) / max(n, 1):.1%}), "
            f"within 3x {within(3)} ({within(3) / max(n, 1):.1%})"
        )


if __name__ == "__main__":
    main()
