"""Formulation tests without a solver: row and column names, coefficients, bounds, objective, per rule."""

from __future__ import annotations

import itertools
import math

import pytest

import inputs
from portfolio.instances.generate import derive, random_case
from models import Action, Barrier, BudgetYear, Case, Cost, Domain, Group, Reach, Rules, Synergy
from models.casedata import CaseData
from portfolio.core.tolerances import holds
from portfolio.formulation import INF, Formulation
from portfolio.formulation.build import build
from portfolio.verify import evaluate

# --------------------------------------------------------------------------- helpers


def template() -> Case:
    return inputs.load_case(inputs.bundled_case_path("template"))


def coefs(form: Formulation, row: str) -> dict[str, float]:
    """Row coefficients keyed by column name."""
    return {form.columns[j].name: v for j, v in form.row(row).coefs.items()}


def names(form: Formulation, prefix: str) -> set[str]:
    return {r.name for r in form.rows if r.name.startswith(prefix)} | {
        c.name for c in form.columns if c.name.startswith(prefix)
    }


def tiny(
    *,
    caps=(1000, 1000),
    shares=None,
    objective="max_jobs",
    jobs_target=None,
    synergies=(),
    rules=None,
    budgets=None,
    cost_years=None,
) -> Case:
    """Three actions, two groups (A, B), two domains; every rule off unless asked."""
    reach = [
        Reach(action="a1", group="A", reach=100, effect=0.1),  # 10 jobs in A
        Reach(action="a2", group="B", reach=1000, effect=0.1),  # 100 jobs in B
        Reach(action="a3", group="A", reach=50, effect=0.1),  # 5 jobs in A
        Reach(action="a3", group="B", reach=200, effect=0.05),  # 10 jobs in B
    ]
    years = cost_years or {}
    costs = [
        Cost(action="a1", domain="d1", cost_eur=1000, year=years.get("a1")),
        Cost(action="a2", domain="d1", cost_eur=1000, year=years.get("a2")),
        Cost(action="a3", domain="d2", cost_eur=500, year=years.get("a3")),
        Cost(action="a3", domain="d1", cost_eur=250, year=years.get("a3")),
    ]
    return Case(
        name="tiny",
        objective=objective,
        jobs_target=jobs_target,
        domains=(
            Domain(domain="d1", name="D1", budget_eur=2000),
            Domain(domain="d2", name="D2", budget_eur=500),
        ),
        groups=(
            Group(group="A", name="A", population=1000, max_extra_jobs=caps[0]),
            Group(group="B", name="B", population=1000, max_extra_jobs=caps[1]),
        ),
        barriers=(
            Barrier(barrier="p", name="P", priority=True),
            Barrier(barrier="q", name="Q", priority=False),
        ),
        actions=(
            Action(action="a1", name="1", lead_domain="d1", barriers=("p",)),
            Action(action="a2", name="2", lead_domain="d1", barriers=("q",)),
            Action(action="a3", name="3", lead_domain="d2", barriers=("p", "q")),
        ),
        costs=tuple(costs),
        reach=tuple(reach),
        synergies=tuple(synergies),
        budgets=budgets,
        rules=Rules(
            **{"min_actions_per_priority_barrier": 0, **(rules or {}), "min_group_share": shares or {}}
        ),
    )


def completion(form: Formulation, case: Case, selected) -> list[float]:
    """Column values the formulation should take for the portfolio `selected` (exact products and jobs)."""
    ev = evaluate(case, selected)
    chosen = set(selected)
    values = [0.0] * len(form.columns)
    for a, j in form.action_columns.items():
        values[j] = 1.0 if a in chosen else 0.0
    for j, col in enumerate(form.columns):
        if col.name.startswith("both["):
            a, b = col.name[5:-1].split(",")
            values[j] = 1.0 if a in chosen and b in chosen else 0.0
        elif col.name.startswith("at_cap["):
            g = col.name[7:-1]
            values[j] = 1.0 if ev.jobs_uncapped[g] > case_group(case, g).max_extra_jobs else 0.0
    for g, j in form.group_columns.items():
        values[j] = ev.jobs_by_group[g]
    return values


def case_group(case: Case, g: str) -> Group:
    return next(x for x in case.groups if x.group == g)


