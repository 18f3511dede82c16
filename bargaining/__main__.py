"""``python -m bargaining``: the same as the ``bargaining`` command."""

from bargaining.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
