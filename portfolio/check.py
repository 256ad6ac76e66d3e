"""What `portfolio check` reports: a case's warnings and the probable overlaps between working groups' proposals.

No solve: every finding comes from the case alone (portfolio.warnings.case_warnings and
portfolio.overlaps.probable_overlaps), so the check is quick on any size of case.
"""

from __future__ import annotations

from models import Case
from models.casedata import CaseData
from models.warnings import CheckResult
from portfolio.overlaps import MIN_SIMILARITY, probable_overlaps
from portfolio.warnings import case_warnings


def check(case: Case, *, min_similarity: float = MIN_SIMILARITY) -> CheckResult:
    """The warnings of `case` and its probable overlaps, strongest first."""
    data = CaseData.of(case)
    return CheckResult(
        case=case.name,
        warnings=tuple(case_warnings(case, data)),
        overlaps=tuple(probable_overlaps(case, data, min_similarity=min_similarity)),
    )
