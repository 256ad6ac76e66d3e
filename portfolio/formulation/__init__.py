"""Solver-neutral formulation of a case (spec section 2)."""

from portfolio.formulation.build import build
from portfolio.formulation.model import INF, Column, Formulation, Row

__all__ = ["INF", "Column", "Formulation", "Row", "build"]
