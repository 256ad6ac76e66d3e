"""Helpers every layer may use (models, inputs, portfolio, cli); they import nothing of the project."""
