"""The ``narrate`` command (also ``python -m narrator``).

Loading the command line takes a few dozen milliseconds; Ctrl-C meanwhile
ends it with the same one line as Ctrl-C later on, not a traceback.
"""

import sys


def main() -> None:
    try:
        from narrator.cli import main as narrate
    except KeyboardInterrupt:
        from narrator.errors import ExitStatus

        sys.stderr.write("Error: Interrupted.\n")
        raise SystemExit(ExitStatus.INTERRUPTED) from None
    narrate()


if __name__ == "__main__":
    main()
