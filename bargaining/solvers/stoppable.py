"""Calls that stop at a deadline: long exact solves run in a forked worker process.

A support system's Gröbner basis is one call into python-flint's C code
(``fmpz_mpoly_vec.buchberger_naive``): Python cannot interrupt it and it offers no hook to look
at a clock (its ``limits`` bound the basis's length and coefficient sizes, not time, and a
basis stopped at them cannot be resumed). On the full support of a random 4x4x3 game that one
call took 129 s of CPU, so a time budget checked between support profiles was overrun by
minutes. :class:`StoppableCalls` runs such calls in a child process forked from this one (so
nothing is imported again and the child already holds the game: about 2 ms of this process's
CPU, once per use), sends each call's arguments down a pipe and waits for the answer no longer
than the budget leaves; at the deadline it kills the child and raises :class:`CallStopped`.
Calls expected to be cheap stay in this process, where a pipe round trip (about 0.5 ms) costs
more than they do, until one of them takes longer than ``isolate_after`` seconds of CPU (huge
payoffs or a degenerate game can make small systems slow): every later call is isolated too.
So the budget is overrun at most by the one call in this process during which it runs out.

Forking is done only where it is safe (:func:`can_fork`): on Linux and other Unix systems
with ``fork`` except macOS (whose system libraries are not fork-safe, which is why Python
spawns there), from a process whose only Python thread is the main thread (a fork copies
every lock another thread holds at that moment, such as a thread pool's queue lock, an
import lock or a logging handler's, and the child deadlocks on the first it takes: Python
3.12 and later warn about such forks with a ``DeprecationWarning``), and not from a daemonic
``multiprocessing`` worker (which may not have children: Dask's workers and
``multiprocessing.Pool``'s are daemonic). Where only threads make forking unsafe (a progress
display's refresh thread, a notebook kernel's, a call from a thread pool), the worker is a
fresh Python interpreter started for it instead (no fork, so no lock is copied, and the main
module is not run again), provided the function pickles (a closure does not); it unpickles
the function and imports what it needs, a second or so once. Elsewhere every call runs in
this process and the budget is checked only between calls. Threads that Python does not run
(a BLAS library's pool, started when numpy is imported) are left out of the count: the worker
never calls into them, so Python's warning, which counts them too, is silenced at the fork.
The worker runs
only exact arithmetic and its pipe, and is killed at the deadline whatever state it is in, so
a fork that went wrong costs an unfinished call, never a hang. The worker limits its own CPU
time to the budget's seconds times the cores, so the kernel stops it even if this process
dies without killing it.
"""

from __future__ import annotations

import contextlib
import copyreg
import io
import math
import os
import pickle
import sys
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from bargaining.budget import Budget
from bargaining.errors import BargainingError

__all__ = ["CallStopped", "StoppableCalls", "can_fork", "dumps", "serve"]

T = TypeVar("T")

_LONGEST_WAIT = 3600.0
"""Seconds of one wait on the worker: a budget of years is waited for an hour at a time, since
``poll`` refuses timeouts beyond about 24 days."""


class CallStopped(BargainingError):
    """A call was stopped unfinished: its time budget ran out (or its worker process died)."""


