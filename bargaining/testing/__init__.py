"""Property-based testing support: hypothesis strategies for games (and, later, model claims)."""

from bargaining.testing import strategies

__all__ = ["strategies"]