def violated(form: Formulation, values: list[float]) -> list[str]:
    """Names of rows and columns whose bounds `values` break, with verify's tolerance."""
    out = []
    for r in form.rows:
        v = math.fsum(c * values[j] for j, c in r.coefs.items())
        if (r.lower > -INF and not holds(v, ">=", r.lower)) or (r.upper < INF and not holds(v, "<=", r.upper)):
            out.append(r.name)
    for c, v in zip(form.columns, values, strict=True):
        if not (holds(v, ">=", c.lower) and holds(v, "<=", c.upper)):
            out.append(c.name)
    return out


# --------------------------------------------------------------------------- the template case


def test_template_columns_and_objective():
    form = build(template())
    assert form.sense == "max"
    for a in ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08"):
        col = form.column(f"select[{a}]")
        assert (col.lower, col.upper, col.integer, col.objective) == (0, 1, True, 0.0)
        assert form.action_columns[a] == form.columns.index(col)
    for g in ("nieuwkomers", "ouders", "jongeren"):
        col = form.column(f"jobs[{g}]")
        assert not col.integer and col.objective == 1.0
        assert form.group_columns[g] == form.columns.index(col)
    # no other column carries objective weight
    assert {c.name for c in form.columns if c.objective} == {
        "jobs[nieuwkomers]",
        "jobs[ouders]",
        "jobs[jongeren]",
    }
    assert "jobs_target" not in names(form, "jobs_target")


def test_template_jobs_bounds_are_min_of_cap_and_positive_sum():
    form = build(template())
    # nieuwkomers: 30 + 96 + 75 + 20 + 18 + synergy 20 = 259 < cap 600
    assert form.column("jobs[nieuwkomers]").upper == pytest.approx(259)
    # ouders: 60 + 150 + 50 + 16 = 276 < cap 500; negative synergy -15 gives the lower bound
    assert form.column("jobs[ouders]").upper == pytest.approx(276)
    assert form.column("jobs[ouders]").lower == pytest.approx(-15)
    assert form.column("jobs[jongeren]").upper == pytest.approx(115)
    assert form.column("jobs[jongeren]").lower == 0


def test_template_uncapped_rows_are_equalities_when_the_cap_cannot_bind():
    form = build(template())
    for g in ("nieuwkomers", "ouders", "jongeren"):
        row = form.row(f"uncapped[{g}]")
        assert row.lower == row.upper == 0
    assert coefs(form, "uncapped[nieuwkomers]") == pytest.approx(
        {
            "jobs[nieuwkomers]": 1,
            "select[T02]": -30,
            "select[T04]": -96,
            "select[T05]": -75,
            "select[T06]": -20,
            "select[T08]": -18,
            "both[T04,T05]": -20,
        }
    )
    assert coefs(form, "uncapped[ouders]")["both[T01,T03]"] == pytest.approx(15)
    # the share rule is set, but no cap can bind: no exact-min rows needed
    assert not names(form, "at_cap[") and not names(form, "jobs_ge_")


def test_template_budget_rows():
    form = build(template())
    assert coefs(form, "budget[werk]") == {
        "select[T04]": 1_000_000,
        "select[T05]": 800_000,
        "select[T08]": 500_000,
    }
    assert form.row("budget[werk]").upper == 3_000_000 and form.row("budget[werk]").lower == -INF
    # T05 is co-financed by welzijn in 2027 only
    assert coefs(form, "budget[welzijn]")["select[T05]"] == 100_000
    assert "select[T05]" not in coefs(form, "budget[welzijn,2026]")
    assert coefs(form, "budget[welzijn,2027]")["select[T05]"] == 100_000
    assert coefs(form, "budget[werk,2027]") == {
        "select[T04]": 500_000,
        "select[T05]": 400_000,
        "select[T08]": 250_000,
    }
    assert form.row("budget[werk,2027]").upper == 1_500_000
    assert coefs(form, "budget[mobiliteit,2026]") == {"select[T06]": 80_000, "select[T07]": 300_000}
    assert names(form, "budget[") == {
        "budget[werk]", "budget[welzijn]", "budget[mobiliteit]",
        *(f"budget[{d},{y}]" for d in ("werk", "welzijn", "mobiliteit") for y in (2026, 2027)),
    }  # fmt: skip


