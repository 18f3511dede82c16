"""Settings for every test run from the project root (tests, doctests, docs pages).

Hypothesis' per-example deadline is a timing assertion: on a loaded machine (CI, or two cores
shared by several jobs) it fails tests whose answers are right. Performance is measured in
``benchmarks/``, never asserted in tests, so the deadline is off everywhere.
"""

from hypothesis import settings

settings.register_profile("bargaining", deadline=None)
settings.load_profile("bargaining")
