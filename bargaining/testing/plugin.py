"""A pytest plugin that turns every claim of every model file into a test.

Enable it with ``-p bargaining.testing.plugin`` (or the ``pytest11`` entry point of the
package) and point it at model files::

    pytest --bargaining-models models/
    pytest --bargaining-models models/ceasefire.toml --bargaining-examples 500

With the option and no test paths on the command line, the run checks the claims and nothing
else: the project's own tests (``testpaths`` or the current directory) are not collected.
Paths given on the command line are collected as usual, beside the claims::

    pytest tests/test_games.py --bargaining-models models/chicken.toml

Each ``[[claims]]`` entry becomes a test item named ``MODEL.toml::claim name``; a failing
claim reports the shrunk counterexample and the equilibria there. A model file with problems
becomes one failing item that lists them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.model import ModelError, load_model
from bargaining.testing.claims import SolvedPoints, check_claim

__all__ = ["ClaimItem", "ModelFile", "claims_only", "model_paths"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bargaining", "bargaining model claims")
    group.addoption(
        "--bargaining-models",
        action="append",
        default=[],
        metavar="PATH",
        help="check the [[claims]] of these model files (a .toml file or a directory of "
        "them); repeatable",
    )
    group.addoption(
        "--bargaining-examples",
        type=int,
        default=200,
        metavar="N",
        help="points the hypothesis search draws per claim (default 200)",
    )
    group.addoption(
        "--bargaining-seed", type=int, default=0, metavar="S", help="seed of the claim search"
    )


def model_paths(paths: list[str]) -> list[Path]:
    """The model files named by ``paths``: files as given, directories' ``*.toml`` sorted.

    >>> [p.name for p in model_paths(["models/chicken.toml"])]
    ['chicken.toml']
    """
    found: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found.extend(sorted(path.glob("*.toml")))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


class ClaimFailure(Exception):
    """A claim failed; the message is the report."""


class ModelFile(pytest.File):
    """A model file: one :class:`ClaimItem` per claim."""

    def collect(self):
        try:
            model = load_model(self.path)
        except ModelError as error:
            yield ModelErrorItem.from_parent(self, name="<model>", error=error)
            return
        solved = SolvedPoints(model)  # the model's claims share the solve of each point
        for claim in model.claims:
            yield ClaimItem.from_parent(
                self, name=claim.name, model=model, claim=claim, solved=solved
            )


class ReportItem(pytest.Item):
    """An item whose failure is a report written for the user (a :class:`ClaimFailure`),
    shown as it is, without pytest's traceback."""

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ClaimFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class ModelErrorItem(ReportItem):
    """A model file that cannot be read: fails with its problems."""

    def __init__(self, *, error: ModelError, **kwargs) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise ClaimFailure(f"the model file has problems:\n{self.error}")

    def reportinfo(self):
        return self.path, None, f"{self.path.name}: model problems"


class ClaimItem(ReportItem):
    """One claim of a model, checked by :func:`~bargaining.testing.claims.check_claim`."""

    def __init__(self, *, model, claim, solved, **kwargs) -> None:
        super().__init__(**kwargs)
        self.model = model
        self.claim = claim
        self.solved = solved
        self.result = None

    def runtest(self) -> None:
        config = self.config
        self.result = check_claim(
            self.model,
            self.claim,
            examples=config.getoption("bargaining_examples"),
            seed=config.getoption("bargaining_seed"),
            solved=self.solved,
        )
        if not self.result.passed:
            raise ClaimFailure(self.result.explain())

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.claim.name}"


def claims_only(config: pytest.Config) -> bool:
    """Whether the run checks model claims and nothing else.

    True when ``--bargaining-models`` is given and the command line names no test paths (the
    paths come from ``testpaths`` or the current directory): a user asking for a model's
    claims does not expect the whole test suite to run.

    >>> import pytest
    >>> config = pytest.Config.fromdictargs({"bargaining_models": ["models/chicken.toml"]}, [])
    >>> config.args_source = pytest.Config.ArgsSource.TESTPATHS  # pytest --bargaining-models ...
    >>> claims_only(config)
    True
    >>> config.args_source = pytest.Config.ArgsSource.ARGS  # pytest tests/x.py --bargaining-...
    >>> claims_only(config)
    False
    """
    return bool(config.getoption("bargaining_models", default=[])) and (
        config.args_source is not pytest.Config.ArgsSource.ARGS
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Ignoring (not deselecting) skips importing the test modules: the claims start at once.
    return True if claims_only(config) else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    paths = config.getoption("bargaining_models")
    if not paths:
        return
    if claims_only(config) and items:
        # A file named in ``testpaths`` (README.md here) is collected without asking
        # pytest_ignore_collect: deselect it.
        config.hook.pytest_deselected(items=list(items))
        items.clear()
    for path in model_paths(paths):
        if not path.exists():
            raise pytest.UsageError(f"--bargaining-models: no such file or directory: {path}")
        node = ModelFile.from_parent(session, path=path.resolve())
        items.extend(session.genitems(node))  # reported as collected, like any file
