"""The portfolio library: rules, formulation, backends, verification and solve."""

from portfolio.backends import BackendUnavailable
from portfolio.solve import VerificationError, solve, solve_formulation, solver_settings

__all__ = ["BackendUnavailable", "VerificationError", "solve", "solve_formulation", "solver_settings"]
