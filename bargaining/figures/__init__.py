"""The report's figures, drawn with matplotlib: one module a kind of figure.

Each function returns a :class:`matplotlib.figure.Figure` (object API, no pyplot state) and
never calls ``pyplot.show``; the caller saves it (``figure.savefig(path)``) or embeds it. The
drawing itself is the results' own ``.plot`` (``ParametricSolution.plot``, ``Tornado.plot``,
``ExtensiveGame.plot``, ...) and the kernels of :mod:`bargaining.drawing` behind them, so a
notebook and a report show the same pictures. Colours come from
:mod:`bargaining.drawing.style`, a colour-blind-safe palette shared by every figure.
"""
