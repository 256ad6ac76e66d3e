"""Sampling effects within their ranges: distributions, correlation, seeds, and sample cases that stay valid."""

from __future__ import annotations

import math

import numpy as np
import pytest

from conftest import TEMPLATE
from inputs import load_case
from inputs.overlay import apply_scenario
from models import Case
from models.casedata import CaseData
from models.scenario import EffectChange, Scenario
from portfolio.uncertainty.sampling import (
    CORRELATIONS,
    DISTRIBUTIONS,
    Samples,
    at_low,
    cvar,
    draw,
    jobs_range,
    ranges,
    with_effects,
)


@pytest.fixture(scope="module")
def flanders() -> Case:
    return load_case()


@pytest.mark.parametrize("correlation", CORRELATIONS)
@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_draws_stay_in_their_ranges_and_a_seed_repeats_them(flanders, dist, correlation):
    low, _mode, high = ranges(flanders)
    effects = draw(flanders, 50, 7, dist, correlation)
    assert effects.shape == (50, len(flanders.reach))
    assert np.all(effects >= low) and np.all(effects <= high)
    assert np.array_equal(effects, draw(flanders, 50, 7, dist, correlation))
    assert not np.array_equal(effects, draw(flanders, 50, 8, dist, correlation))


@pytest.mark.parametrize(("dist", "mean"), [
    ("uniform", lambda lo, m, hi: (lo + hi) / 2),
    ("triangular", lambda lo, m, hi: (lo + m + hi) / 3),
    ("pert", lambda lo, m, hi: (lo + 4 * m + hi) / 6),
])
def test_each_distribution_has_its_textbook_mean(flanders, dist, mean):
    low, mode, high = ranges(flanders)
    effects = draw(flanders, 20_000, 1, dist)
    assert np.abs(effects.mean(axis=0) - mean(low, mode, high)).max() < 0.01 * (high - low).max()


def test_pert_peaks_at_the_effect_and_triangular_quantiles_are_exact():
    from portfolio.uncertainty.sampling import inverse_cdf

    one = np.array([0.0]), np.array([0.1]), np.array([0.4])
    u = np.array([[0.0], [1 / 6], [1.0]])
    # triangular on [0, 0.4] peaking at 0.1: the CDF at the peak is 0.1 / 0.4 = 0.25; at 1/6 the value is
    # sqrt(1/6 * 0.4 * 0.1)
    assert inverse_cdf(u, *one, "triangular")[:, 0] == pytest.approx([0.0, math.sqrt(0.4 * 0.1 / 6), 0.4])
    values = inverse_cdf(np.linspace(0.001, 0.999, 999)[:, None], *one, "pert")[:, 0]
    density, edges = np.histogram(values, bins=8, range=(0, 0.4))
    assert edges[density.argmax()] <= 0.1 < edges[density.argmax() + 1]


@pytest.mark.parametrize("correlation", ["per-action", "per-barrier"])
def test_correlated_rows_share_their_quantile(flanders, correlation):
    low, _mode, high = ranges(flanders)
    quantile = (draw(flanders, 5, 3, "uniform", correlation) - low) / np.where(high > low, high - low, 1)
    unit = {a.action: a.action if correlation == "per-action" else a.barriers[0] for a in flanders.actions}
    first: dict[str, np.ndarray] = {}
    for i, r in enumerate(flanders.reach):
        if high[i] > low[i]:
            key = unit[r.action]
            assert np.allclose(quantile[:, i], first.setdefault(key, quantile[:, i]))
    assert len(first) > 1 and len({tuple(v) for v in first.values()}) == len(first)


def test_collapsed_ranges_give_the_effects_themselves(flanders):
    point = flanders.model_copy(update={"reach": tuple(
        r.model_copy(update={"effect_low": r.effect, "effect_high": r.effect}) for r in flanders.reach)})
    for dist in DISTRIBUTIONS:
        assert np.array_equal(draw(point, 4, 0, dist), np.tile(ranges(flanders)[1], (4, 1)))


def test_every_effect_at_its_low_end_is_a_valid_case(flanders):
    """Fixed negative synergies would exceed the jobs they apply to; scaled with the effects they never do."""
    data = flanders.model_dump()
    for row in data["reach"]:
        row["effect"] = row["effect_low"]
    with pytest.raises(ValueError, match="removes more jobs than the smaller of the two actions"):
        Case.model_validate(data)
    low = at_low(flanders)
    assert Case.model_validate(low.model_dump()) == low
    assert all(s.extra_jobs * t.extra_jobs >= 0 and abs(s.extra_jobs) <= abs(t.extra_jobs)
               for s, t in zip(low.synergies, flanders.synergies))


def test_sample_cases_are_the_cases_validation_would_build(flanders):
    drawn = Samples.draw(flanders, 6, 11, "pert", "per-action")
    for sample in drawn.cases:
        assert Case.model_validate(sample.model_dump()) == sample


def test_synergies_scale_as_a_what_if_effect_change_scales_them():
    case = load_case(TEMPLATE)
    action, factor = "T04", 0.6
    effects = [r.effect * factor if r.action == action else r.effect for r in case.reach]
    mine = with_effects(case, effects)
    theirs = apply_scenario(case, Scenario(name="x", effects=(EffectChange(action=action, factor=factor),)))
    assert [s.extra_jobs for s in mine.synergies] == pytest.approx([s.extra_jobs for s in theirs.synergies])
    assert CaseData.of(mine).direct_jobs == pytest.approx(CaseData.of(theirs).direct_jobs)


def test_the_jobs_of_a_portfolio_over_the_samples_are_recomputed_per_sample():
    from portfolio.core.outcome import outcome

    case = load_case(TEMPLATE)
    drawn = Samples.draw(case, 3, 5)
    chosen = ["T02", "T04", "T05"]
    assert drawn.jobs(chosen) == [outcome(CaseData.of(c), chosen).jobs_total for c in drawn.cases]


def test_cvar_is_the_mean_of_the_worst_share_and_the_range_its_percentiles():
    values = [10.0, 1.0, 7.0, 3.0, 5.0]
    assert cvar(values, 0.4) == pytest.approx(2.0)  # the two worst: 1 and 3
    assert cvar(values, 0.3) == pytest.approx((1.0 + 0.5 * 3.0) / 1.5)  # one and a half samples
    assert cvar(values, 1.0) == pytest.approx(5.2)
    r = jobs_range(values)
    assert (r.mean, r.low, r.high, r.p50) == (5.2, 1.0, 10.0, 5.0)
    assert r.p5 == pytest.approx(1.4) and r.p95 == pytest.approx(9.4)
    with pytest.raises(ValueError):
        cvar(values, 0)
