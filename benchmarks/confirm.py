"""What confirming CBC's claims of optimality costs: CBC alone, CBC + HiGHS's check, HiGHS alone (issue 16).

python benchmarks/confirm.py [CASE ...]   (names as in benchmarks/conftest.py; default: a small and medium set)
Prints one line per case: seconds of each way, one thread each, run in this process one after the other.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.conftest import case as named_case  # noqa: E402
from models import SolverSettings  # noqa: E402
from portfolio.backends import get_backend  # noqa: E402
from portfolio.formulation.build import build  # noqa: E402

DEFAULT = ["flanders", "syn50", "syn100", "eq50", "eq100", "mc50", "mc100", "plain100", "plain200", "syn200",
           "eq200", "mknap1-6", "mknapcb1-1", "mknapcb1-2"]


def seconds(what) -> tuple[float, object]:
    start = time.perf_counter()
    answer = what()
    return time.perf_counter() - start, answer


def main(names: list[str]) -> None:
    settings = SolverSettings(time_limit_s=60, threads=1, mip_gap=1e-6)
    print(f"{'case':<12} {'cbc s':>7} {'+check s':>9} {'highs s':>8}  answers")
    for name in names:
        form = build(named_case(name))
        cbc = get_backend("cbc")
        t_cbc, run = seconds(lambda: cbc._solve(form, settings))
        t_check, checked = seconds(lambda: cbc.confirmed(form, settings, run, t_cbc))
        t_highs, highs = seconds(lambda: get_backend("highs").solve(form, settings))
        said = checked.said.split("; ", 1)[-1] if checked is not run else "no claim to check"
        print(f"{name:<12} {t_cbc:7.2f} {t_check:9.2f} {t_highs:8.2f}  {run.code}; {said}; highs {highs.status}")


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT)