def test_template_overlap_requires_cover_lead_share():
    form = build(template())
    assert coefs(form, "overlap[opvang]") == {"select[T01]": 1, "select[T02]": 1}
    assert form.row("overlap[opvang]").upper == 1
    assert coefs(form, "requires[T05,T04]") == {"select[T05]": 1, "select[T04]": -1}
    assert form.row("requires[T05,T04]").upper == 0
    assert names(form, "requires[") == {"requires[T05,T04]", "requires[T07,T06]"}
    # priority barriers only; digitale_vaardigheden is not a priority
    assert names(form, "cover[") == {"cover[zorgtaken]", "cover[integratie_taal]", "cover[mobiliteit]"}
    assert coefs(form, "cover[zorgtaken]") == {"select[T01]": 1, "select[T02]": 1, "select[T03]": 1}
    assert form.row("cover[zorgtaken]").lower == 1 and form.row("cover[zorgtaken]").upper == INF
    assert names(form, "lead[") == {"lead[werk]", "lead[welzijn]", "lead[mobiliteit]"}
    assert coefs(form, "lead[mobiliteit]") == {"select[T06]": 1, "select[T07]": 1}
    assert form.row("lead[werk]").lower == 1
    # jobs[nieuwkomers] >= 0.15 * (sum of jobs)  <=>  0.85 z_n - 0.15 z_o - 0.15 z_j >= 0
    assert coefs(form, "share[nieuwkomers]") == pytest.approx(
        {"jobs[nieuwkomers]": 0.85, "jobs[ouders]": -0.15, "jobs[jongeren]": -0.15}
    )
    assert form.row("share[nieuwkomers]").lower == 0
    assert not names(form, "max_actions") and not names(form, "locked_")


def test_template_synergy_products():
    form = build(template())
    assert names(form, "both[") == {"both[T04,T05]", "both[T01,T03]", "both[T06,T07]"}
    col = form.column("both[T01,T03]")
    assert (col.lower, col.upper, col.integer) == (0, 1, False)
    assert coefs(form, "both_le[T01,T03,T01]") == {"both[T01,T03]": 1, "select[T01]": -1}
    assert form.row("both_le[T01,T03,T01]").upper == 0
    assert coefs(form, "both_le[T01,T03,T03]") == {"both[T01,T03]": 1, "select[T03]": -1}
    assert coefs(form, "both_ge[T01,T03]") == {"both[T01,T03]": 1, "select[T01]": -1, "select[T03]": -1}
    assert form.row("both_ge[T01,T03]").lower == -1


def test_template_names_unique_and_indices_valid():
    form = build(template())
    all_names = [c.name for c in form.columns] + [r.name for r in form.rows]
    assert len(all_names) == len(set(all_names))
    for r in form.rows:
        assert all(0 <= j < len(form.columns) for j in r.coefs)
        assert r.lower <= r.upper


def test_template_min_cost_objective_and_target_row():
    case = derive(template(), objective="min_cost", jobs_target=300.0)
    form = build(case)
    assert form.sense == "min"
    data = CaseData.of(case)
    for a, j in form.action_columns.items():
        assert form.columns[j].objective == data.cost_total[a]
    assert form.column("select[T05]").objective == 900_000  # 400k + 400k werk + 100k welzijn
    assert all(form.columns[j].objective == 0 for j in form.group_columns.values())
    assert coefs(form, "jobs_target") == {"jobs[nieuwkomers]": 1, "jobs[ouders]": 1, "jobs[jongeren]": 1}
    assert form.row("jobs_target").lower == 300 and form.row("jobs_target").upper == INF


# --------------------------------------------------------------------------- small cases, one rule each


def test_caps_bind_relaxed_without_equity():
    form = build(tiny(caps=(12, 50)))
    # A: positive sum 15 > cap 12 -> bound 12 and a <= row; B: 110 > 50
    assert form.column("jobs[A]").upper == 12 and form.column("jobs[B]").upper == 50
    for g in ("A", "B"):
        row = form.row(f"uncapped[{g}]")
        assert row.upper == 0 and row.lower == -INF
    assert not form.exact_jobs
    assert not names(form, "at_cap[") and not names(form, "jobs_ge_")


