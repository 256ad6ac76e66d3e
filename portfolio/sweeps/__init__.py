"""What-if planning: scenarios, the budget frontier, the value of a step of budget, and targets.

Each sweep is a set of exact solves of variants of one case, run on an Executor
(a local process pool, a local Dask cluster or an existing Dask scheduler), and
every answer is verified and labelled like a single solve.
"""

from portfolio.sweeps.executor import Executor, Task
from portfolio.sweeps.frontier import frontier
from portfolio.sweeps.marginal import marginal
from portfolio.sweeps.target import target, target_curve
from portfolio.sweeps.whatif import whatif

__all__ = ["Executor", "Task", "frontier", "marginal", "target", "target_curve", "whatif"]
