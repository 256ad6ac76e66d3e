"""Files of `portfolio robust --out DIR`: the result's JSON, CSV tables, and charts of the selection frequencies
and of the nominal portfolio's jobs over the samples (PNG and SVG, drawn by portfolio/reports/figures.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from inputs.files import atomic_write  # noqa: E402
from models import Case  # noqa: E402
from models.uncertainty import MonteCarloResult  # noqa: E402
from portfolio.reports.figures import frequency_figure, jobs_figure  # noqa: E402
from portfolio.sweeps.output import save_figure  # noqa: E402


def write_files(folder: Path, case: Case, result: MonteCarloResult) -> list[Path]:
    """robust.json, frequencies.csv, samples.csv and the two charts (PNG and SVG) into `folder`; without solved
    samples, no frequencies (table or chart)."""
    names = {a.action: a.name for a in case.actions}
    paths = [folder / "robust.json"]
    atomic_write(paths[0], result.model_dump_json(indent=2) + "\n")
    frequencies = pd.DataFrame(
        [(a, names[a], a in result.selected, f) for a, f in result.frequency.items()],
        columns=["action", "name", "nominal", "frequency"])
    samples = pd.DataFrame({"sample": range(1, len(result.jobs_by_sample) + 1), "nominal_jobs": result.jobs_by_sample})
    tables = (("frequencies", frequencies), ("samples", samples)) if result.samples_solved else (("samples", samples),)
    for stem, frame in tables:
        paths.append(folder / f"{stem}.csv")
        atomic_write(paths[-1], frame.to_csv(index=False, lineterminator="\n"))
    with matplotlib.rc_context({"svg.hashsalt": "portfolio"}):  # the same result gives the same SVG
        if result.samples_solved:
            paths += save_figure(frequency_figure(result, names), folder, "frequency")
        paths += save_figure(jobs_figure(result), folder, "jobs")
    return paths
