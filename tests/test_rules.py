"""The rule components: every row knows its rule, checks mirror rows, descriptions speak with numbers, a new
rule is one class in a rule set that travels with every solve, and formulations can be copied and changed in
place."""

from __future__ import annotations

import pickle
import re
import sys
from collections import Counter
from dataclasses import FrozenInstanceError

import pytest

import portfolio
from inputs import bundled_case_path, load_case
from inputs.overlay import apply_scenario
from models import Status
from models.casedata import CaseData
from models.scenario import BudgetChange, Scenario
from portfolio.brute_force import brute_force
from portfolio.core.phrases import english
from portfolio.core.outcome import Outcome
from portfolio.formulation import Formulation
from portfolio.formulation.build import build
from portfolio.instances.generate import derive, random_case
from portfolio.instances.phased import phased_case
from portfolio.rules import DEFAULT_RULES, JOBS_MODEL, Rule, RuleSet
from portfolio.solve import solve_formulation, solver_settings
from portfolio.sweeps import Executor, Task, frontier, marginal, target, whatif
from portfolio.sweeps.executor import TaskFailed
from portfolio.uncertainty import alternatives, importance, monte_carlo, robust_portfolio
from portfolio.verify import VerificationError, evaluate

# Sweep workers import this module to rebuild its rules: it names no `conftest`, which a worker could resolve to
# another folder's conftest.py on the shared import path.
TEMPLATE = bundled_case_path("template")
NAMES = {r.name for r in DEFAULT_RULES}
rule = DEFAULT_RULES.named


def rich_case(seed: int = 7, objective: str = "max_jobs"):
    """A generated case that uses every rule of the format."""
    case = random_case(seed, n_actions=12, n_groups=3, n_domains=3, n_barriers=4, objective=objective,
                       per_year=True, equity=True, locks=True, max_actions=8)
    return derive(case, rules={"min_actions_per_domain": 1})


def phased_rich_case(seed: int = 3):
    """A phased case with start windows, ramps, requirements, equity and a fixed start."""
    return phased_case(seed, n_actions=12, n_groups=3, n_domains=3, equity=True, start_in=True, locks=True)


