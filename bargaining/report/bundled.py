"""The model files shipped with the package: ``bargaining report`` with no model runs one.

A wheel carries the repository's ``models/`` directory as ``bargaining/models`` (hatch
``force-include`` in ``pyproject.toml``); an editable install or a checkout finds the same files
in ``models/`` beside the package. There is one copy in git either way.

>>> bundled_model("ceasefire").name
'ceasefire.toml'
"""

from __future__ import annotations

from pathlib import Path

import bargaining
from bargaining.errors import BargainingError

__all__ = ["DEFAULT_MODEL", "bundled_model", "bundled_models_directory"]

#: The model ``bargaining report`` runs when given none.
DEFAULT_MODEL = "ceasefire"


def bundled_models_directory() -> Path:
    """The directory holding the bundled model files, installed or in a checkout.

    >>> (bundled_models_directory() / "chicken.toml").is_file()
    True
    """
    package = Path(bargaining.__file__).resolve().parent
    for candidate in (package / "models", package.parent / "models"):
        if candidate.is_dir():
            return candidate
    raise BargainingError(
        "the bundled model files are missing from this installation; "
        "give a model file: bargaining report MODEL.toml"
    )


def bundled_model(name: str = DEFAULT_MODEL) -> Path:
    """The path of the bundled model file ``<name>.toml``."""
    directory = bundled_models_directory()
    path = directory / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.toml")))
        raise BargainingError(f"no bundled model {name!r}; bundled models: {known}")
    return path
