"""The game types built into model files, registered by importing their modules.

The loader imports this module before reading a file, so every ``type = "..."`` it knows is
registered; :data:`GAME_TYPES` here is the registry with all of them.

>>> sorted(GAME_TYPES)
['bargaining', 'bayesian', 'commitment', 'normal', 'repeated', 'tree', 'war']
"""

from bargaining.model import (  # noqa: F401  (each registers its type on import)
    bargaining_type,
    bayesian_type,
    commitment_type,
    normal_type,
    repeated_type,
    tree_type,
    war_type,
)
from bargaining.model.game_types import GAME_TYPES

__all__ = ["GAME_TYPES"]
