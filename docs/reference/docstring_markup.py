"""A griffe extension (mkdocs.yml loads it) that adapts the package's docstrings to Markdown.

The docstrings are written for ``help()`` and Sphinx-style readers: numpy sections, Sphinx roles
such as ``:func:`parse_expr```, doctests that sit in the running text, and a paragraph or two of
notes after a ``Parameters`` list. mkdocstrings renders Markdown, so before griffe parses a
docstring this extension

* turns roles into inline code (``:func:`~bargaining.io.read_game``` -> ``read_game``);
* fences doctests in the running text as ``pycon`` code, so that ``[True, True]`` is not read
  as a Markdown link, and starts an ``Examples`` section at a doctest that follows another
  section's list;
* starts a ``Notes`` section at a paragraph that follows a ``Parameters`` or ``Attributes`` list
  without being an entry of it, so that its words are not read as parameter names.

The docstrings themselves are unchanged; only their rendering on the site is.
"""

from __future__ import annotations

import re
from typing import Any

try:
    import griffe
except ImportError:  # the docs extra is absent: pytest still imports this file for doctests
    griffe = None

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|data|attr|exc|obj|const):`~?([^`]+)`")
ENTRY = re.compile(r"^\*{0,2}[A-Za-z_]\w*(?:, \*{0,2}[A-Za-z_]\w*)*\s*(?::|$)")
LISTS = {"Parameters", "Attributes", "Other Parameters"}


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    shown = target.rsplit(".", 1)[-1] if match.group(0).count("~") else target
    return f"`{shown}`"


def _is_header(lines: list[str], index: int) -> bool:
    return (
        index + 1 < len(lines)
        and bool(lines[index].strip())
        and not lines[index].startswith(" ")
        and set(lines[index + 1].strip()) == {"-"}
        and len(lines[index + 1].strip()) >= 3
    )


def rewrite(text: str) -> str:
    """The Markdown-ready form of one docstring's text (already dedented)."""
    text = ROLE.sub(_role, text)
    lines = text.split("\n")
    out: list[str] = []
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_header(lines, index):
            section = line.strip()
            out += [line, lines[index + 1]]
            index += 2
            continue
        if (
            section in LISTS
            and line
            and not line.startswith(" ")
            and index > 0
            and not lines[index - 1].strip()
            and not ENTRY.match(line)
        ):
            section = "Notes"
            out += ["Notes", "-----"]
        if section not in ("", "Examples") and line.startswith(">>>"):
            # a doctest after a Raises or Returns list: it is the examples of the docstring
            section = "Examples"
            out += ["Examples", "--------"]
        if section != "Examples" and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while index < len(lines) and lines[index].strip():
                block.append(lines[index])
                index += 1
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


class DocstringMarkup(griffe.Extension if griffe else object):
    """Rewrite every docstring with :func:`rewrite` before it is parsed."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
