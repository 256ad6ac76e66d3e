"""The value of a step of budget: what enters and leaves on each side, and the next amount that buys jobs."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

import portfolio
from cli import main
from conftest import TEMPLATE
from inputs import load_case, write_case
from models.casedata import CaseData
from portfolio.instances.generate import random_case
from portfolio.sweeps import Executor, marginal
from portfolio.sweeps.marginal import gain_floor, shifted
from portfolio.verify import evaluate

INLINE = Executor(progress=False)


def test_each_side_of_the_step_lists_what_enters_and_what_leaves():
    """A step less can bring actions in as well as take them out (cheaper ones enter where dearer ones leave),
    and a step more can take actions out: both sides list both."""
    case = random_case(12, n_actions=14, n_groups=3, n_domains=3, per_year=True, tightness=0.4)
    result = marginal(case, 2e5, executor=INLINE, next_steps=False)
    base = set(portfolio.solve(case).selected)
    swaps = 0
    for d in result.domains:
        plus = set(portfolio.solve(shifted(case, d.domain, 2e5)).selected)
        minus = set(portfolio.solve(shifted(case, d.domain, -2e5)).selected)
        assert (d.plus_entering, d.plus_leaving) == (sorted(plus - base), sorted(base - plus)), d.domain
        assert (d.minus_entering, d.minus_leaving) == (sorted(minus - base), sorted(base - minus)), d.domain
        swaps += bool(d.minus_entering and d.minus_leaving) + bool(d.plus_entering and d.plus_leaving)
    assert swaps, "not vacuous: some step swaps actions"


@pytest.mark.slow
def test_a_million_less_for_gelijke_kansen_brings_actions_in_too():
    """The issue's example on the bundled case: the cut lists what enters beside what leaves, as whatif
    does."""
    case = load_case()
    result = marginal(case, 1e6, executor=INLINE, next_steps=False)
    d = next(d for d in result.domains if d.domain == "gelijke_kansen")
    base = set(portfolio.solve(case).selected)
    minus = set(portfolio.solve(shifted(case, "gelijke_kansen", -1e6)).selected)
    assert (d.minus_entering, d.minus_leaving) == (sorted(minus - base), sorted(base - minus))
    assert d.minus_entering and d.minus_leaving


def test_the_table_and_the_json_show_all_four_lists_and_the_next_step(tmp_path):
    case = random_case(7, n_actions=9, n_groups=2, n_domains=3, per_year=True, tightness=0.45)
    write_case(case, tmp_path / "c")
    result = CliRunner().invoke(main, ["marginal", str(tmp_path / "c"), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["domains"]
    assert {"plus_entering", "plus_leaving", "minus_entering", "minus_leaving", "next_step_eur",
            "next_step_jobs", "next_step_note"} <= set(rows[0])
    assert any(r["next_step_eur"] for r in rows)
    table = CliRunner().invoke(main, ["marginal", str(tmp_path / "c")])
    for column in ("+ in", "+ out", "- in", "- out", "next step EUR", "its jobs"):
        assert column in table.stdout


def need(case, domain: str, year: int | None, spend) -> float:
    """The least extra EUR for `domain` (moved as `shifted` moves it) that makes room for `spend`."""
    total = next(d.budget_eur for d in case.domains if d.domain == domain)
    rows = {b.year: b.budget_eur for b in case.budgets or () if b.domain == domain}
    over = spend.by_domain[domain] - total
    if year is not None:
        return max(0.0, over, spend.in_year(domain, year) - rows[year])
    amounts = [0.0, over]
    for y, limit in rows.items():
        extra = spend.in_year(domain, y) - limit
        if extra > 0:
            amounts.append(math.inf if limit <= 0 else extra * total / limit)
    return max(amounts)


def brute_force_next_step(case, domain: str, year: int | None, floor: float) -> float | None:
    """min need(P) over every portfolio P keeping every other rule and reaching `floor` jobs, solver-free."""
    roomy = shifted(case, domain, 1e9, year)
    data = CaseData.of(roomy)
    ids = data.actions
    best = None
    for mask in range(1 << len(ids)):
        chosen = [a for i, a in enumerate(ids) if mask >> i & 1]
        ev = evaluate(roomy, chosen, data)
        if ev.feasible and ev.jobs_total >= floor:
            amount = need(case, domain, year, CaseData.of(case).spend(chosen))
            best = amount if best is None else min(best, amount)
    return None if best is None or math.isinf(best) else best


@pytest.mark.parametrize("seed,year", [(5, None), (6, None), (13, None), (5, "first"), (7, "first")])
def test_the_next_step_is_the_least_amount_that_buys_jobs(seed, year):
    case = random_case(seed, n_actions=9, n_groups=2, n_domains=3, per_year=True, tightness=0.45)
    year = case.years[0] if year == "first" else year
    result = marginal(case, 1e5, year=year, executor=INLINE)
    base = portfolio.solve(case)
    floor = gain_floor(base)
    found = 0
    for d in result.domains:
        expected = brute_force_next_step(case, d.domain, year, floor)
        if expected is None:
            assert d.next_step_eur is None and d.next_step_jobs is None and "no amount" in d.next_step_note
            continue
        found += 1
        assert d.next_step_eur == pytest.approx(expected, abs=0.01), d.domain
        more = portfolio.solve(shifted(case, d.domain, d.next_step_eur, year))
        assert d.next_step_jobs == pytest.approx(more.jobs_total - base.jobs_total) and d.next_step_jobs > 0
        if expected >= 1:  # a euro less buys nothing
            less = portfolio.solve(shifted(case, d.domain, expected - 1, year))
            assert less.jobs_total <= floor
    assert found, "not vacuous: some domain can buy more jobs"


def test_no_amount_helps_when_another_rule_binds():
    """Every group capped at what the base portfolio gives it: no budget buys another job, and the note says
    which rule binds."""
    case = random_case(5, n_actions=9, n_groups=2, n_domains=3, per_year=True, tightness=0.45)
    base = portfolio.solve(case)
    capped = case.model_copy(update={"groups": tuple(
        g.model_copy(update={"max_extra_jobs": base.jobs_by_group[g.group]}) for g in case.groups)})
    result = marginal(capped, 1e5, executor=INLINE)
    assert result.base_jobs == pytest.approx(base.jobs_total)
    for d in result.domains:
        assert d.next_step_eur is None and d.next_step_jobs is None
        assert "no amount" in d.next_step_note and "max_extra_jobs" in d.next_step_note


def test_a_step_without_a_portfolio_lists_no_actions():
    """The template's mobiliteit cannot lose a million (coverage needs it): the minus side is infeasible, and
    lists nothing as leaving rather than the whole base portfolio."""
    result = marginal(load_case(TEMPLATE), 1e6, executor=INLINE, next_steps=False)
    d = next(d for d in result.domains if d.domain == "mobiliteit")
    assert d.minus_status == "infeasible" and d.minus_entering == d.minus_leaving == []
    steps = marginal(load_case(TEMPLATE), 1e6, executor=INLINE)
    welzijn = next(d for d in steps.domains if d.domain == "welzijn")
    assert welzijn.next_step_eur is None and "overlap[opvang]" in welzijn.next_step_note


def test_ctrl_c_during_the_next_steps_keeps_the_steps_already_found(monkeypatch):
    """Ctrl-C between two solves of the next steps (a KeyboardInterrupt, not a flagged solve): the table keeps
    every domain's step figures, marked interrupted, instead of losing the whole sweep."""
    import importlib

    module = importlib.import_module("portfolio.sweeps.marginal")  # the package's `marginal` is the function

    def pressed(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "solve_formulation", pressed)
    case = random_case(7, n_actions=9, n_groups=2, n_domains=3, per_year=True, tightness=0.45)
    result = marginal(case, 1e5, executor=INLINE)
    assert result.interrupted and len(result.domains) == 3
    assert all(d.next_step_eur is None and d.plus_jobs is not None for d in result.domains)
    notes = {d.next_step_note for d in result.domains}
    assert notes == {"interrupted", "not computed: the sweep was interrupted"}
