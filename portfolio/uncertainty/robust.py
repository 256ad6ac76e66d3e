"""Robust portfolios: the most jobs guaranteed when some effects fall to their low end (worst case, a budgeted
uncertainty set), or the best mean over the worst samples (CVaR), each solved exactly as one integer program.

Both are extra rules of the solver-neutral formulation (`build(case, extra_rules=[...])`), so every backend
solves them. Each adds a column holding its measure; `robust_portfolio` first maximises that column, then,
among the portfolios that reach the best measure, the jobs at the central effects.

**Worst case (`WorstCase`, rule "robust").** A scenario lets at most `gamma` reach rows fall from `effect` to
`effect_low`; the others keep their effect. For a portfolio, each chosen row r of group g may lose

    e_r = d_r + (d_r / J_r) * (the positive synergies of its action in g with other chosen actions),

with J_r = reach x effect and d_r = reach x (effect - effect_low). A group with k fallen rows counts
min(cap_g, N_g - (its k largest e_r)), N_g being its jobs before the cap at the central effects. The
*guaranteed jobs* are the least total over every way of spreading the gamma rows over the groups:

    G(x) = min over k_1 + ... + k_m <= gamma of sum_g min(cap_g, N_g - top_{k_g}(e in g)).

This is exact with the caps: because min(cap, .) is concave, the worst case is not one linear program, so each
group's loss with k rows is written through the Bertsimas-Sim dual (pi + p_r >= e_r, loss = k pi + sum p_r),
and the least total over the allocations of gamma through a dynamic program over the groups, whose rows
`phi[j,b] <= phi[j-1,b-k] + V[j,k]` the maximisation makes tight. Without synergies G(x) is exactly the
fewest jobs any such scenario counts (tests check it against all scenarios on tiny cases). Synergies are
counted on the safe side: a positive synergy loses its share for each of its two rows that falls (twice
when both fall, where it really loses the larger share once), and a negative synergy keeps its central size
(really it shrinks with the effects). G(x) is then at most, never more than, the true worst case.

**CVaR (`ConditionalValue`, rule "cvar").** Over sampled effects (sample average approximation), the mean
jobs of the worst `alpha` share of the samples, written as Rockafellar and Uryasev do:
max eta - sum_s u_s / (alpha N) with u_s >= eta - jobs_s, and jobs_s = sum_g y_gs, y_gs <= min(cap_g, the
sample's jobs before the cap).

The plan's rules hold at the central effects, as in every solve; the measures concern the jobs only.

**Saturation (spec 4.2).** A group with a curve f counts min(cap_g, f(N_g - top_k)) and min(cap_g, f(the
sample's jobs)): f is concave and increasing, so the largest losses are still the worst, and each count is
held below every line of f, which the maximisation makes tight.

**Phased cases (spec 4.1).** The jobs are those of the target year: a row's J_r and d_r are scaled by the
ramp share its start year reaches by then (one term per start column), and a synergy counts once both
actions run by the target year, as in the jobs model. Every portfolio is a plan (action -> start year).
"""

from __future__ import annotations

import math
from abc import abstractmethod
from collections.abc import Iterable, Mapping
from typing import ClassVar

from models import Case, Solution, SolverSettings, Status
from models.casedata import CaseData
from models.saturation import Curve
from models.uncertainty import Correlation, Distribution, MonteCarloResult, Optimise, PortfolioFigures, RobustResult
from portfolio.backends import RawStatus, get_backend
from portfolio.backends.auto import choose_backend
from portfolio.core.interrupt import complete
from portfolio.core.outcome import Outcome, outcome
from portfolio.core.tolerances import CHOSEN, slack
from portfolio.formulation import Formulation
from portfolio.formulation.build import build
from portfolio.formulation.model import Subject
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.rules.base import Rule
from portfolio.solve import earliest_plan, gap, solve, solve_formulation, solver_settings
from portfolio.sweeps.executor import Executor
from portfolio.uncertainty.montecarlo import NoPortfolio, monte_carlo
from portfolio.uncertainty.sampling import Samples, cvar, jobs_range
from portfolio.verify import VerificationError, verify