def can_fork() -> bool:
    """Whether a worker process may be forked here (see the module's notes on safety): not
    while another Python thread is alive.

    >>> import sys, threading
    >>> can_fork() == (sys.platform == "linux" and threading.active_count() == 1)
    True
    >>> waiting = threading.Event()
    >>> other = threading.Thread(target=waiting.wait)
    >>> other.start()
    >>> can_fork()
    False
    >>> waiting.set(); other.join()
    """
    import multiprocessing

    return (
        sys.platform != "darwin"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def _fresh_allowed() -> bool:
    """Whether a worker may be started as a fresh interpreter here (other threads alive)."""
    import multiprocessing

    return (
        os.name == "posix"  # the pipe's end is passed by its descriptor
        and sys.platform != "darwin"
        and not multiprocessing.current_process().daemon
    )


_BOOT = """
import pickle, sys
from multiprocessing.connection import Connection
connection = Connection(int(sys.argv[1]))
sys.path[:] = pickle.loads(connection.recv_bytes())
from bargaining.solvers.stoppable import serve
serve(connection.recv_bytes(), connection, None, int(sys.argv[2]))
"""
"""A fresh worker's start: this process's import path, then the function, come down the pipe."""


class _Fresh:
    """A worker running in a fresh interpreter, with the methods of a ``multiprocessing``
    process that :class:`StoppableCalls` uses."""

    def __init__(self, popen: Any) -> None:
        self.popen = popen

    def kill(self) -> None:
        self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        import subprocess

        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def close(self) -> None:
        """Nothing to release: ``join`` has reaped the process."""


class StoppableCalls(Generic[T]):
    """Calls of ``function``; those asked to be isolated run in a forked worker process and are
    stopped at the budget's deadline.

    A context manager, not a frozen value: it owns the worker, which is forked at the first
    isolated call, serves every later one, and is killed on leaving the ``with`` block (or
    when a call is stopped).

    Parameters
    ----------
    function:
        Called as ``function(*args)``. The worker is a fork of this process, so ``function``
        may be a closure over large data; its arguments and results are pickled (exact
        algebraic numbers included). While other threads are alive only a function that
        pickles (a module-level function, or a ``functools.partial`` of one) is isolated.
    budget:
        The deadline. None: no deadline, and every call runs in this process.
    isolate_after:
        CPU seconds after which a call made in this process turns isolation on for all later
        calls.

    Examples
    --------
    >>> from bargaining.budget import Budget
    >>> with StoppableCalls(pow, Budget(seconds=60)) as call:
    ...     call(2, 10, isolate=True), call(3, 2, isolate=False)
    (1024, 9)
    """

    def __init__(
        self, function: Callable[..., T], budget: Budget | None, *, isolate_after: float = 0.05
    ) -> None:
        self.function = function
        self.budget = budget
        self.isolate_after = isolate_after
        self._slow_seen = False
        self._refused = False  # no worker may be started here
        self._process: Any = None
        self._connection: Any = None

    def __enter__(self) -> StoppableCalls[T]:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def __call__(self, *args: Any, isolate: bool) -> T:
        """``function(*args)``: in the worker when ``isolate`` (or an earlier call here was
        slow) and forking is safe, else here.

        Raises
        ------
        CallStopped
            The budget ran out before the worker answered (the worker is then killed), or the
            worker died.
        """
        wanted = (isolate or self._slow_seen) and self.budget is not None
        if wanted and self._process is None and not self._refused:
            self._start(self.budget)
        if not wanted or self._process is None:
            started = time.process_time()
            value = self.function(*args)
            self._slow_seen |= time.process_time() - started > self.isolate_after
            return value
        try:
            self._connection.send_bytes(dumps(args))
            if not _answered(self._connection, self.budget):
                self.close()
                raise CallStopped(f"the time budget of {self.budget.seconds:g} s ran out")
            finished, value = pickle.loads(self._connection.recv_bytes())
        except (EOFError, OSError):  # a broken pipe or a reset connection
            self._process.join(1)  # the pipe closes as the worker exits
            code = self._process.exitcode
            self.close()
            raise CallStopped(f"the worker process died (exit code {code})") from None
        if not finished:
            raise value
        return value

    def close(self) -> None:
        """Kill the worker, if there is one (it holds no state worth a graceful exit)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process.close()
            self._connection.close()
            self._process = self._connection = None

    def _start(self, budget: Budget) -> None:
        """Start the worker: forked where that is safe, else a fresh interpreter when the
        function pickles; where neither may be, remember that every call runs here."""
        # All cores busy for the whole budget (python-flint may be told to use threads).
        cores = os.cpu_count() or 1
        cpu_seconds = math.ceil(cores * min(budget.remaining(), _LONGEST_WAIT * 1000)) + 1
        if can_fork():
            self._fork(cpu_seconds)
            return
        if _fresh_allowed():
            try:
                function = dumps(self.function)
            except (pickle.PicklingError, AttributeError, TypeError):  # a closure
                self._refused = True
                return
            self._start_fresh(function, cpu_seconds)
            return
        self._refused = True

    def _fork(self, cpu_seconds: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        process = context.Process(
            target=serve,
            args=(self.function, there, here, cpu_seconds),
            name="bargaining stoppable worker",
            daemon=True,
        )
        with warnings.catch_warnings():
            # can_fork() saw no other Python thread; Python 3.12's warning also counts native
            # ones (a BLAS pool), which the worker never uses. One thread: no filter race.
            warnings.filterwarnings("ignore", ".*fork", DeprecationWarning)
            process.start()
        there.close()
        self._process, self._connection = process, here

    def _start_fresh(self, function: bytes, cpu_seconds: int) -> None:
        import socket
        import subprocess
        from multiprocessing.connection import Connection

        here, there = socket.socketpair()
        with there:
            popen = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(there.fileno()), str(cpu_seconds)],
                pass_fds=(there.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        connection = Connection(here.detach())
        self._process, self._connection = _Fresh(popen), connection
        try:
            connection.send_bytes(dumps(list(sys.path)))
            connection.send_bytes(function)
        except OSError:  # it died at once: the first call says so
            pass


def _answered(connection: Any, budget: Budget) -> bool:
    """Wait for the worker's answer until the budget runs out; whether it came."""
    while not connection.poll(min(budget.remaining(), _LONGEST_WAIT)):
        if budget.expired():
            return False
    return True


def dumps(value: object) -> bytes:
    """``value`` pickled, with python-flint's rational polynomials (inside exact algebraic
    numbers) as their integer coefficients and denominator, since flint cannot pickle them.

    >>> import pickle
    >>> from bargaining.algebraic import algebraic_roots
    >>> roots = algebraic_roots([-2, 0, 1])          # -sqrt(2), sqrt(2)
    >>> pickle.loads(dumps(roots)) == roots
    True
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if "flint" in sys.modules:
        flint = sys.modules["flint"]
        pickler.dispatch_table = {**copyreg.dispatch_table, flint.fmpq_poly: _reduce_fmpq_poly}
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_fmpq_poly(polynomial: Any) -> tuple:
    import flint

    numerator = [int(c) for c in polynomial.numer().coeffs()]
    return flint.fmpq_poly, (numerator, int(polynomial.denom()))


def serve(function: Callable[..., Any] | bytes, connection: Any, parent_end: Any, cpu: int) -> None:
    """The worker's loop (public for a fresh worker's start): answer calls until the pipe
    closes; never returns into multiprocessing's bootstrap, which would flush output buffers
    copied from the parent a second time. A fresh worker gets the function pickled."""
    try:
        import resource

        if parent_end is not None:
            parent_end.close()  # so that the parent's exit closes the pipe
        if isinstance(function, bytes):
            function = pickle.loads(function)
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        if hard == resource.RLIM_INFINITY or cpu < hard:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
        while True:
            try:
                args = pickle.loads(connection.recv_bytes())
            except EOFError:
                break
            try:
                reply = dumps((True, function(*args)))
            except Exception as error:
                try:
                    reply = dumps((False, error))
                except Exception:
                    reply = dumps((False, BargainingError(f"{type(error).__name__}: {error}")))
            connection.send_bytes(reply)
    finally:
        os._exit(0)
