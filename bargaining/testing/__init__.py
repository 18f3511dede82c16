"""Property-based testing support: hypothesis strategies for games and models, assertions
about equilibria, and checking a model's claims (``bargaining check``).

>>> from bargaining.testing import check_claim, claim, assert_equilibrium
"""

from bargaining.testing import strategies
from bargaining.testing.assertions import assert_all_equilibria, assert_equilibrium
from bargaining.testing.claims import ClaimResult, CodeClaim, check_claim, check_model, claim

__all__ = [
    "ClaimResult",
    "CodeClaim",
    "assert_all_equilibria",
    "assert_equilibrium",
    "check_claim",
    "check_model",
    "claim",
    "strategies",
]