class RobustMeasure(Rule):
    """A rule that adds one column, `measure`, worth a robust measure of the chosen portfolio's jobs.

    With `at_least`, the measure must reach it (a row, and a check recomputed without a solver).
    """

    column_name: ClassVar[str]

    def __init__(self, at_least: float | None = None) -> None:
        self.at_least = at_least
        self.measure: int | None = None  # the measure's column, once added

    def needs_exact_jobs(self, data: CaseData) -> bool:
        # The measure counts synergies through the both[a,b] columns, so they must be the exact products.
        return True

    @abstractmethod
    def value(self, data: CaseData, plan: Plan) -> float:
        """The measure of the portfolio `plan` (ids, or action -> start year), computed without a solver."""

    def _measure(self, form: Formulation, lower: float, upper: float) -> int:
        self.measure = form.add_column(self.column_name, lower, upper)
        if self.at_least is not None:
            form.add_row(f"{self.column_name}_at_least", {self.measure: 1.0}, lower=self.at_least, rule=self.name)
        return self.measure

    def check(self, data: CaseData, result: Outcome):
        if self.at_least is not None:
            yield self.rule_check(f"{self.column_name}_at_least", (), self.value(data, result.plan), ">=",
                                  self.at_least)


Plan = Iterable[str] | Mapping[str, int]  # the chosen ids, or in a phased case action -> start year


def _columns(form: Formulation) -> dict[str, int]:
    return {c.name: j for j, c in enumerate(form.columns)}


def _terms(form: Formulation, data: CaseData, action: str, jobs: float) -> dict[int, float]:
    """Column -> coefficient of `jobs` of `action` counted in the target year: its select column, or in a
    phased case each start column with the ramp share that start reaches by the target year."""
    if not data.phased:
        return {form.action_columns[action]: jobs}
    shares = {s: data.ramp_at(action, data.target - s + 1) for s in data.windows[action]}
    return {form.start_columns[action, s]: jobs * share for s, share in shares.items() if share > 0}


def plan_of(form: Formulation, data: CaseData, values) -> list[str] | dict[str, int]:
    """The portfolio in a solver's column values: the chosen ids, or in a phased case action -> start year."""
    selected = [a for a, j in form.action_columns.items() if values[j] > CHOSEN]
    if not data.phased:
        return selected
    return {a: s for (a, s), j in form.start_columns.items() if a in selected and values[j] > CHOSEN}


def _uncapped(form: Formulation, data: CaseData, group: str, names: dict[str, int],
              synergy: dict[tuple[str, str, str], float] | None = None,
              direct: dict[tuple[str, str], float] | None = None) -> dict[int, float]:
    """Column -> coefficient of a group's jobs before the cap (direct jobs and synergies, of `data` by default)."""
    terms: dict[int, float] = {}
    for (a, g), jobs in (direct if direct is not None else data.direct_jobs).items():
        if g == group and jobs:
            for j, c in _terms(form, data, a, jobs).items():
                terms[j] = terms.get(j, 0.0) + c
    for (a, b, g), extra in (synergy if synergy is not None else data.synergy).items():
        if g == group and extra and f"both[{a},{b}]" in names:  # phased: none when both never run by then
            j = names[f"both[{a},{b}]"]
            terms[j] = terms.get(j, 0.0) + extra
    return terms


def _at_most(terms: dict[int, float], cap: float) -> float:
    return min(cap, math.fsum(v for v in terms.values() if v > 0))


def _at_least(terms: dict[int, float]) -> float:
    return min(0.0, math.fsum(v for v in terms.values() if v < 0))


# ------------------------------------------------------------------------------------------------ worst case


def losses(data: CaseData, plan: Plan) -> dict[str, list[float]]:
    """Group -> what each chosen reach row may lose when it falls to effect_low (e_r of the module docstring);
    in a phased case in the target year, the row's loss at its ramp share and synergies once both run."""
    result = outcome(data, plan)
    running = result.chosen
    if data.phased:
        running = frozenset(a for a, s in result.starts.items() if s <= data.target)
    out: dict[str, list[float]] = {g.group: [] for g in data.case.groups}
    for (a, g), (d, shares) in _loss_terms(data).items():
        if a in running:
            share = data.ramp_at(a, data.target - result.starts[a] + 1) if data.phased else 1.0
            out[g].append(d * share + math.fsum(s for b, s in shares.items() if b in running))
    return out


