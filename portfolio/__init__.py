"""The portfolio library, in layers: core/ (shared helpers) <- formulation/, rules/, backends/ <- the
orchestrators here (solve, verify, explain, check, ...) <- sweeps/, uncertainty/, reports/ <- present/ (the
terminal renderers, which the command line calls) (README: Layout)."""

from portfolio.backends import BackendUnavailable
from portfolio.solve import VerificationError, solve, solve_formulation, solver_settings

__all__ = ["BackendUnavailable", "VerificationError", "solve", "solve_formulation", "solver_settings"]
