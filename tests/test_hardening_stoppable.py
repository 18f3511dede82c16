"""The stoppable worker is forked only where forking is safe: never while another Python thread
is alive (the child could inherit a lock that thread holds and deadlock, and Python 3.12 warns
with a DeprecationWarning; a fresh interpreter runs it then), and without that warning where
only native threads run."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from bargaining.budget import Budget
from bargaining.solvers.stoppable import CallStopped, StoppableCalls, can_fork

needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="the worker is forked on Linux")


def command_line() -> list[str]:
    return sys.argv


@contextlib.contextmanager
def another_thread():
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait, daemon=True)
    other.start()
    try:
        yield
    finally:
        waiting.set()
        other.join()


def test_no_fork_while_another_python_thread_is_alive():
    here = os.getpid()
    with another_thread():
        assert not can_fork()
        with StoppableCalls(lambda: os.getpid(), Budget(seconds=60)) as call:
            assert call(isolate=True) == here  # a closure: run here, not in a forked worker


@needs_fork
def test_with_another_thread_a_fresh_interpreter_runs_the_worker():
    with another_thread():
        with StoppableCalls(command_line, Budget(seconds=60)) as call:
            assert call(isolate=True)[0] == "-c"  # a fresh interpreter, not a fork of this one
        started = time.monotonic()
        with (
            pytest.raises(CallStopped, match="time budget of 1 s"),
            StoppableCalls(time.sleep, Budget(seconds=1)) as call,
        ):
            call(60, isolate=True)
        assert time.monotonic() - started < 1 + 20  # stopped, not waited for


def in_a_fresh_process(code: str) -> None:
    """Run ``code`` in a new interpreter: the thread rules depend on every thread of the
    process, and a test process may hold threads that earlier tests left running."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


@needs_fork
def test_the_worker_is_forked_again_once_the_thread_has_ended():
    in_a_fresh_process(
        """
        import os, threading
        from bargaining.budget import Budget
        from bargaining.solvers.stoppable import StoppableCalls, can_fork
        assert can_fork()
        finished = threading.Thread(target=lambda: None)
        finished.start()
        finished.join()
        assert can_fork()
        with StoppableCalls(os.getpid, Budget(seconds=60)) as call:
            assert call(isolate=True) != os.getpid()
        """
    )


@needs_fork
def test_no_fork_warning_for_native_threads():
    in_a_fresh_process(
        """
        import os, warnings
        from bargaining.budget import Budget
        from bargaining.solvers.stoppable import StoppableCalls, can_fork
        real_fork = os.fork

        def fork_as_python_312():
            # Python 3.12+ counts the process's OS threads (numpy's BLAS pool among them)
            warnings.warn(
                f"This process (pid={os.getpid()}) is multi-threaded, use of fork() may lead "
                "to deadlocks in the child.",
                DeprecationWarning,
                stacklevel=2,
            )
            return real_fork()

        os.fork = fork_as_python_312
        assert can_fork()  # the fork path, not the fresh interpreter
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with StoppableCalls(os.getpid, Budget(seconds=60)) as call:
                assert call(isolate=True) != os.getpid()
        """
    )
