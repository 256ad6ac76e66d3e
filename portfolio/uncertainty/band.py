"""The band of a chosen plan's jobs over its effect ranges: the plan judged on drawn effects, no re-solve."""

from __future__ import annotations

from models import Case, Solution
from models.studies import JobsBand
from portfolio.uncertainty.sampling import Samples, jobs_range

# Effect sets drawn for the band (seed 0). On the bundled case the P5 and P95 of 500 draws move by at most
# about 2 % of the jobs from one seed to another (measured over seeds 0-3), the P5 about 1 %.
BAND_SAMPLES = 500


def jobs_band(case: Case, solution: Solution, samples: int = BAND_SAMPLES, seed: int = 0) -> JobsBand | None:
    """P5, P50 and P95 of the extra jobs of `solution`'s plan (persons) over `samples` effect sets drawn
    within each reach row's range (triangular, peak at the central effect, rows independent, as the robust
    study draws them), the plan kept as it is. None without a portfolio."""
    if not solution.status.has_portfolio:
        return None
    drawn = Samples.draw(case, samples, seed)
    spread = jobs_range(drawn.jobs(solution.plan))
    return JobsBand(samples=len(drawn), seed=seed, dist=drawn.dist, p5=spread.p5, p50=spread.p50,
                    p95=spread.p95)
