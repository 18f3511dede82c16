"""The reproducibility footer: what produced the report, so a reader can produce it again.

Package versions, the seed of the claim search, the model file's SHA-256 and the command line.
No date or path outside the report: the same inputs give the same footer.
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["PACKAGES", "Reproducibility", "package_version", "reproducibility"]

#: The packages whose versions can change a report's numbers or figures.
PACKAGES = ("bargaining", "sympy", "numpy", "scipy", "nashpy", "matplotlib", "hypothesis")


@dataclass(frozen=True)
class Reproducibility:
    """What the footer records.

    Attributes
    ----------
    versions:
        ``(package, version)`` pairs, Python first.
    seed:
        The seed of the claim search.
    model_file:
        The model file's name (no directories), or None for a model built in Python.
    model_sha256:
        The SHA-256 of the model file's bytes, or None.
    command:
        The command line or call that built the report.
    """

    versions: tuple[tuple[str, str], ...]
    seed: int
    model_file: str | None
    model_sha256: str | None
    command: str

    def lines(self) -> list[str]:
        """The footer as short lines of text."""
        versions = ", ".join(f"{name} {version}" for name, version in self.versions)
        model = (
            f"Model file: {self.model_file}, SHA-256 {self.model_sha256}"
            if self.model_file is not None
            else "Model: built in Python (no model file)"
        )
        return [
            model,
            f"Command: {self.command}",
            f"Seed: {self.seed}",
            f"Package versions: {versions}",
        ]


def package_version(package: str) -> str:
    """The installed version of a package, or ``"not installed"``."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def reproducibility(
    model_file: str | None, model_text: str | None, *, seed: int, command: str
) -> Reproducibility:
    """The footer of a report on the model read from ``model_file`` with text ``model_text``.

    The hash is of the text as UTF-8, which is the file's bytes (``sha256sum`` agrees) unless
    the file starts with a byte-order mark.

    >>> footer = reproducibility("models/chicken.toml", "[model]", seed=0, command="bargaining")
    >>> footer.model_file, footer.model_sha256[:12], footer.versions[0][0]
    ('chicken.toml', 'dc5ae83dbee2', 'python')
    """
    digest = (
        hashlib.sha256(model_text.encode("utf-8")).hexdigest() if model_text is not None else None
    )
    versions = (("python", platform.python_version()), *((p, package_version(p)) for p in PACKAGES))
    return Reproducibility(
        versions=versions,
        seed=seed,
        model_file=Path(model_file).name if model_file is not None else None,
        model_sha256=digest,
        command=command,
    )
