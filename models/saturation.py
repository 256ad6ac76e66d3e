"""Diminishing returns per group (spec 4.2): the concave piecewise-linear curve of the jobs counted in a group
against its uncapped jobs (direct jobs plus synergies), and the pieces of min(cap, curve)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """One linear piece of a curve: on [start, end] (jobs, either end may be infinite) the jobs counted are
    `slope` x uncapped + `intercept`."""

    start: float
    end: float
    slope: float
    intercept: float

    def at(self, uncapped: float) -> float:
        """The piece's line at `uncapped` jobs (jobs); beyond its ends the line goes on."""
        return self.slope * uncapped + self.intercept


@dataclass(frozen=True)
class Curve:
    """A group's saturation curve f: through (0, 0) and `points` (direct_jobs, jobs), both increasing, with
    slopes that never increase and the first at most 1 (models.checks enforces this); flat after the last
    point. Below 0 uncapped jobs (negative synergies outweighing the direct jobs) the loss counts in full,
    f(u) = u, which keeps f concave."""

    points: tuple[tuple[float, float], ...]

    def __call__(self, uncapped: float) -> float:
        """The jobs counted for `uncapped` jobs, before the group's cap (jobs)."""
        return min(p.at(uncapped) for p in self.pieces())

    @property
    def most(self) -> float:
        """The most jobs the curve counts: its last point's (jobs)."""
        return self.points[-1][1]

    def pieces(self, cap: float = math.inf) -> tuple[Piece, ...]:
        """The pieces of min(cap, f) from minus to plus infinity, in order, each with a slope below the one
        before. min(cap, f) is concave, so it equals the smallest of the pieces' lines everywhere."""
        out = [Piece(-math.inf, 0.0, 1.0, 0.0)]
        x0 = y0 = 0.0
        for x1, y1 in self.points:
            if y0 >= cap:
                break
            slope = (y1 - y0) / (x1 - x0)
            end = x1 if y1 <= cap else x0 + (cap - y0) / slope
            out.append(Piece(x0, end, slope, y0 - slope * x0))
            x0, y0 = end, min(y1, cap)
        out.append(Piece(x0, math.inf, 0.0, min(y0, cap)))
        return tuple(out)
