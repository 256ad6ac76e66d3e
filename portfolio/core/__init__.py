"""Small helpers shared across the library: numeric tolerances, a portfolio's recomputed figures (outcome),
quiet solver output and Ctrl-C handling. They import models only, never the rest of portfolio."""
