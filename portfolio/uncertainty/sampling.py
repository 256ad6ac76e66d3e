"""Effects drawn within their ranges: the sample cases of a Monte Carlo study, drawn up front from one seed.

Every reach row has a range `effect_low <= effect <= effect_high` (a missing end is the effect itself). A
sample draws one quantile per unit and reads each row's effect from its distribution at that quantile:

- units: one per reach row (`independent`), one per action for all its rows (`per-action`), or one per barrier
  for the actions whose first barrier it is (`per-barrier`);
- distributions: `uniform` over the range, `triangular` with its peak at the effect, or `pert` (a beta
  distribution with the effect as its mode and shape 4, as in PERT estimates).

Synergies scale with the effects of their two actions as in a what-if scenario (inputs.overlay), so a
pessimistic sample is as valid a case as the original. All quantiles come from one numpy generator seeded
with `seed` in the calling process, so a seed gives the same samples whatever runs the solves.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from inputs.overlay import synergy_factor
from models import Case
from models.casedata import CaseData
from models.uncertainty import Correlation, Distribution, JobsRange
from portfolio.core.outcome import outcome

DISTRIBUTIONS: tuple[str, ...] = ("uniform", "triangular", "pert")
CORRELATIONS: tuple[str, ...] = ("independent", "per-action", "per-barrier")
PERT_SHAPE = 4.0  # weight of the mode in a PERT estimate: mean = (low + 4 mode + high) / 6
_GRID = 4097  # points of the numerical beta CDF (PERT); its error is far below the spread of any estimate


def ranges(case: Case) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Low end, central effect and high end of every reach row, in the case's order (a missing end: the effect)."""
    low = np.array([r.effect if r.effect_low is None else r.effect_low for r in case.reach], dtype=float)
    mode = np.array([r.effect for r in case.reach], dtype=float)
    high = np.array([r.effect if r.effect_high is None else r.effect_high for r in case.reach], dtype=float)
    return low, mode, high


def units(case: Case, correlation: Correlation) -> tuple[int, list[int]]:
    """How many quantiles a sample draws, and which one each reach row reads."""
    if correlation == "independent":
        return len(case.reach), list(range(len(case.reach)))
    if correlation == "per-action":
        index = {a.action: i for i, a in enumerate(case.actions)}
        return len(index), [index[r.action] for r in case.reach]
    if correlation == "per-barrier":
        index = {b.barrier: i for i, b in enumerate(case.barriers)}
        first = {a.action: a.barriers[0] for a in case.actions}
        return len(index), [index[first[r.action]] for r in case.reach]
    raise ValueError(f"correlation {correlation!r}: use one of {', '.join(CORRELATIONS)}")


def inverse_cdf(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray, dist: Distribution) -> np.ndarray:
    """The values at quantiles `u` (samples x rows) of each row's distribution over [low, high] with its `mode`."""
    width = high - low
    flat = width <= 0
    span = np.where(flat, 1.0, width)
    if dist == "uniform":
        value = low + u * width
    elif dist == "triangular":
        peak = np.where(flat, 0.0, (mode - low) / span)  # where the peak lies, 0-1
        rising = low + np.sqrt(u * width * (mode - low))
        falling = high - np.sqrt((1 - u) * width * (high - mode))
        value = np.where(u < peak, rising, falling)
    elif dist == "pert":
        a = 1 + PERT_SHAPE * np.where(flat, 0.5, (mode - low) / span)
        b = 1 + PERT_SHAPE * np.where(flat, 0.5, (high - mode) / span)
        value = low + width * _beta_quantiles(u, a, b)
    else:
        raise ValueError(f"distribution {dist!r}: use one of {', '.join(DISTRIBUTIONS)}")
    return np.clip(np.where(flat, mode, value), low, high)