def _loss_terms(data: CaseData) -> dict[tuple[str, str], tuple[float, dict[str, float]]]:
    """(action, group) of each reach row that can fall -> (d_r, {partner action: the synergy share it loses})."""
    positive: dict[tuple[str, str], dict[str, float]] = {}
    for (a, b, g), extra in data.synergy.items():
        if extra > 0:
            positive.setdefault((a, g), {})[b] = extra
            positive.setdefault((b, g), {})[a] = extra
    out = {}
    for r in data.case.reach:
        low = r.effect if r.effect_low is None else r.effect_low
        d = r.reach * (r.effect - low)
        if d > 0:
            share = d / r.jobs
            out[r.action, r.group] = (d, {b: share * extra for b, extra in positive.get((r.action, r.group), {}).items()})
    return out


def guaranteed_jobs(data: CaseData, plan: Plan, gamma: int) -> float:
    """G(x): the jobs the portfolio `plan` (ids, or action -> start year) counts whenever at most `gamma`
    reach rows fall to effect_low, with synergies on the safe side (module docstring). No solver: top-k losses
    per group, then the least total over the ways to spread `gamma` rows over the groups."""
    plan = dict(plan) if isinstance(plan, Mapping) else frozenset(plan)
    result = outcome(data, plan)
    best = [0.0] * (gamma + 1)  # least total over the groups so far, with exactly b rows fallen
    for group, lost in losses(data, plan).items():
        lost = sorted(lost, reverse=True)
        before = result.jobs_uncapped[group]
        counted = [data.counted(group, before - math.fsum(lost[:k])) for k in range(gamma + 1)]
        best = [min(best[b - k] + counted[k] for k in range(b + 1)) for b in range(gamma + 1)]
    return best[gamma]


class WorstCase(RobustMeasure):
    """Rule "robust": the column `guaranteed_jobs` = G(x) of the module docstring at `gamma` fallen rows."""

    name = "robust"
    summary = "the jobs guaranteed when at most gamma reach rows fall to their low effect"
    column_name = "guaranteed_jobs"

    def __init__(self, gamma: int, at_least: float | None = None) -> None:
        if gamma < 0 or int(gamma) != gamma:
            raise ValueError("gamma is a whole number of reach rows, 0 or more")
        super().__init__(at_least)
        self.gamma = int(gamma)

    def value(self, data: CaseData, plan: Plan) -> float:
        return guaranteed_jobs(data, plan, self.gamma)

    def describe(self, data: CaseData, subject: Subject) -> str:
        worst = f"when any {self.gamma} reach row(s) fall to their low effect"
        if self.at_least is None:
            return f"the jobs the portfolio keeps {worst}"
        return f"the portfolio must keep at least {self.at_least:,.1f} jobs {worst}"

    def add(self, form: Formulation, data: CaseData) -> None:
        names, gamma = _columns(form), self.gamma
        terms = _loss_terms(data)
        tag = {"rule": self.name}
        counted: list[list[int]] = []  # per pool of groups: V[pool,k] for k = 0 .. its rows that can fall
        low_total, high_total = 0.0, 0.0
        pools = _pools(form, data, names)
        for pool, cap, groups in pools:
            before: dict[int, float] = {}
            for g in groups:
                for j, c in _uncapped(form, data, g, names).items():
                    before[j] = before.get(j, 0.0) + c
            rows = []  # per row that can fall: its name and column -> coefficient of its loss e_r
            for (a, g), (d, shares) in terms.items():
                if g in groups:
                    e = _terms(form, data, a, d)
                    for b, share in shares.items():
                        both = "both[{},{}]".format(*sorted((a, b)))
                        if both in names:
                            e[names[both]] = share
                    if e:
                        rows.append((f"{a},{g}", e))
            lower, upper = _at_least(before) - math.fsum(v for _r, e in rows for v in e.values()), _at_most(before, cap)
            v_pool: list[int | None] = []
            for k in range(min(gamma, len(rows)) + 1):
                if len(pools) == 1 and k < min(gamma, len(rows)):  # one pool: only its worst case counts
                    v_pool.append(None)
                    continue
                v = form.add_column(f"robust_jobs[{pool},{k}]", lower, upper)
                loss: dict[int, float] = {}
                if k == len(rows):  # every row falls: the loss is the sum
                    for _r, e in rows:
                        for j, c in e.items():
                            loss[j] = loss.get(j, 0.0) + c
                elif k > 0:  # the k largest losses, through the dual of max {sum e_r z_r : sum z_r <= k, z <= 1}
                    pi = form.add_column(f"robust_pi[{pool},{k}]", 0.0, max(math.fsum(e.values()) for _r, e in rows))
                    loss[pi] = float(k)
                    for r, e in rows:
                        p = form.add_column(f"robust_p[{pool},{k},{r}]", 0.0, math.fsum(e.values()))
                        form.add_row(f"robust_dual[{pool},{k},{r}]", {pi: 1.0, p: 1.0, **{j: -c for j, c in e.items()}},
                                     lower=0.0, subject=(pool, k, r), **tag)
                        loss[p] = 1.0
                row = {v: 1.0, **{j: -c for j, c in before.items()}}
                for j, c in loss.items():
                    row[j] = row.get(j, 0.0) + c
                form.add_row(f"robust_count[{pool},{k}]", row, upper=0.0, subject=(pool, k), **tag)
                if pool in data.curves:
                    _below_curve(form, f"robust_count[{pool},{k}]", v, row, data.curves[pool], (pool, k), tag)
                v_pool.append(v)
            counted.append(v_pool)
            low_total, high_total = low_total + lower, high_total + upper
        theta = self._measure(form, low_total, high_total)
        # phi[b]: the least total of the pools so far with b rows fallen (a column for each pool after the first)
        phi = [counted[0][min(b, len(counted[0]) - 1)] for b in range(gamma + 1)]
        for j, v_pool in enumerate(counted[1:], start=1):
            last = j == len(counted) - 1
            nxt = {}
            for b in [gamma] if last else range(gamma + 1):
                f = theta if last else form.add_column(f"robust_phi[{j},{b}]", low_total, high_total)
                for k in range(min(b, len(v_pool) - 1) + 1):  # more rows than a pool has change nothing there
                    coefs = {f: 1.0, phi[b - k]: -1.0}
                    coefs[v_pool[k]] = coefs.get(v_pool[k], 0.0) - 1.0
                    form.add_row(f"robust_min[{j},{b},{k}]", coefs, upper=0.0, subject=(j, b, k), **tag)
                nxt[b] = f
            phi = [nxt.get(b) for b in range(gamma + 1)]
        if len(counted) == 1:
            form.add_row("robust_min", {theta: 1.0, phi[gamma]: -1.0}, upper=0.0, **tag)


