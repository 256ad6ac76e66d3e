"""The Jinja2 environments of the report: Markdown (case texts escaped for Markdown) and HTML (autoescaped)."""

from __future__ import annotations

import re

import jinja2

# Characters Markdown would read as markup; `_` only where it could open or close emphasis (not inside a word).
_MD_SPECIAL = re.compile(r"([\\|<>*`\[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def md(text: object) -> str:
    """A case text as literal Markdown: no table break, no HTML tag, no emphasis or link it did not mean."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def environment(html: bool) -> jinja2.Environment:
    """Templates from portfolio/reports/templates; undefined names are errors, HTML is always escaped."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("portfolio.reports", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    return env
