"""The portfolio library: formulation, backends, verification and solve."""

from portfolio.solve import VerificationError, solve, solver_settings

__all__ = ["VerificationError", "solve", "solver_settings"]
