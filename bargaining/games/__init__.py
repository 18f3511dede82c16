"""Games as immutable data: normal-form games (and, as they land, trees and bargaining problems)."""

from bargaining.games.normal_form import NormalFormGame

__all__ = ["NormalFormGame"]
