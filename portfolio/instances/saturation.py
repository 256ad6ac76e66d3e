"""Saturation curves (spec 4.2) for generated cases: concave curves on a group's candidate jobs, for tests and
benchmarks."""

from __future__ import annotations

import random
from collections import defaultdict

from models import Case, SaturationPoint
from portfolio.instances.generate import derive

SLOPES = (1.0, 0.9, 0.8, 0.75, 0.6, 0.5, 0.4, 0.25, 0.2, 0.1)  # short decimals keep CP-SAT's grid exact


def with_saturation(case: Case, seed: int, points: int | None = None, groups: float = 0.75) -> Case:
    """`case` with a saturation curve for about `groups` (0-1) of its groups, the same for the same arguments.

    Each curve has `points` points (random 1-3 when None) at whole-job breakpoints between a tenth of the
    group's candidate direct jobs and all of them, with slopes drawn from SLOPES in decreasing order, so that
    min_cost targets, caps and equity shares meet it on every piece in some case.
    """
    rng = random.Random(seed)
    candidate: dict[str, float] = defaultdict(float)
    for r in case.reach:
        candidate[r.group] += r.jobs
    rows = []
    for g in case.groups:
        total = candidate[g.group]
        if total < 10 or rng.random() >= groups:
            continue
        n = points or rng.randint(1, 3)
        xs = sorted(set(rng.sample(range(max(1, int(total // 10)), int(total) + 1), k=n)))
        slopes = sorted(rng.sample(SLOPES, k=len(xs)), reverse=True)
        x0 = y0 = 0.0
        for x, slope in zip(xs, slopes):
            y0 += round(slope * (x - x0), 2)
            x0 = x
            rows.append(SaturationPoint(group=g.group, direct_jobs=x, jobs=y0))
    return derive(case, saturation=tuple(rows))