def _pools(form: Formulation, data: CaseData, names: dict[str, int]) -> list[tuple[str, float, set[str]]]:
    """The groups as the worst case treats them: each group whose cap can bind on its own or that has a
    saturation curve, and one pool `*` of all other groups (their jobs can never reach their cap). Without a
    cap the groups' losses simply add up, so the pool's k largest losses over all its rows are the least its
    groups can count with k rows fallen: the same value with fewer rows."""
    free, pools = set(), []
    for group in data.case.groups:
        reach = math.fsum(v for v in _uncapped(form, data, group.group, names).values() if v > 0)
        if group.group not in data.curves and reach <= group.max_extra_jobs:
            free.add(group.group)
        else:
            pools.append((group.group, group.max_extra_jobs, {group.group}))
    return ([("*", math.inf, free)] if free else []) + pools


def _below_curve(form: Formulation, name: str, v: int, row: dict[int, float], curve: Curve, subject: Subject,
                 tag: dict) -> None:
    """Rows holding column `v` at or below f(u) for the group's saturation curve f (spec 4.2), where `row` is
    the row v - u <= 0 of its jobs u before the cap: v <= each line of f. The measures maximise v, so it
    reaches min(cap, f(u)) (the cap is v's upper bound)."""
    u = {j: -c for j, c in row.items() if j != v}
    for k, piece in enumerate(curve.pieces()[1:], start=1):
        form.add_row(f"{name}[{k}]", {v: 1.0, **{j: -piece.slope * c for j, c in u.items()}},
                     upper=piece.intercept, subject=subject, **tag)


# ------------------------------------------------------------------------------------------------ CVaR