def test_caps_bind_exact_min_rows_only_with_equity():
    form = build(tiny(caps=(12, 50), shares={"A": 0.2}))
    assert form.exact_jobs
    for g, cap, high in (("A", 12, 15), ("B", 50, 110)):
        u = form.column(f"at_cap[{g}]")
        assert (u.lower, u.upper, u.integer) == (0, 1, True)
        # jobs >= cap when at_cap, big-M = cap - low (low = 0 here)
        assert coefs(form, f"jobs_ge_cap[{g}]") == {f"jobs[{g}]": 1, f"at_cap[{g}]": -cap}
        assert form.row(f"jobs_ge_cap[{g}]").lower == 0
        # jobs >= uncapped unless at_cap, big-M = high - cap
        row = coefs(form, f"jobs_ge_uncapped[{g}]")
        assert row[f"at_cap[{g}]"] == pytest.approx(high - cap)
        assert row[f"jobs[{g}]"] == 1
        assert form.row(f"jobs_ge_uncapped[{g}]").lower == 0
    assert coefs(form, "share[A]") == pytest.approx({"jobs[A]": 0.8, "jobs[B]": -0.2})


def test_exact_min_rows_follow_jobs_model():
    case = tiny(caps=(12, 50), shares={"A": 0.2})
    assert names(build(case, "relaxed"), "at_cap[") == set()
    assert build(case, "relaxed").row("share[A]")  # the share row stays
    assert names(build(tiny(caps=(12, 50)), "exact"), "at_cap[") == {"at_cap[A]", "at_cap[B]"}
    # a zero share does not switch on the exact model
    assert not build(tiny(caps=(12, 50), shares={"A": 0.0})).exact_jobs


def test_cap_that_always_binds():
    # B's cap 0: jobs[B] is pinned to 0 without a binary
    form = build(tiny(caps=(1000, 0), shares={"A": 0.5}))
    assert form.column("jobs[B]").upper == 0
    assert "at_cap[B]" not in names(form, "at_cap[")
    assert form.row("jobs_ge_cap[B]").lower == 0


def test_negative_synergy_gives_negative_lower_bound_and_big_m():
    syn = (Synergy(action_a="a1", action_b="a3", group="A", extra_jobs=-4),)
    form = build(tiny(caps=(12, 50), shares={"B": 0.1}, synergies=syn))
    assert form.column("jobs[A]").lower == -4
    assert form.column("jobs[A]").upper == 12
    assert coefs(form, "jobs_ge_cap[A]") == {"jobs[A]": 1, "at_cap[A]": -(12 + 4)}
    assert form.row("jobs_ge_cap[A]").lower == -4
    assert coefs(form, "uncapped[A]")["both[a1,a3]"] == 4


def test_max_actions_and_locks():
    form = build(tiny(rules={"max_actions": 2, "locked_in": ("a1",), "locked_out": ("a2",)}))
    assert coefs(form, "max_actions") == {"select[a1]": 1, "select[a2]": 1, "select[a3]": 1}
    assert form.row("max_actions").upper == 2
    assert coefs(form, "locked_in[a1]") == {"select[a1]": 1} and form.row("locked_in[a1]").lower == 1
    assert coefs(form, "locked_out[a2]") == {"select[a2]": 1} and form.row("locked_out[a2]").upper == 0
    assert "max_actions" not in names(build(tiny()), "max_actions")


def test_max_actions_zero_is_a_row():
    assert build(tiny(rules={"max_actions": 0})).row("max_actions").upper == 0


def test_coverage_and_participation_follow_their_settings():
    off = build(tiny())
    assert not names(off, "cover[") and not names(off, "lead[")
    on = build(tiny(rules={"min_actions_per_priority_barrier": 2, "min_actions_per_domain": 1}))
    assert names(on, "cover[") == {"cover[p]"}
    assert coefs(on, "cover[p]") == {"select[a1]": 1, "select[a3]": 1}
    assert on.row("cover[p]").lower == 2
    assert coefs(on, "lead[d1]") == {"select[a1]": 1, "select[a2]": 1}
    assert coefs(on, "lead[d2]") == {"select[a3]": 1}


def test_cover_row_kept_for_a_barrier_nobody_addresses():
    case = tiny(rules={"min_actions_per_priority_barrier": 1})
    barriers = case.barriers + (Barrier(barrier="r", name="R", priority=True),)
    form = build(derive(case, barriers=barriers))
    assert form.row("cover[r]").coefs == {} and form.row("cover[r]").lower == 1


