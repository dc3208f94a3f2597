"""Deterministic demo registry: ``python -m demo build`` / ``python -m demo ensure``."""
