"""Matplotlib drawing kernels: plain data (arrays, numbers, labels) in, artists on an Axes out.

This low layer knows nothing of games or results, so every layer above can draw with it: the
results' ``.plot`` methods (:class:`~bargaining.analysis.ParametricSolution`,
:class:`~bargaining.analysis.sweep_result.SweepResult`, tornado, Monte Carlo and Sobol results,
:class:`~bargaining.games.ExtensiveGame`) prepare their data and call a kernel, and the report's
figures (:mod:`bargaining.figures`) compose the same calls, so each kind of picture is drawn by
one function. Matplotlib is imported only when a kernel module is, never by ``import
bargaining``.
"""
