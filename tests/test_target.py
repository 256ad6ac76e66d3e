"""Targets: the cheapest portfolio for a jobs target or a rate, below and above the baseline; the curve."""

from __future__ import annotations

import functools
import json

import pytest
from click.testing import CliRunner

import portfolio
from cli import main
from conftest import TEMPLATE
from inputs import load_case
from models import Status
from portfolio.brute_force import brute_force
from portfolio.sweeps import Executor, target, target_curve
from portfolio.sweeps.target import jobs_text, monotone

INLINE = Executor(progress=False)


@functools.cache
def template():
    return load_case(TEMPLATE)


def cheapest_by_brute_force(case, at_least: float | None) -> tuple[float | None, tuple[str, ...]]:
    """The cheapest portfolio keeping every rule of `case` (and reaching `at_least` jobs), solver-free."""
    update = {"objective": "min_cost", "jobs_target": at_least}
    return brute_force(case.model_copy(update=update))


@pytest.mark.parametrize("rate", [0.5, 0.74, 0.75])
def test_a_rate_the_baseline_already_reaches_gets_the_cheapest_portfolio_of_the_rules(rate):
    """Below the baseline (75 %) no extra job is needed, but the rules (a priority barrier, a domain) still
    ask for actions: the answer is their cheapest portfolio, and every figure is that portfolio's."""
    case = template()
    cost, chosen = cheapest_by_brute_force(case, None)
    result = target(case, rate=rate, executor=INLINE)
    assert cost > 0 and chosen, "not vacuous: the template's rules force some actions"
    assert result.reachable is True and result.jobs_target <= 0 and result.shortfall_jobs == 0
    assert result.solution.status == Status.OPTIMAL
    assert result.solution.cost_total_eur == pytest.approx(cost)
    assert set(result.solution.selected) == set(chosen)
    base = case.baseline
    rate = (base.employed + result.solution.jobs_total) / base.population
    assert result.rate_reached == pytest.approx(rate)
    assert f"EUR {cost:,.0f}" in result.message and "no extra jobs are needed" in result.message


def test_the_bundled_case_below_its_baseline_costs_what_its_rules_force():
    case = load_case()
    for rate in (0.768, 0.5):
        result = target(case, rate=rate, executor=INLINE)
        forced = portfolio.solve(case.model_copy(update={"objective": "min_cost", "jobs_target": None}))
        assert result.solution.cost_total_eur == pytest.approx(forced.cost_total_eur)
        assert result.solution.cost_total_eur < 328_000_000 and result.solution.status == Status.OPTIMAL
        assert result.rate_reached > case.baseline.rate


def test_the_curve_never_falls_and_keeps_its_unreachable_points():
    """Template: baseline 75 %, at most 590 extra jobs (75.59 %): points below, between and beyond."""
    case = template()
    rates = [0.70, 0.75, 0.751, 0.753, 0.755, 0.7558, 0.76, 0.78]
    curve = target_curve(case, rates, executor=INLINE)
    assert [p.rate for p in curve.points] == rates
    reachable = [p for p in curve.points if p.reachable]
    costs = [p.solution.cost_total_eur for p in reachable]
    assert len(reachable) == 6 and costs == sorted(costs) and costs[0] < costs[-1]
    for p in reachable:
        expected, _chosen = cheapest_by_brute_force(case, p.jobs_target if p.jobs_target > 0 else None)
        assert p.solution.cost_total_eur == pytest.approx(expected), p.rate
    unreachable = [p for p in curve.points if p.reachable is False]
    assert [p.rate for p in unreachable] == [0.76, 0.78]
    assert all(p.shortfall_jobs == pytest.approx(p.jobs_target - 590) for p in unreachable)


def test_a_cheaper_portfolio_of_a_higher_target_is_carried_down_to_a_point_not_proven():
    """A point whose solve stopped early may cost more than a higher target's cheapest portfolio, which also
    reaches the lower target: the curve uses it (marked carried), so the cost never falls as the target
    rises."""
    case = template()
    curve = target_curve(case, [0.752, 0.755], executor=INLINE)
    low, high = curve.points
    poor = portfolio.solve(case.model_copy(update={"objective": "max_jobs"}))  # dearer, reaches both targets
    assert poor.cost_total_eur > high.solution.cost_total_eur
    stopped = low.model_copy(update={"solution": poor.model_copy(update={"status": Status.FEASIBLE})})
    fixed = monotone(case, [stopped, high])
    assert fixed[0].carried and fixed[0].solution.selected == high.solution.selected
    assert fixed[0].solution.cost_total_eur == pytest.approx(high.solution.cost_total_eur)
    assert fixed[0].solution.status == Status.FEASIBLE and not fixed[1].carried
    proven = low.model_copy(update={"solution": poor})
    with pytest.raises(portfolio.VerificationError, match="cheapest cost falls"):
        monotone(case, [proven, high])


def test_jobs_text_never_shows_zero_for_a_shortfall():
    assert jobs_text(0.0009999999999763531) == "0.001"
    assert jobs_text(117_950.0) == "117,950"
    assert jobs_text(12.25) == "12.2" or jobs_text(12.25) == "12.3"
    assert jobs_text(0.0) == "0"


def test_an_unreachable_target_exits_3_with_its_real_shortfall():
    result = CliRunner().invoke(main, ["target", str(TEMPLATE), "--jobs", "590.001"])
    assert result.exit_code == 3, result.output
    assert "0.001 jobs short" in result.stdout and " 0 jobs short" not in result.stdout
    result = CliRunner().invoke(main, ["target", str(TEMPLATE), "--rate", "0.8", "--format", "json"])
    assert result.exit_code == 3
    shown = json.loads(result.stdout)
    assert shown["reachable"] is False and shown["shortfall_jobs"] == pytest.approx(5000 - 590)


def test_a_reachable_target_and_a_curve_with_a_reachable_point_exit_0(tmp_path):
    assert CliRunner().invoke(main, ["target", str(TEMPLATE), "--rate", "0.5"]).exit_code == 0
    out = tmp_path / "curve"
    result = CliRunner().invoke(main, ["target", str(TEMPLATE), "--curve", "0.75:0.76:3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    svg = (out / "targets.svg").read_text(encoding="utf-8")
    assert "unreachable" in svg  # the unreachable point is drawn and named, not dropped
    assert "no" in result.stdout
    result = CliRunner().invoke(main, ["target", str(TEMPLATE), "--curve", "0.76:0.78:2"])
    assert result.exit_code == 3, "no target on the curve is reachable"


def test_an_optimum_within_its_gap_above_a_higher_targets_cost_is_carried_not_an_error():
    """`optimal` means within the gap: a lower target's optimum a little dearer than a higher target's portfolio,
    with a bound below that cost, is no contradiction; the cheaper portfolio is used."""
    case = template()
    low, high = target_curve(case, [0.752, 0.755], executor=INLINE).points
    poor = portfolio.solve(case.model_copy(update={"objective": "max_jobs"}))
    bound = high.solution.cost_total_eur - 1.0
    within = poor.model_copy(update={"objective": "min_cost", "bound": bound})
    fixed = monotone(case, [low.model_copy(update={"solution": within}), high])
    assert fixed[0].carried and fixed[0].solution.cost_total_eur == pytest.approx(high.solution.cost_total_eur)
