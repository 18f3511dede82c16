"""Property-based testing support: hypothesis strategies for games and models, assertions
about equilibria and the axioms of bargaining solutions, and checking a model's claims
(``bargaining check``).

>>> from bargaining.testing import check_claim, claim, assert_equilibrium
"""

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.testing import strategies
    from bargaining.testing.assertions import (
        assert_all_equilibria,
        assert_equilibrium,
        assert_independent_of_irrelevant_alternatives,
        assert_individually_monotone,
        assert_pareto_optimal,
        assert_scale_invariant,
        assert_symmetric,
    )
    from bargaining.testing.claims import (
        ClaimResult,
        CodeClaim,
        SolvedPoints,
        check_claim,
        check_model,
        claim,
    )

__all__ = [
    "ClaimResult",
    "CodeClaim",
    "SolvedPoints",
    "assert_all_equilibria",
    "assert_equilibrium",
    "assert_independent_of_irrelevant_alternatives",
    "assert_individually_monotone",
    "assert_pareto_optimal",
    "assert_scale_invariant",
    "assert_symmetric",
    "check_claim",
    "check_model",
    "claim",
    "strategies",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