def _beta_quantiles(u: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Quantiles of Beta(a, b) per column (a, b >= 1), from its CDF integrated on a fine grid (no scipy needed)."""
    t = np.linspace(0.0, 1.0, _GRID)
    out = np.empty_like(u)
    for j in range(u.shape[1]):
        density = t ** (a[j] - 1) * (1 - t) ** (b[j] - 1)
        cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2)))
        out[:, j] = np.interp(u[:, j], cdf / cdf[-1], t)
    return out


def draw(case: Case, samples: int, seed: int, dist: Distribution = "triangular",
         correlation: Correlation = "independent") -> np.ndarray:
    """Sampled effects, one row per sample and one column per reach row of the case."""
    if samples < 1:
        raise ValueError("draw at least one sample")
    n_units, unit_of_row = units(case, correlation)
    u = np.random.default_rng(seed).random((samples, n_units))[:, unit_of_row]
    return inverse_cdf(u, *ranges(case), dist)


def with_effects(case: Case, effects: Sequence[float], data: CaseData | None = None) -> Case:
    """`case` with these effects (one per reach row, each within its range) and its synergies scaled along.

    The case checks hold by construction (every effect lies in its range; a synergy shrinks with the smaller
    change of its two actions' jobs, so a negative one never exceeds the jobs it applies to), so the rows are
    copied without validating the whole case again.
    """
    before = (data or CaseData.of(case)).direct_jobs
    reach = tuple(r if e == r.effect else r.model_copy(update={"effect": float(e)}) for r, e in zip(case.reach, effects))
    after: dict = defaultdict(float)
    for r in reach:
        after[r.action, r.group] += r.jobs
    synergies = tuple(
        s.model_copy(update={"extra_jobs": s.extra_jobs * synergy_factor(s.action_a, s.action_b, s.group, before, after)})
        for s in case.synergies)
    return case.model_copy(update={"reach": reach, "synergies": synergies})


def at_low(case: Case) -> Case:
    """Every effect at the low end of its range: the most pessimistic case (still a valid case)."""
    return with_effects(case, ranges(case)[0])


@dataclass(frozen=True, eq=False)
class Samples:
    """The sample cases of one draw, with their indexes, to solve and to judge portfolios by."""

    case: Case
    seed: int
    dist: Distribution
    correlation: Correlation
    effects: np.ndarray  # samples x reach rows
    cases: tuple[Case, ...]
    data: tuple[CaseData, ...]

    @classmethod
    def draw(cls, case: Case, samples: int, seed: int, dist: Distribution = "triangular",
             correlation: Correlation = "independent") -> Samples:
        effects = draw(case, samples, seed, dist, correlation)
        base = CaseData.of(case)
        cases = tuple(with_effects(case, row, base) for row in effects)
        return cls(case, seed, dist, correlation, effects, cases, tuple(CaseData.of(c) for c in cases))

    def __len__(self) -> int:
        return len(self.cases)

    def jobs(self, plan: Iterable[str] | Mapping[str, int]) -> list[float]:
        """Extra jobs of the portfolio `plan` in each sample (caps and synergies as in the case; no solver):
        the chosen ids, or in a phased case action -> start year (the starts kept in every sample)."""
        plan = dict(plan) if isinstance(plan, Mapping) else frozenset(plan)
        return [outcome(d, plan).jobs_total for d in self.data]


def jobs_range(values: Sequence[float]) -> JobsRange:
    """Mean, 5th, 50th and 95th percentile (linear between samples), lowest and highest of `values`."""
    array = np.asarray(values, dtype=float)
    p5, p50, p95 = (float(v) for v in np.percentile(array, [5, 50, 95]))
    return JobsRange(mean=math.fsum(values) / len(values), p5=p5, p50=p50, p95=p95, low=float(array.min()),
                     high=float(array.max()))


def cvar(values: Sequence[float], alpha: float) -> float:
    """Mean of the worst `alpha` share of `values` (the lowest jobs), counting a part of a sample at the edge."""
    if not 0 < alpha <= 1:
        raise ValueError("alpha must lie in (0, 1]")
    ordered = sorted(values)
    weight = alpha * len(ordered)  # samples in the tail, possibly fractional
    whole = min(int(math.floor(weight)), len(ordered))
    tail = math.fsum(ordered[:whole])
    if whole < len(ordered):
        tail += (weight - whole) * ordered[whole]
    return tail / weight
