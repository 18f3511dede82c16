"""Settings for every test run from the project root (tests, doctests, docs pages).

Hypothesis' per-example deadline is a timing assertion: on a loaded machine (CI, or two cores
shared by several jobs) it fails tests whose answers are right. Performance is measured in
``benchmarks/``, never asserted in tests, so the deadline is off everywhere.

The run uses every core (pytest-xdist, one worker per core) unless ``-n`` says otherwise:
``-n 0`` or ``-p no:xdist`` runs the tests serially in one process, as does a checkout without
pytest-xdist installed. Whole files go to a worker (``--dist loadfile``), so a module-scoped
fixture, such as the analysis of every bundled model, is computed once, not once per worker.

The solve-once disk cache (:mod:`bargaining.analysis.cache`) goes to a temporary folder of the
run, one per worker, inherited by the commands the tests start: a test run neither fills the
user's cache nor reads solutions an earlier checkout (or another worker, mid-write) wrote there.
"""

import os
import shutil
import tempfile

import pytest
from hypothesis import settings

settings.register_profile("bargaining", deadline=None)
settings.load_profile("bargaining")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config) -> None:
    # Before xdist's own hook turns "auto" into the number of cores; never in a worker, whose
    # options xdist resets to "no -n" (it would start workers of its own, without end).
    worker = hasattr(config, "workerinput")
    if (
        config.pluginmanager.hasplugin("xdist")
        and config.option.numprocesses is None
        and not worker
    ):
        config.option.numprocesses = "auto"
        if config.option.dist == "no":
            config.option.dist = "loadfile"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    # A worker's environment gains COLUMNS=80, which narrows the command line's tables (it
    # gives pipes 100 columns unless COLUMNS is set): workers keep the controller's setting.
    node.workerinput["columns"] = os.environ.get("COLUMNS")


def pytest_configure(config) -> None:
    workerinput = getattr(config, "workerinput", {})
    if "columns" in workerinput:
        if workerinput["columns"] is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = workerinput["columns"]
    worker = workerinput.get("workerid", "main")
    folder = tempfile.mkdtemp(prefix=f"bargaining-test-cache-{worker}-")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    os.environ["BARGAINING_CACHE_DIR"] = folder
