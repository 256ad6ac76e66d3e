"""`auto`: pick the backend for the problem at hand, by the rule measured in benchmarks/README.md."""

from __future__ import annotations

from models.solver import SolverSettings
from portfolio.backends import NAMES, backend_class
from portfolio.formulation import Formulation

# Above this many actions HiGHS was the most even on cases with equity shares or synergies
# (gen200 seeds: 2.6-24.7 s, where CBC took up to 52 s); below it every backend takes seconds.
SMALL_ACTIONS = 100


def preference(form: Formulation, settings: SolverSettings) -> tuple[list[str], str]:
    """Backends in the order `auto` tries them, and why the first one leads.

    HiGHS leads everywhere. CBC 2.10.3 (the one PuLP bundles) was 3-10x faster on pure knapsack shapes
    (benchmarks/README.md), but it calls some worse portfolios optimal (issue 16: 2 of 173 random cases), so
    its proof counts only once HiGHS confirms that nothing better exists, and that check took about as long
    as HiGHS alone (benchmarks/README.md, "Confirming CBC"). SCIP follows, never with threads > 1 (its
    concurrent mode stops early here); CP-SAT last: it gained from a second thread but failed half of the
    extra 200-action seeds in 60 s, and solves an approximation when data are not round.

    `portfolio.solve` then races the first of these against the next of HiGHS and CBC when one thread
    is asked and two cores are free (portfolio/backends/race.py): CBC's portfolios can win a race stopped by
    the time limit, its claims of optimality never.
    """
    n = len(form.action_columns)
    shape = "/".join(shapes(form)) or "pure knapsack shape"
    why = f"{n} actions, {shape}: HiGHS leads everywhere (CBC's proofs need confirming)"
    order = ["highs", *(b for b in NAMES if b != "highs")]
    if settings.threads > 1:  # a backend that runs on one thread only is not chosen for more
        order = [b for b in order if _uses_threads(b)]
    return order, why


def shapes(form: Formulation) -> tuple[str, ...]:
    """The shapes of the model that set the order (equity, synergy), sorted; empty for a pure knapsack."""
    return tuple(sorted(form.features & {"equity", "synergy"}))


def _uses_threads(name: str) -> bool:
    try:
        return backend_class(name).CAPABILITIES.threads
    except ImportError:
        return False


def choose_backend(form: Formulation, settings: SolverSettings) -> str:
    """Name of the backend `auto` runs for this formulation and these settings.

    Backends are tried in order of preference and only as far as the first that is installed, so `auto`
    does not load every solver (importing OR-Tools alone takes about half a second).
    """
    order, _why = preference(form, settings)
    for name in order:
        try:
            if backend_class(name).is_available():
                return name
        except ImportError:
            continue
    raise RuntimeError("no solver backend is installed; pip install highspy")