CASES = {
    "template": lambda: load_case(TEMPLATE),
    "rich_max": lambda: rich_case(7),
    "rich_min": lambda: rich_case(8, "min_cost"),
    "phased": phased_rich_case,
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_row_names_its_rule_and_subject(name):
    form = build(CASES[name]())
    used = set()
    for r in form.rows:
        assert r.rule in NAMES | {JOBS_MODEL}, r.name
        used.add(r.rule)
        brackets = re.fullmatch(r"[a-z_]+\[(.*)\]", r.name)
        if brackets and r.rule != JOBS_MODEL:
            # the readable name is the subject written out, except for locks, whose kind is in the prefix
            assert ",".join(map(str, r.subject[: 1 if r.rule == "locks" else None])) == brackets.group(1), r.name
    if name.startswith("rich"):
        assert used >= NAMES - {"target" if name == "rich_max" else "none", "start_in"}, NAMES - used
    if name == "phased":
        assert used >= NAMES - {"target", "participation", "max_actions", "locks"}, NAMES - used


@pytest.mark.parametrize("name", list(CASES))
def test_each_rule_row_has_a_check_and_each_check_a_description(name):
    case = CASES[name]()
    data = CaseData.of(case)
    form = build(case, data=data)
    ev = evaluate(case, [], data)
    checks = {(c.rule, c.subject) for c in ev.checks}
    for r in form.rows:
        if r.rule != JOBS_MODEL:
            assert (r.rule, tuple(map(str, r.subject))) in checks, r.name
    for c in ev.checks:
        text = english(rule(c.rule).describe(data, c.subject))
        assert text and re.search(r"\d|\(", text), (c.name, text)


def test_descriptions_speak_a_planners_words():
    case = load_case(TEMPLATE)
    data = CaseData.of(case)
    d = case.domains[0]
    assert english(rule("budget").describe(data, (d.domain,))) == (
        f"{d.name} ({d.domain}) may spend at most EUR {d.budget_eur / 1e6:,.2f}M over the horizon"
    )
    b = case.budgets[0]
    assert f"in {b.year}" in english(rule("budget").describe(data, (b.domain, b.year)))
    barrier = case.priority_barriers[0]
    text = english(rule("coverage").describe(data, (barrier.barrier,)))
    assert barrier.name in text and ", ".join(data.addressing[barrier.barrier]) in text


def test_rules_are_in_the_default_set_once_and_found_by_name():
    assert len(NAMES) == len(DEFAULT_RULES)
    assert [r.name for r in DEFAULT_RULES][:4] == ["budget", "overlap", "requires", "coverage"]
    with pytest.raises(KeyError, match="no rule 'nope'"):
        rule("nope")
    with pytest.raises(ValueError, match="already in the set"):
        DEFAULT_RULES.with_(rule("budget"))
    with pytest.raises(ValueError, match="already in the set"):
        RuleSet((rule("budget"), rule("budget")))


def test_a_rule_set_is_a_value_nothing_can_change():
    bigger = DEFAULT_RULES.with_(AtMostPerDomain(limit=2))
    assert bigger.names == (*DEFAULT_RULES.names, "spread") and "spread" not in DEFAULT_RULES.names
    with pytest.raises(FrozenInstanceError):
        DEFAULT_RULES.rules = bigger.rules
    assert isinstance(DEFAULT_RULES.rules, tuple)
    copy = pickle.loads(pickle.dumps(bigger))
    assert copy.names == bigger.names and copy.named("spread").limit == 2
    import portfolio.rules

    assert not hasattr(portfolio.rules, "register") and not hasattr(portfolio.rules, "RULES")


# --------------------------------------------------------------------------- a new rule: one class, one line


class AtMostPerDomain(Rule):
    """An example rule a planner might ask for: no domain leads more than `limit` chosen actions."""

    name = "spread"
    summary = "no domain leads more than `limit` chosen actions"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def add(self, form: Formulation, data: CaseData) -> None:
        for d, led in data.led_by.items():
            if led:
                form.add_row(self.row_name("spread", (d,)), {form.action_columns[a]: 1 for a in led},
                             upper=self.limit, rule=self.name, subject=(d,))

    def check(self, data: CaseData, result: Outcome):
        for d, led in data.led_by.items():
            yield self.rule_check(self.row_name("spread", (d,)), (d,), sum(a in result.chosen for a in led),
                                  "<=", self.limit)

    def describe(self, data, subject) -> str:
        return f"domain {subject[0]} leads at most {self.limit} chosen actions"


class Unenforced(AtMostPerDomain):
    """The example rule without its rows: the solver never sees it, only the verification does."""

    def add(self, form: Formulation, data: CaseData) -> None:
        pass


SPREAD = DEFAULT_RULES.with_(AtMostPerDomain(limit=2))


def spread_case():
    # generated with the default rules: the generator's witness knows only the format's rules
    return random_case(21, n_actions=11, n_domains=3, tightness=0.9)


def most_led(case, selected) -> int:
    """The most chosen actions any one domain leads."""
    return max(Counter(case.action(a).lead_domain for a in selected).values(), default=0)


def spread_checked(solution) -> bool:
    """Whether the verification that labelled `solution` checked the example rule (and it held)."""
    checks = [c for c in solution.details.checks if c.rule == "spread"]
    return bool(checks) and all(c.ok for c in checks)


def test_a_new_rule_in_a_rule_set_reaches_build_verify_and_enumeration():
    case = spread_case()
    _check_spread(case, SPREAD)
    assert "spread" not in DEFAULT_RULES.names


def _check_spread(case, rules):
    form = build(case, rules=rules)
    assert len(form.rows_of("spread")) == 3
    sol = portfolio.solve(case, backend="highs", rules=rules)
    assert sol.status == Status.OPTIMAL
    assert most_led(case, sol.selected) <= 2
    assert spread_checked(sol)
    best, _ = brute_force(case, rules)
    assert sol.objective_value == pytest.approx(best, rel=1e-9)
    unconstrained = evaluate(case, [a.action for a in case.actions], rules=rules)
    assert any(c.rule == "spread" and not c.ok for c in unconstrained.checks)


def test_the_example_rule_binds():
    case = spread_case()
    without = brute_force(case)[0]
    with_rule = brute_force(case, SPREAD)[0]
    assert with_rule < without  # the example case is chosen so that the rule costs jobs


SCENARIOS = [Scenario(name=f"x{f:g}", budgets=(BudgetChange(factor=f),)) for f in (1.2, 1.5, 2.0)]


def test_a_rule_set_travels_with_each_task_to_the_worker_processes():
    """A process-pool what-if: the rule holds in every scenario and each worker's verification checked it."""
    case = spread_case()
    for s in SCENARIOS:  # without the rule every scenario's optimum breaks it, so the test can fail
        assert most_led(case, portfolio.solve(apply_scenario(case, s), backend="highs").selected) > 2, s.name
    pool = Executor(progress=False, n_workers=2, inline_below_s=0)
    result = whatif(case, SCENARIOS, pool, rules=SPREAD)
    assert not pool.ran_inline and not result.interrupted and len(result.scenarios) == len(SCENARIOS)
    for sol in [result.base, *(s.solution for s in result.scenarios)]:
        assert sol.status == Status.OPTIMAL and most_led(case, sol.selected) <= 2
        assert spread_checked(sol)


def test_the_workers_verification_refuses_a_portfolio_that_breaks_a_rule_of_the_set():
    """The rule adds no rows, so every solver answer breaks it: the worker must raise, not return it (and the
    sweep stops with that error)."""
    case = spread_case()
    tasks = [Task(s.name, apply_scenario(case, s), rules=DEFAULT_RULES.with_(Unenforced(limit=2)))
             for s in SCENARIOS]
    pool = Executor(progress=False, n_workers=2, inline_below_s=0)
    with pytest.raises(TaskFailed) as failed:
        pool.run(tasks)
    assert not pool.ran_inline and failed.value.key in {s.name for s in SCENARIOS}
    assert isinstance(failed.value.error, VerificationError) and "spread[" in str(failed.value.error)


class HomeOnly(AtMostPerDomain):
    """A rule that cannot be rebuilt in another process: a worker's unpickling raises."""

    name = "home_only"

    def __setstate__(self, state):
        if sys.argv[0] == "-c":  # a pool worker (python -c ...), not the test process
            raise RuntimeError("this rule only loads in the process that made it")
        self.__dict__.update(state)


def test_a_task_a_worker_cannot_load_fails_with_the_reason_not_as_a_vanished_worker():
    case = spread_case()
    tasks = [Task(s.name, apply_scenario(case, s), rules=DEFAULT_RULES.with_(HomeOnly(limit=2))) for s in SCENARIOS]
    pool = Executor(progress=False, n_workers=2, inline_below_s=0)
    with pytest.raises(TaskFailed) as failed:
        pool.run(tasks)
    assert not pool.ran_inline
    assert "only loads in the process that made it" in str(failed.value)


class Recording(Executor):
    """The local executor, keeping every solution of the sweeps it runs."""

    def __init__(self) -> None:
        super().__init__(progress=False)
        self.solved = []

    def run(self, tasks, *args, **kwargs):
        outcome = super().run(tasks, *args, **kwargs)
        self.solved += outcome.solutions.values()
        return outcome


SWEEPS = {
    "whatif": lambda case, ex: whatif(case, SCENARIOS[:1], ex, rules=SPREAD),
    "frontier": lambda case, ex: frontier(case, [1.0, 2.0], executor=ex, rules=SPREAD),
    "marginal": lambda case, ex: marginal(case, 2e6, executor=ex, rules=SPREAD),
    "target": lambda case, ex: target(case, jobs=1.0, executor=ex, rules=SPREAD),
    "importance": lambda case, ex: importance(case, executor=ex, rules=SPREAD),
    "monte carlo": lambda case, ex: monte_carlo(case, 3, executor=ex, rules=SPREAD),
}


@pytest.mark.parametrize("name", list(SWEEPS))
def test_every_sweep_solves_and_verifies_with_the_rules_it_is_given(name):
    case = spread_case()
    executor = Recording()
    SWEEPS[name](case, executor)
    assert executor.solved
    assert all(spread_checked(s) and most_led(case, s.selected) <= 2 for s in executor.solved)


def test_alternatives_and_the_robust_portfolio_keep_the_rules_they_are_given():
    case = spread_case()
    assert most_led(case, brute_force(case)[1]) > 2  # without the rule the optimum breaks it
    found = alternatives(case, 3, progress=False, rules=SPREAD)
    assert len(found.portfolios) == 3 and all(most_led(case, p.selected) <= 2 for p in found.portfolios)
    assert found.portfolios[0].objective_value == pytest.approx(brute_force(case, SPREAD)[0], rel=1e-9)
    robust = robust_portfolio(case, gamma=1, rules=SPREAD)
    assert most_led(case, robust.robust.selected) <= 2 and most_led(case, robust.nominal.selected) <= 2


def test_explain_finds_and_confirms_with_the_rules_it_is_given():
    """No domain may lead an action, yet each must lead one: the conflict names the new rule, and the
    relaxations are confirmed by solves that keep it (the case without it has a portfolio)."""
    from portfolio.explain import _Explainer

    case = derive(spread_case(), rules={"min_actions_per_domain": 1})
    none_led = DEFAULT_RULES.with_(AtMostPerDomain(limit=0))
    assert portfolio.solve(case, backend="highs").status == Status.OPTIMAL
    explainer = _Explainer(case, None, "highs", none_led)
    found = explainer.run()
    assert found.status == "infeasible"
    assert {"spread", "participation"} <= {c.rule for c in found.conflicts}
    assert "leads at most 0 chosen actions" in found.summary
    assert explainer._feasible_after([]) is False


# --------------------------------------------------------------------------- copies and in-place changes


def test_copy_is_independent_and_cheap():
    form = build(load_case(TEMPLATE))
    twin = form.copy()
    name = form.rows_of("budget")[0].name
    twin.set_row_bounds(name, upper=0.0)
    twin.set_column_bounds(twin.columns[0].name, upper=0.0)
    twin.add_row("cut", {0: 1}, upper=0, rule="custom")
    assert form.row(name).upper > 0 and twin.row(name).upper == 0.0
    assert form.columns[0].upper == 1 and twin.columns[0].upper == 0.0
    assert len(twin.rows) == len(form.rows) + 1
    with pytest.raises(KeyError):
        form.row("cut")
    assert twin.rows[1] is form.rows[1]  # unchanged rows are shared, not copied


@pytest.mark.parametrize("backend", ["highs", "cbc"])
def test_a_changed_copy_solves_like_an_edited_case(backend):
    """Lowering a domain's budget rows in place gives the answer of a case whose budgets were edited."""
    case = random_case(11, n_actions=12, per_year=True)
    d, factor = case.domains[0].domain, 0.8
    scaled = lambda rows: tuple(  # noqa: E731
        r.model_copy(update={"budget_eur": r.budget_eur * factor}) if r.domain == d else r for r in rows
    )
    edited = derive(case, domains=scaled(case.domains), budgets=scaled(case.budgets))
    original = build(case)
    form = original.copy()
    for r in form.rows_of("budget"):
        if r.subject[0] == d:
            form.set_row_bounds(r.name, upper=r.upper * factor)
    settings = solver_settings(case, backend=backend)
    changed = solve_formulation(edited, form, settings)
    fresh = portfolio.solve(edited, backend=backend)
    assert changed.status == fresh.status == Status.OPTIMAL
    assert changed.objective_value == pytest.approx(fresh.objective_value, rel=1e-9)
    assert changed.objective_value < portfolio.solve(case, backend=backend).objective_value  # the cut bites
    assert solve_formulation(case, original, settings).objective_value > changed.objective_value  # untouched


# --------------------------------------------------------------------------- synergy products


def _synergy_case(extra: float, share: float | None):
    from models import Synergy

    base = random_case(41, n_actions=6, n_groups=2, synergies=False, negative_synergies=False, overlap=False,
                       requires=False)
    a, b = base.actions[0].action, base.actions[1].action
    group = next(r.group for r in base.reach if r.action == a)
    synergy = Synergy(action_a=a, action_b=b, group=group, extra_jobs=extra)
    rules = {"min_group_share": {group: share}} if share is not None else {}
    return derive(base, synergies=(synergy,), rules=rules), (a, b)


@pytest.mark.parametrize("extra, share, rows", [
    (5.0, None, {"both_le"}),  # positive: only the upper bounds by each selection
    (-0.5, None, {"both_ge"}),  # negative: only the lower bound
    (5.0, 0.1, {"both_le", "both_ge"}),  # an equity share needs the exact product
])
def test_synergy_products_carry_the_rows_their_sign_needs(extra, share, rows):
    case, (a, b) = _synergy_case(extra, share)
    form = build(case)
    kinds = {r.name.split("[")[0] for r in form.rows if r.name.startswith("both_")}
    assert kinds == rows
    w = form.column(f"both[{a},{b}]")
    assert form.products[form.columns.index(w)] == (form.action_columns[a], form.action_columns[b])
    best, _ = brute_force(case)
    for backend in ("highs", "cbc", "cpsat"):
        sol = portfolio.solve(case, backend=backend)
        assert sol.status == Status.OPTIMAL and sol.objective_value == pytest.approx(best, rel=1e-9), backend


@pytest.mark.parametrize("value, shown", [(2.4e6, "EUR 2.40M"), (2_395_000, "EUR 2,395,000"),
                                          (379_999.99, "EUR 379,999.99"), (380_000, "EUR 380,000"),
                                          (1_000_000.01, "EUR 1,000,000.01")])
def test_amounts_show_every_digit_that_matters(value, shown):
    from portfolio.rules.base import eur

    assert eur(value) == shown
