"""Figures for reports and notebooks, drawn with matplotlib: one module a kind of figure.

Each function returns a :class:`matplotlib.figure.Figure` and never calls ``pyplot.show``; the
caller saves it (``figure.savefig(path)``) or embeds it. Colours come from
:mod:`bargaining.figures.style`, a colour-blind-safe palette shared by every figure.
"""
