"""What `portfolio check` reports: the warnings `solve` gives for a case and the probable overlaps between
working groups' proposals.

The case's own warnings and the overlaps come from the case alone (portfolio.warnings.case_warnings and
portfolio.overlaps.probable_overlaps); with minimum group shares, what each share costs needs the solves
`solve` runs for it (portfolio.warnings.solution_warnings): one of the case, and one per share.
"""

from __future__ import annotations

from models import Case, SolverSettings
from models.casedata import CaseData
from models.warnings import CheckResult
from portfolio.overlaps import MIN_SIMILARITY, probable_overlaps
from portfolio.solve import solve
from portfolio.warnings import case_warnings, solution_warnings


def check(case: Case, *, settings: SolverSettings | None = None,
          min_similarity: float = MIN_SIMILARITY) -> CheckResult:
    """The warnings of `case` that `solve` prints, the equity shares' costs included (solved with `settings`,
    default the case's), and its probable overlaps, strongest first.

    Raises VerificationError if a solver returns a portfolio that breaks a rule, BackendUnavailable if the
    case's solver is not installed.
    """
    data = CaseData.of(case)
    warnings = case_warnings(case, data)
    if case.rules.min_group_share:
        warnings += solution_warnings(case, solve(case, settings), settings, data)
    return CheckResult(
        case=case.name,
        warnings=tuple(warnings),
        overlaps=tuple(probable_overlaps(case, data, min_similarity=min_similarity)),
    )