class ConditionalValue(RobustMeasure):
    """Rule "cvar": the column `cvar_jobs` = the mean jobs of the worst `alpha` share of the samples."""

    name = "cvar"
    summary = "the mean jobs of the worst alpha share of the sampled effects"
    column_name = "cvar_jobs"

    def __init__(self, samples: Samples, alpha: float, at_least: float | None = None) -> None:
        if not 0 < alpha <= 1:
            raise ValueError("alpha is a share of the samples, above 0 and at most 1")
        super().__init__(at_least)
        self.samples, self.alpha = samples, alpha

    def value(self, data: CaseData, plan: Plan) -> float:
        return cvar(self.samples.jobs(plan), self.alpha)

    def describe(self, data: CaseData, subject: Subject) -> str:
        worst = f"the worst {self.alpha:.0%} of the {len(self.samples)} samples"
        if self.at_least is None:
            return f"the mean jobs of {worst}"
        return f"{worst} must average at least {self.at_least:,.1f} jobs"

    def add(self, form: Formulation, data: CaseData) -> None:
        names, tag = _columns(form), {"rule": self.name}
        totals: list[dict[int, float]] = []  # per sample: the columns of its jobs
        low, high = 0.0, 0.0  # bounds of any sample's jobs
        for s, sample in enumerate(self.samples.data, start=1):
            total: dict[int, float] = {}
            low_s, high_s = 0.0, 0.0
            for group in data.case.groups:
                g = group.group
                before = _uncapped(form, data, g, names, sample.synergy, sample.direct_jobs)
                lower, upper = _at_least(before), _at_most(before, group.max_extra_jobs)
                low_s, high_s = low_s + lower, high_s + upper
                most = math.fsum(v for v in before.values() if v > 0)
                if g not in data.curves and most <= group.max_extra_jobs:
                    for j, c in before.items():  # the cap cannot bind: the jobs before it count
                        total[j] = total.get(j, 0.0) + c
                    continue
                y = form.add_column(f"cvar_group[{g},{s}]", lower, upper)
                row = {y: 1.0, **{j: -c for j, c in before.items()}}
                form.add_row(f"cvar_count[{g},{s}]", row, upper=0.0, subject=(g, s), **tag)
                if g in data.curves:
                    _below_curve(form, f"cvar_count[{g},{s}]", y, row, data.curves[g], (g, s), tag)
                total[y] = 1.0
            totals.append(total)
            low, high = min(low, low_s), max(high, high_s)
        eta = form.add_column("cvar_eta", low, high)
        tail = {}
        for s, total in enumerate(totals, start=1):
            u = form.add_column(f"cvar_short[{s}]", 0.0, high - low)
            form.add_row(f"cvar_tail[{s}]", {u: 1.0, eta: -1.0, **total}, lower=0.0, subject=(s,), **tag)
            tail[u] = 1.0 / (self.alpha * len(totals))
        theta = self._measure(form, low, high)
        form.add_row("cvar_mean", {theta: 1.0, eta: -1.0, **tail}, upper=0.0, **tag)


# ------------------------------------------------------------------------------------------------ solving


def figures(name: str, plan: Plan, status: str, data: CaseData, gamma: int, alpha: float,
            drawn: Samples | None) -> PortfolioFigures:
    """A portfolio (ids, or action -> start year) at the central effects, in the worst case at `gamma`, and
    over the samples (no solver)."""
    result = outcome(data, plan)
    plan = result.plan
    jobs = drawn.jobs(plan) if drawn is not None else None
    return PortfolioFigures(
        name=name, selected=list(result.selected), start_year=dict(result.starts) if data.phased else None,
        status=status, jobs=result.jobs_total,
        cost_eur=result.cost_total_eur, guaranteed_jobs=guaranteed_jobs(data, plan, gamma),
        cvar_jobs=cvar(jobs, alpha) if jobs else None, samples=jobs_range(jobs) if jobs else None,
    )


