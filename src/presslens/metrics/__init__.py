"""Evaluation metrics (scorers that mirror official shared-task definitions)."""
