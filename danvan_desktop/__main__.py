"""``danvan`` / ``python -m danvan_desktop``: the window, or with a sub-command the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command:
        return run(argv)
    from .app import run_window  # Qt is imported only when the window is asked for

    return run_window(args.db, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