def robust_portfolio(case: Case, optimise: Optimise = "worst_case", gamma: int = 3, alpha: float = 0.1, *,
                     drawn: Samples | None = None, nominal: Solution | None = None,
                     settings: SolverSettings | None = None, rules: RuleSet = DEFAULT_RULES) -> RobustResult:
    """The portfolio with the most guaranteed jobs at `gamma` (worst_case), or the best mean of the worst
    `alpha` share of the samples `drawn` (cvar), beside the nominal optimum; of the portfolios with the best
    measure, the one with the most jobs at the central effects. Every portfolio keeps `rules`.

    Raises ValueError for a min_cost case or cvar without samples, NoPortfolio when the case has no portfolio,
    VerificationError when a solver's portfolio breaks a rule or its measure is not what the checker finds,
    Stopped when Ctrl-C stopped the solve of the nominal case.
    """
    if case.objective != "max_jobs":
        raise ValueError("a robust portfolio maximises jobs; the case's objective is min_cost (set max_jobs)")
    if optimise == "cvar" and drawn is None:
        raise ValueError("cvar is taken over sampled effects; give the samples")
    settings = solver_settings(case, settings)
    data = CaseData.of(case)
    nominal = nominal or complete(solve(case, settings, rules=rules), "the nominal case")
    if not nominal.status.has_portfolio:
        raise NoPortfolio(nominal)

    def rule(at_least: float | None = None) -> RobustMeasure:
        return WorstCase(gamma, at_least) if optimise == "worst_case" else ConditionalValue(drawn, alpha, at_least)

    first = rule()
    form = build(case, data=data, extra_rules=[first], rules=rules)
    form.set_objective({first.measure: 1.0}, "max", optimise)
    backend = choose_backend(form, settings) if settings.backend == "auto" else settings.backend
    raw = get_backend(backend).solve(form, settings)
    notes, elapsed, interrupted = [], raw.time_s, raw.report.interrupted
    side = {"gamma": gamma, "alpha": alpha, "data": data, "drawn": drawn}
    base = dict(optimise=optimise, gamma=gamma, alpha=alpha if drawn is not None else None, backend=backend,
                nominal=figures("nominal", nominal.plan, nominal.status.value, **side))
    if raw.values is None:  # stopped before any portfolio (the nominal one always satisfies the rules)
        return RobustResult(**base, status=raw.status.value, solve_time_s=elapsed, robust=None, added=[], removed=[],
                            notes=[raw.message], interrupted=raw.report.interrupted)
    plan = plan_of(form, data, raw.values)
    verify(case, plan, data, rules=rules)
    best = first.value(data, plan)
    if raw.exact and abs(best - raw.objective) > slack(best):
        raise VerificationError(f"the {optimise} model valued {plan} at {raw.objective!r}; "
                                f"recomputed without a solver it is {best!r}")
    status = Status.OPTIMAL if raw.status == RawStatus.OPTIMAL and raw.exact else Status.FEASIBLE
    if not interrupted:
        second = rule(best - slack(best))
        tied_form = build(case, data=data, extra_rules=[second], rules=rules)
        tied = solve_formulation(case, tied_form, settings, data, rules=rules)
        if data.phased and tied.status == Status.OPTIMAL:  # ties in start years: the earliest, as solve
            tied = earliest_plan(case, tied_form, settings, data, tied, rules)
        elapsed += tied.solve_time_s
        interrupted = tied.details.report.interrupted
        if tied.status.has_portfolio:
            verify(case, tied.plan, data, extra_rules=[second], rules=rules)
            plan = tied.plan
        else:
            notes.append(f"the portfolio with the most jobs at that {optimise} value was not found "
                         f"({tied.status.value}); the first one found is shown")
    robust = figures("robust", plan, status.value, **side)
    return RobustResult(
        **base, status=status.value, bound=raw.bound, gap=gap(raw.objective, raw.bound, "max"),
        solve_time_s=round(elapsed, 6), robust=robust,
        added=[a for a in robust.selected if a not in nominal.selected],
        removed=[a for a in nominal.selected if a not in robust.selected], notes=notes, interrupted=interrupted,
    )


def study(case: Case, samples: int = 200, seed: int = 0, dist: Distribution = "triangular",
          correlation: Correlation = "independent", *, optimise: Optimise | None = None, gamma: int = 3,
          alpha: float = 0.1, target_jobs: float | None = None, executor: Executor | None = None,
          rules: RuleSet = DEFAULT_RULES, solve_samples: bool | None = None) -> MonteCarloResult:
    """What `portfolio robust` computes: Monte Carlo over the effect ranges and, with `optimise`, the robust
    portfolio beside the nominal one (judged over the same samples); every solve keeps `rules`.

    `solve_samples`: solve every sample for the selection frequencies (default: yes, except for the worst
    case, which needs no sample: the samples then only judge the nominal and robust portfolios, no solver).
    Raises NoPortfolio, Stopped and TaskFailed as monte_carlo does."""
    drawn = Samples.draw(case, samples, seed, dist, correlation)
    nominal = complete(solve(case, rules=rules), "the nominal case")
    if not nominal.status.has_portfolio:
        raise NoPortfolio(nominal)
    if solve_samples is None:
        solve_samples = optimise != "worst_case"
    result = monte_carlo(case, drawn=drawn, target_jobs=target_jobs, executor=executor, nominal=nominal,
                         rules=rules, solve_samples=solve_samples)
    if optimise is None or result.interrupted:
        return result
    found = robust_portfolio(case, optimise, gamma, alpha, drawn=drawn, nominal=nominal, rules=rules)
    return result.model_copy(update={"robust": found, "interrupted": found.interrupted})
