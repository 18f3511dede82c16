"""The test run itself: a serial run and each pytest-xdist worker solve into a temporary cache
folder of their own (see the root ``conftest.py``), so no worker reads a file another is writing
and no test's answer depends on what ran before it in another process."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bargaining.analysis.cache import cache_directory


def test_the_solve_once_cache_is_a_temporary_folder_of_this_worker():
    folder = cache_directory()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert folder.name.startswith(f"bargaining-test-cache-{worker}-")
    assert folder.parent == Path(tempfile.gettempdir())
    assert folder.is_dir()
