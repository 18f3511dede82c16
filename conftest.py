"""Settings for every test run from the project root (tests, doctests, docs pages).

Hypothesis' per-example deadline is a timing assertion: on a loaded machine (CI, or two cores
shared by several jobs) it fails tests whose answers are right. Performance is measured in
``benchmarks/``, never asserted in tests, so the deadline is off everywhere.

The solve-once disk cache (:mod:`bargaining.analysis.cache`) goes to a temporary folder of the
run, inherited by the commands the tests start: a test run neither fills the user's cache nor
reads solutions an earlier checkout wrote there.
"""

import os
import shutil
import tempfile

from hypothesis import settings

settings.register_profile("bargaining", deadline=None)
settings.load_profile("bargaining")


def pytest_configure(config) -> None:
    folder = tempfile.mkdtemp(prefix="bargaining-test-cache-")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    os.environ["BARGAINING_CACHE_DIR"] = folder
