"""The ``woonzorg`` command line: a thin typer app over the Python API.

Exit codes:

- 0 in orde;
- 1 fouten in de gegevens of de definities (every problem named with file, row or key);
- 2 verkeerd gebruik van het commando;
- 3 een fout in het programma zelf (``WOONZORG_DEBUG=1`` shows the traceback; report it);
- 4 de omgeving: a folder that cannot be written or read, a read-only or full disk (the message
  names the path; nothing is half written, the previous outputs stay as they were);
- 130 afgebroken (Ctrl-C).

Messages are Dutch; bad data never produces a traceback.

The commands live in one module per kind (:mod:`.build`, :mod:`.analysis`, :mod:`.report`,
:mod:`.regios`, :mod:`.inputs`), each importing :data:`app` from :mod:`.app`; importing them
here registers them. A module that cannot be imported is an error, never a command that
silently disappears.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from woonzorg_analyse.cli.app import DataOption, Output, RootOption, _paths, app, report_problems
from woonzorg_analyse.errors import UsageError, WoonzorgError

# Importing the command modules registers their commands, in this order in --help.
for _module in ("build", "analysis", "report", "regios", "inputs"):
    importlib.import_module(f"woonzorg_analyse.cli.{_module}")

__all__ = ["DataOption", "Output", "RootOption", "_paths", "app", "main", "report_problems", "run"]


def main() -> None:
    """Console-script entry point: run the app and turn known errors into Dutch messages."""
    sys.exit(run())


def run(args: list[str] | None = None) -> int:
    """Run the app with ``args`` and return the exit code (see the module docstring)."""
    try:
        code = app(args=args, standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as exit_:
        return exit_.exit_code
    except typer.Abort:
        typer.echo("Afgebroken.", err=True)
        return 1
    except UsageError as error:
        typer.echo(f"Verkeerd gebruik: {error}", err=True)
        return 2
    except typer.TyperException as error:  # click's usage errors, vendored by typer
        show = getattr(error, "show", None)
        if show:
            show()
        else:
            typer.echo(f"Verkeerd gebruik: {error}", err=True)
        return int(getattr(error, "exit_code", 2) or 2)
    except WoonzorgError as error:
        typer.echo(f"FOUT  {error}", err=True)
        return error.exit_code
    except KeyboardInterrupt:
        typer.echo("Afgebroken.", err=True)
        return 130
    except Exception as error:  # a defect in this program, not in the data, unless the environment
        from woonzorg_analyse.load.files import environment_error

        translated = environment_error(error)
        if translated is not None:
            typer.echo(f"FOUT  {translated}", err=True)
            return translated.exit_code
        if os.environ.get("WOONZORG_DEBUG"):
            raise
        typer.echo(
            f"Interne fout ({type(error).__name__}: {error}). Dit is een fout in woonzorg-analyse; "
            "zet WOONZORG_DEBUG=1 voor details en meld het.",
            err=True,
        )
        return 3
