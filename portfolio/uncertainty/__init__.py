"""Uncertainty and alternatives: Monte Carlo over the effect ranges, robust portfolios (worst case, CVaR), the k
best portfolios, and each chosen action's replacement cost. Every solve is exact and verified like any other.

    from portfolio.uncertainty import study, monte_carlo, robust_portfolio, alternatives, importance
    from portfolio.uncertainty import uncertainty_report  # the study behind the report's uncertainty section
"""

from portfolio.uncertainty.alternatives import alternatives
from portfolio.uncertainty.importance import importance
from portfolio.uncertainty.montecarlo import NoPortfolio, monte_carlo
from portfolio.uncertainty.robust import guaranteed_jobs, robust_portfolio, study
from portfolio.uncertainty.sampling import Samples, at_low, with_effects
from portfolio.uncertainty.section import uncertainty_report

__all__ = ["NoPortfolio", "Samples", "alternatives", "at_low", "guaranteed_jobs", "importance", "monte_carlo",
           "robust_portfolio", "study", "uncertainty_report", "with_effects"]
