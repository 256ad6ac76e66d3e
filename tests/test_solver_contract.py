"""Backend contract: every available backend finds the same optimum as brute force, with honest statuses.

Parametrised over portfolio.backends.available(); a backend that is not
installed is simply absent. References come from portfolio.brute_force.brute_force
(no solver), so a wrong answer cannot hide behind agreement between solvers.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys

import pytest

import portfolio
from portfolio.instances.generate import derive, random_case
from models import Action, Barrier, Case, Cost, Domain, Group, Reach, Rules, Solution, Status, Synergy
from portfolio import VerificationError
from portfolio.backends import available, get_backend
from models.casedata import CaseData
from portfolio.brute_force import brute_force
from portfolio.rules import DEFAULT_RULES
from portfolio.formulation.build import build
from portfolio.verify import evaluate

BACKENDS = available()
REL = 1e-6  # objective values agree within this relative difference


# --------------------------------------------------------------------------- invariants of every Solution


def check_solution(case: Case, sol: Solution, mip_gap: float = 1e-6) -> None:
    """Everything a Solution promises: recomputed numbers, valid portfolio, a status that does not lie."""
    assert sol.objective == case.objective
    if sol.status.has_portfolio:
        ev = evaluate(case, sol.selected)
        assert ev.feasible, [c.name for c in ev.violations]
        assert sol.selected == list(ev.selected)
        assert sol.objective_value == pytest.approx(ev.objective_value(case.objective), rel=1e-12, abs=1e-9)
        assert sol.jobs_total == pytest.approx(ev.jobs_total, rel=1e-12, abs=1e-9)
        assert sol.cost_total_eur == pytest.approx(ev.cost_total_eur, rel=1e-12, abs=1e-9)
        assert sol.jobs_by_group == pytest.approx(ev.jobs_by_group, rel=1e-12, abs=1e-9)
        assert set(sol.jobs_by_group) == {g.group for g in case.groups}
        assert sol.spend_by_domain == pytest.approx(ev.spend_by_domain, rel=1e-12, abs=1e-9)
        assert set(sol.spend_by_domain) == {d.domain for d in case.domains}
    else:
        assert sol.selected == []
        assert sol.objective_value is None and sol.jobs_total is None and sol.cost_total_eur is None
        assert sol.jobs_by_group is None and sol.spend_by_domain is None and sol.gap is None
    if sol.status == Status.OPTIMAL:
        # optimal means proven: a bound exists and closes the gap to the requested tolerance
        assert sol.bound is not None, "optimal without a proven bound"
        assert sol.gap is not None and sol.gap <= mip_gap + 1e-6, (sol.gap, sol.bound, sol.objective_value)
    if sol.status == Status.INFEASIBLE:
        assert sol.bound is None and sol.details.message


# --------------------------------------------------------------------------- handmade cases


def two_group_case(*, share_a: float = 0.5, cap_b: float = 20, **rules) -> Case:
    """The trap for an under-counting jobs model: group A needs half of all jobs, B has a binding cap.

    a1: 10 jobs in A; a2: 100 jobs in B (capped at 20); a3: 5 jobs in A; budget for two actions.
    True optimum: {a1, a3} = 15 (with a2, A gets 10 of 30 jobs, below half).
    A model that may count B below its true 20 jobs takes {a1, a2} and claims 10 + 10 = 20.
    """
    acts = ("a1", "a2", "a3")
    return Case(
        name="equity trap",
        domains=(Domain(domain="d", name="D", budget_eur=2000),),
        groups=(
            Group(group="A", name="A", population=1000, max_extra_jobs=1000),
            Group(group="B", name="B", population=1000, max_extra_jobs=cap_b),
        ),
        barriers=(Barrier(barrier="p", name="P", priority=False),),
        actions=tuple(Action(action=a, name=a, lead_domain="d", barriers=("p",)) for a in acts),
        costs=tuple(Cost(action=a, domain="d", cost_eur=1000) for a in acts),
        reach=(
            Reach(action="a1", group="A", reach=100, effect=0.1),
            Reach(action="a2", group="B", reach=1000, effect=0.1),
            Reach(action="a3", group="A", reach=50, effect=0.1),
        ),
        rules=Rules(min_actions_per_priority_barrier=0, min_group_share={"A": share_a}, **rules),
    )


def zero_share_case() -> Case:
    """Four actions whose pairwise audience overlaps in group g exceed their direct jobs there.

    Each action: 10 jobs in g, 100 in h; each pair: -10 in g (valid: not more than the smaller 10).
    All four give g 40 - 60 = -20 jobs. `min_group_share: {g: 0}` means jobs_g >= 0 * J = 0,
    so the best valid portfolio has three actions (g: 0, h: 300), not four (380, g negative).
    """
    acts = ("a", "b", "c", "d")
    return Case(
        name="zero share",
        domains=(Domain(domain="d", name="D", budget_eur=10_000),),
        groups=(
            Group(group="g", name="G", population=1000, max_extra_jobs=1000),
            Group(group="h", name="H", population=1000, max_extra_jobs=1000),
        ),
        barriers=(Barrier(barrier="p", name="P", priority=False),),
        actions=tuple(Action(action=a, name=a, lead_domain="d", barriers=("p",)) for a in acts),
        costs=tuple(Cost(action=a, domain="d", cost_eur=1000) for a in acts),
        reach=tuple(
            Reach(action=a, group=g, reach=100, effect=0.1 if g == "g" else 1.0)
            for a in acts
            for g in ("g", "h")
        ),
        synergies=tuple(
            Synergy(action_a=x, action_b=y, group="g", extra_jobs=-10)
            for i, x in enumerate(acts)
            for y in acts[i + 1 :]
        ),
        rules=Rules(min_actions_per_priority_barrier=0, min_group_share={"g": 0.0}),
    )


# --------------------------------------------------------------------------- the contract cases


def _infeasible_cases() -> dict[str, Case]:
    out = {}
    base = random_case(115, n_actions=10, overlap=False, tightness=0.5)
    spend = {(c.action, c.domain): c.cost_eur for c in base.costs}
    d0 = base.domains[0]
    led = sorted(
        (a for a in base.actions if (a.action, d0.domain) in spend), key=lambda a: -spend[a.action, d0.domain]
    )
    locked: list[str] = []
    while sum(spend[a, d0.domain] for a in locked) <= d0.budget_eur:
        locked.append(led[len(locked)].action)  # the most expensive first, until domain d0 is over budget
    out["inf_locked_over_budget"] = derive(base, rules={"locked_in": tuple(locked)})
    mc = random_case(116, n_actions=10, objective="min_cost")
    out["inf_target_above_caps"] = derive(mc, jobs_target=sum(g.max_extra_jobs for g in mc.groups) + 1)
    cov = random_case(117, n_actions=10)
    out["inf_uncovered_priority_barrier"] = derive(
        cov, barriers=cov.barriers + (Barrier(barrier="nobody", name="Nobody", priority=True),)
    )
    ov = random_case(118, n_actions=10, overlap=True)
    group = next(a.overlap_group for a in ov.actions if a.overlap_group)
    members = tuple(a.action for a in ov.actions if a.overlap_group == group)[:2]
    out["inf_locked_overlap"] = derive(ov, rules={"locked_in": members})
    out["inf_share_vs_lock"] = derive(
        two_group_case(), rules={"min_group_share": {"A": 1.0}, "locked_in": ("a2",)}
    )
    ma = random_case(119, n_actions=8, overlap=False, requires=False)
    out["inf_max_actions_vs_locks"] = derive(ma, rules={"max_actions": 1, "locked_in": ("a00", "a01")})
    out["inf_lead"] = derive(random_case(120, n_actions=8), rules={"min_actions_per_domain": 9})
    yr = random_case(121, n_actions=10, per_year=True)
    out["inf_year_budget_vs_lock"] = derive(
        yr,
        budgets=tuple(b.model_copy(update={"budget_eur": 0}) for b in yr.budgets),
        rules={"locked_in": ("a00",)},
    )
    return out


CONTRACT_CASES: dict[str, Case] = {
    "max_basic": random_case(101, n_actions=10),
    "min_basic": random_case(102, n_actions=10, objective="min_cost"),
    "max_per_year": random_case(103, n_actions=12, per_year=True),
    "min_per_year": random_case(104, n_actions=12, per_year=True, objective="min_cost"),
    "max_equity": random_case(105, n_actions=12, equity=True),
    "min_equity": random_case(106, n_actions=12, equity=True, objective="min_cost"),
    "max_locks_max_actions": random_case(107, n_actions=12, locks=True, max_actions=4),
    "min_locks_max_actions": random_case(108, n_actions=12, locks=True, max_actions=5, objective="min_cost"),
    "max_lead": derive(random_case(109, n_actions=10, n_domains=2), rules={"min_actions_per_domain": 1}),
    "max_tight": random_case(110, n_actions=14, tightness=0.2),
    "max_loose": random_case(111, n_actions=12, tightness=0.9),
    "max_everything": random_case(112, n_actions=14, per_year=True, equity=True, locks=True, max_actions=6),
    "min_everything": random_case(
        113, n_actions=14, per_year=True, equity=True, locks=True, max_actions=6, objective="min_cost"
    ),
    "max_plain": random_case(
        114, n_actions=12, synergies=False, negative_synergies=False, overlap=False, requires=False
    ),
    "max_one_group_one_domain": random_case(122, n_actions=10, n_groups=1, n_domains=1, n_barriers=1),
    "max_equity_trap": two_group_case(),
    "min_equity_trap": derive(two_group_case(), objective="min_cost", jobs_target=12.0),
    **_infeasible_cases(),
}


@functools.cache
def reference(name: str) -> tuple[float | None, tuple[str, ...]]:
    return brute_force(CONTRACT_CASES[name])


@functools.cache
def solved(backend: str, name: str) -> Solution:
    return portfolio.solve(CONTRACT_CASES[name], backend=backend, time_limit_s=60)


def test_there_are_backends():
    assert "highs" in BACKENDS


def test_contract_cases_use_every_rule_objective_and_outcome():
    """The cases together exercise every row type of the formulation, both objectives, and infeasibility."""
    rows: set[str] = set()
    for case in CONTRACT_CASES.values():
        form = build(case)
        rows |= {
            r.name.split("[")[0] + ("[y]" if r.name.startswith("budget[") and "," in r.name else "")
            for r in form.rows
        }
    assert {
        "budget", "budget[y]", "overlap", "requires", "cover", "lead", "max_actions", "share", "locked_in",
        "locked_out", "jobs_target", "both_le", "both_ge", "uncapped", "jobs_ge_cap", "jobs_ge_uncapped",
    } <= rows  # fmt: skip
    assert {c.objective for c in CONTRACT_CASES.values()} == {"max_jobs", "min_cost"}
    assert any(s.extra_jobs < 0 for c in CONTRACT_CASES.values() for s in c.synergies)
    assert any(c.budgets for c in CONTRACT_CASES.values())
    outcomes = [reference(name)[0] is None for name in CONTRACT_CASES]
    assert sum(outcomes) >= 6 and len(outcomes) - sum(outcomes) >= 12
    for name in CONTRACT_CASES:
        assert (reference(name)[0] is None) == name.startswith("inf_"), name


def assert_matches_reference(case, sol, best) -> None:
    """The solution is verified and equals the brute-force optimum (None: infeasible)."""
    check_solution(case, sol)
    if best is None:
        assert sol.status == Status.INFEASIBLE, sol.details.message
    else:
        assert sol.status == Status.OPTIMAL, sol.details.message
        assert sol.objective_value == pytest.approx(best, rel=REL, abs=1e-6)


@pytest.mark.parametrize("name", list(CONTRACT_CASES))
@pytest.mark.parametrize("backend", BACKENDS)
def test_backend_matches_brute_force(backend, name):
    case = CONTRACT_CASES[name]
    best, _ = reference(name)
    sol = solved(backend, name)
    assert_matches_reference(case, sol, best)


@pytest.mark.parametrize("name", list(CONTRACT_CASES))
def test_backends_agree(name):
    sols = {b: solved(b, name) for b in BACKENDS}
    statuses = {b: s.status for b, s in sols.items()}
    assert len(set(statuses.values())) == 1, statuses
    values = [s.objective_value for s in sols.values() if s.objective_value is not None]
    assert all(v == pytest.approx(values[0], rel=REL, abs=1e-6) for v in values), sols


# --------------------------------------------------------------------------- brute force on many seeds


def sweep_case(seed: int, objective: str) -> Case:
    """A different mix of rules and sizes per seed; some of the derived cases are infeasible."""
    case = random_case(
        1000 + seed,
        n_actions=4 + seed % 11,
        n_groups=1 + seed % 3,
        n_domains=1 + seed % 4,
        n_barriers=2 + seed % 3,
        objective=objective,
        per_year=seed % 2 == 1,
        equity=seed % 3 == 0,
        locks=seed % 4 == 1,
        max_actions=2 + seed % 4 if seed % 5 == 2 else None,
        overlap=seed % 7 != 3,
        requires=seed % 6 != 4,
        tightness=(0.3, 0.5, 0.7, 0.9)[seed % 4],
    )
    if objective == "min_cost" and seed % 3 == 2:
        case = derive(
            case, jobs_target=round(case.jobs_target * 1.7, 1)
        )  # beyond the witness: maybe infeasible
    if objective == "max_jobs" and seed % 5 == 4:
        case = derive(case, rules={"min_actions_per_domain": 2})  # maybe infeasible
    return case


SEEDS = range(40)
OBJECTIVES = ("max_jobs", "min_cost")


@functools.cache
def sweep(seed: int, objective: str) -> tuple[Case, float | None]:
    case = sweep_case(seed, objective)
    return case, brute_force(case)[0]


def test_sweep_has_both_outcomes():
    outcomes = [sweep(s, o)[1] is None for s in SEEDS for o in OBJECTIVES]
    assert 3 <= sum(outcomes) <= len(outcomes) - 40


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_brute_force_agreement(backend, seed, objective):
    case, best = sweep(seed, objective)
    sol = portfolio.solve(case, backend=backend, time_limit_s=60)
    assert_matches_reference(case, sol, best)


def test_generated_cases_do_not_depend_on_hash_randomisation():
    """The same seed gives the same case in every process (no iteration over unordered sets)."""
    script = (
        "from portfolio.instances.generate import random_case; import hashlib; h = hashlib.sha1()\n"
        "for s in range(30):\n"
        "    for o in ('max_jobs', 'min_cost'):\n"
        "        case = random_case(s, n_actions=4 + s % 12, objective=o, equity=s % 2 == 0,"
        " locks=s % 3 == 0, per_year=s % 2 == 1)\n"
        "        h.update(case.model_dump_json().encode())\n"
        "print(h.hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(digests) == 1


def test_quick_tests_of_the_rules_never_reject_a_valid_portfolio():
    """Brute force skips what Rule.admits rejects; that must only ever be a portfolio evaluate rejects too."""
    skipped = 0
    for seed in (0, 1, 5, 13, 17):
        for objective in OBJECTIVES:
            case = sweep_case(seed, objective)
            data = CaseData.of(case)
            for mask in range(1 << len(data.actions)):
                chosen = frozenset(a for i, a in enumerate(data.actions) if mask >> i & 1)
                if not all(rule.admits(data, chosen) for rule in DEFAULT_RULES):
                    skipped += 1
                    assert not evaluate(case, chosen, data).feasible, (seed, objective, sorted(chosen))
    assert skipped > 0  # the quick tests did reject something


def test_brute_force_refuses_large_cases():
    with pytest.raises(ValueError, match="16"):
        brute_force(random_case(0, n_actions=17))


# --------------------------------------------------------------------------- the jobs model


def test_trap_reference():
    assert brute_force(two_group_case()) == (15.0, ("a1", "a3"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_relaxed_jobs_model_breaks_equity_but_exact_does_not(backend):
    """With an equity share, a model that only bounds jobs from above may under-count group B
    (capped at 20, truly 20) to pass A's share: it claims {a1, a2} = 20 > 15, a portfolio whose
    true share of A is 10/30. solve() must refuse that answer; the default model must not produce it."""
    case = two_group_case()
    best, _ = brute_force(case)
    raw = get_backend(backend).solve(build(case, "relaxed"), case.solver)
    assert raw.objective is not None and raw.objective > best + 1
    if raw.exact:
        with pytest.raises(VerificationError, match=r"share\[A\]"):
            portfolio.solve(case, backend=backend, jobs_model="relaxed")
    else:  # a backend that says it solved an approximation gets its answer checked, not trusted (CP-SAT)
        sol = portfolio.solve(case, backend=backend, jobs_model="relaxed")
        assert sol.status == Status.NO_SOLUTION and "share[A]" in sol.details.message
        check_solution(case, sol)
    for jobs_model in ("auto", "exact"):
        sol = portfolio.solve(case, backend=backend, jobs_model=jobs_model)
        check_solution(case, sol)
        assert sol.status == Status.OPTIMAL
        assert sol.objective_value == pytest.approx(best)
        assert sol.selected == ["a1", "a3"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_relaxed_jobs_model_is_exact_without_equity(backend):
    """Without a share rule the relaxed model is exact at the optimum (the cap binds honestly)."""
    case = derive(two_group_case(), rules={"min_group_share": {}})
    best, _ = brute_force(case)
    assert best == 30.0  # a1 + a2: 10 + min(20, 100)
    for jobs_model in ("relaxed", "auto"):
        sol = portfolio.solve(case, backend=backend, jobs_model=jobs_model)
        check_solution(case, sol)
        assert sol.objective_value == pytest.approx(best)


@pytest.mark.parametrize("backend", BACKENDS)
def test_zero_share_keeps_group_jobs_non_negative(backend):
    """Spec rule 7 holds for every entry of min_group_share, a share of 0 included: jobs_g >= 0.
    Negative synergies can push a group below zero; the optimum must respect the rule."""
    case = zero_share_case()
    best, selected = brute_force(case)
    assert (best, len(selected)) == (300.0, 3)
    sol = portfolio.solve(case, backend=backend)
    check_solution(case, sol)
    assert sol.status == Status.OPTIMAL
    assert sol.objective_value == pytest.approx(best)


# --------------------------------------------------------------------------- settings and honesty


@pytest.mark.parametrize("name", ["max_everything", "min_everything", "max_equity_trap", "inf_share_vs_lock"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_threads_same_answer(backend, name):
    case = CONTRACT_CASES[name]
    best, _ = reference(name)
    sol = portfolio.solve(case, backend=backend, threads=2, time_limit_s=60)
    check_solution(case, sol)
    if best is None:
        assert sol.status == Status.INFEASIBLE
    else:
        assert sol.status == Status.OPTIMAL
        assert sol.objective_value == pytest.approx(best, rel=REL, abs=1e-6)


@functools.cache
def gap_case() -> tuple[Case, float]:
    """A 40-action case and its optimum (HiGHS with mip_gap 0)."""
    case = random_case(140, n_actions=40, n_groups=4, n_domains=4, n_barriers=5, equity=True, tightness=0.4)
    exact = portfolio.solve(case, backend="highs", mip_gap=0.0, time_limit_s=60)
    assert exact.status == Status.OPTIMAL
    return case, exact.objective_value


@pytest.mark.parametrize("backend", BACKENDS)
def test_mip_gap_is_honoured_and_the_bound_is_valid(backend):
    case, best = gap_case()
    sol = portfolio.solve(case, backend=backend, mip_gap=0.05, time_limit_s=60)
    check_solution(case, sol, mip_gap=0.05)
    assert sol.status == Status.OPTIMAL
    assert sol.objective_value >= (1 - 0.05) * best - 1e-6
    assert sol.bound >= best - 1e-6 * max(1.0, best)  # a proven upper bound on a maximum


def ugly_case() -> Case:
    """Effects with nine decimals and budgets with cents: data no integer scaling below 1e-6 captures."""
    case = random_case(130, n_actions=10, equity=True, per_year=True)
    return derive(
        case,
        reach=tuple(r.model_copy(update={"effect": round(r.effect / 3, 9)}) for r in case.reach),
        domains=tuple(d.model_copy(update={"budget_eur": d.budget_eur + 0.3}) for d in case.domains),
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_status_is_honest_on_data_that_needs_rounding(backend):
    """A backend that can only solve a rounded model may answer, but never claims a proof it lacks."""
    case = ugly_case()
    best, _ = brute_force(case)
    sol = portfolio.solve(case, backend=backend)
    check_solution(case, sol)
    if sol.status == Status.OPTIMAL:
        assert sol.objective_value == pytest.approx(best, rel=REL, abs=1e-6)
    else:
        assert sol.status in (Status.FEASIBLE, Status.NO_SOLUTION), sol.status
    if sol.objective_value is not None:
        assert sol.objective_value <= best + 1e-6
    if sol.bound is not None:
        assert sol.bound >= best - 1e-6
