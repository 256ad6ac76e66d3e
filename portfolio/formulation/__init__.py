"""Solver-neutral formulation of a case: the model (columns, rows, bounds, objective, names), the jobs-counting
rows, the build from a rule set (`portfolio.formulation.build`) and the LP/MPS export.

The package exports the model only: the rules import it, and the build imports the rules.
"""

from portfolio.formulation.model import INF, Column, Formulation, Row

__all__ = ["INF", "Column", "Formulation", "Row"]
