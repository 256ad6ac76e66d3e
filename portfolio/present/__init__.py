"""How a result is shown in the terminal: every rich renderer, one module per kind of result, the one
presentation layer the commands (and the web page to come) call.

Why a package of its own, not inside portfolio/reports: the report's files (md, csv, xlsx, html, charts) need
pandas, jinja2 and matplotlib (the 'reports' extra), while `solve`, `validate` and the sweeps render with rich
alone, in the core install. Each renderer takes a finished result (a Solution, a sweep's or a study's
result, a ReportData) and never solves; the web page renders the same results with the report's templates.
"""
