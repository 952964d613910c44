"""Diagram kinds: one module per kind, listed in :mod:`specmaid.kinds.registry`."""
