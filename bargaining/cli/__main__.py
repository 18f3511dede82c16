"""``python -m bargaining.cli``: the same as the ``bargaining`` command."""

from bargaining.cli.app import main

if __name__ == "__main__":
    raise SystemExit(main())