def test_overlap_row_only_for_two_or_more_members():
    case = tiny()
    actions = tuple(
        a.model_copy(update={"overlap_group": {"a1": "x", "a2": "x", "a3": "solo"}[a.action]})
        for a in case.actions
    )
    form = build(derive(case, actions=actions))
    assert names(form, "overlap[") == {"overlap[x]"}
    assert coefs(form, "overlap[x]") == {"select[a1]": 1, "select[a2]": 1}


def test_per_year_budget_rows():
    budgets = (
        BudgetYear(domain="d1", year=2027, budget_eur=1500),
        BudgetYear(domain="d1", year=2028, budget_eur=900),
        BudgetYear(domain="d2", year=2027, budget_eur=400),
    )
    form = build(tiny(budgets=budgets, cost_years={"a1": 2027, "a2": 2028, "a3": 2027}))
    assert coefs(form, "budget[d1,2027]") == {"select[a1]": 1000, "select[a3]": 250}
    assert form.row("budget[d1,2027]").upper == 1500
    assert coefs(form, "budget[d1,2028]") == {"select[a2]": 1000}
    assert coefs(form, "budget[d2,2027]") == {"select[a3]": 500}
    assert form.row("budget[d1]").upper == 2000


def test_min_cost_row_and_objective_on_a_small_case():
    form = build(tiny(objective="min_cost", jobs_target=15.0))
    assert form.sense == "min"
    assert [form.column(f"select[{a}]").objective for a in ("a1", "a2", "a3")] == [1000, 1000, 750]
    assert coefs(form, "jobs_target") == {"jobs[A]": 1, "jobs[B]": 1}
    assert form.row("jobs_target").lower == 15


# ------------------------------------------------------------ the formulation means what verify checks


def _cases_for_enumeration():
    yield "template", template()
    yield "tiny-equity-caps", tiny(caps=(12, 50), shares={"A": 0.2}, rules={"max_actions": 2})
    for seed in range(8):
        yield (
            f"random-{seed}",
            random_case(
                seed,
                n_actions=7 + seed % 3,
                objective="min_cost" if seed % 2 else "max_jobs",
                per_year=seed % 3 == 0,
                equity=seed % 2 == 0,
                locks=seed % 4 == 1,
                max_actions=4 if seed % 4 == 2 else None,
                tightness=0.4 + 0.1 * (seed % 4),
            ),
        )


@pytest.mark.parametrize("jobs_model", ["auto", "exact", "relaxed"])
@pytest.mark.parametrize(
    "label,case", list(_cases_for_enumeration()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_portfolio_satisfies_the_rows_exactly_when_verify_accepts_it(label, case, jobs_model):
    """For each of the 2^n portfolios, completing it with its true products and jobs satisfies every
    row and bound iff verify accepts the portfolio; and the objective row gives verify's objective."""
    form = build(case, jobs_model)
    ids = [a.action for a in case.actions]
    for k in range(len(ids) + 1):
        for subset in itertools.combinations(ids, k):
            values = completion(form, case, subset)
            ev = evaluate(case, subset)
            broken = violated(form, values)
            assert (not broken) == ev.feasible, (label, subset, broken, [c.name for c in ev.violations])
            assert form.objective_value(values) == pytest.approx(ev.objective_value(case.objective), abs=1e-6)


@pytest.mark.parametrize(
    "label,case", list(_cases_for_enumeration()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_exact_model_pins_jobs_to_the_capped_value(label, case):
    """In the exact model no group may be counted below min(cap, uncapped): lowering any jobs[g]
    by one job (with either value of its at_cap binary) breaks a row."""
    form = build(case, "exact")
    ids = [a.action for a in case.actions]
    for k in range(len(ids) + 1):
        for subset in itertools.combinations(ids, k):
            base = completion(form, case, subset)
            for g, j in form.group_columns.items():
                for at_cap in (0.0, 1.0):
                    values = list(base)
                    values[j] -= 1.0
                    if f"at_cap[{g}]" in names(form, "at_cap["):
                        values[form.columns.index(form.column(f"at_cap[{g}]"))] = at_cap
                    jobs_rows = [
                        n for n in violated(form, values) if n.startswith(("uncapped[", "jobs_ge_", "jobs["))
                    ]
                    assert jobs_rows, (label, subset, g, at_cap)
