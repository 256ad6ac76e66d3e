"""Solver-neutral formulation of a case: the model, its build from a rule set, and its export."""

from portfolio.formulation.model import INF, Column, Formulation, Row
from portfolio.formulation.build import build  # noqa: E402 - after the model, which the rules import

__all__ = ["INF", "Column", "Formulation", "Row", "build"]
