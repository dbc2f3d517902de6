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

import difflib
import importlib
import os
import re
import sys

import typer

from woonzorg_analyse.cli.app import DataOption, Output, RootOption, _paths, app, report_problems
from woonzorg_analyse.errors import UsageError, WoonzorgError

# Importing the command modules registers their commands, in this order in --help.
for _module in ("build", "analysis", "report", "regios", "inputs"):
    importlib.import_module(f"woonzorg_analyse.cli.{_module}")

__all__ = ["DataOption", "Output", "RootOption", "_paths", "app", "main", "report_problems", "run"]


# click's (and pydantic's) English for a value that does not convert, in Dutch
_VALUE_MESSAGES = (
    (re.compile(r"Input should be a valid integer.*"), "verwacht een geheel getal"),
    (re.compile(r"Input should be a valid number.*"), "verwacht een getal"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"moet \1 of groter zijn"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"moet \1 of kleiner zijn"),
    (re.compile(r"Input should be greater than (\S+)"), r"moet groter zijn dan \1"),
    (re.compile(r"Input should be less than (\S+)"), r"moet kleiner zijn dan \1"),
    (re.compile(r"(.+) is not one of (.+)\."), r"\1 is geen van \2"),
)


def usage_message(error: Exception) -> str:
    """Return a usage error of the command line (typer's vendored click) in Dutch: what is missing,
    unknown or wrong, with the suggestions click makes; a message not known here as click words it."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    param = getattr(error, "param", None)
    hint = ""
    if param is not None:
        try:
            hint = str(param.get_error_hint(error.ctx))
        except TypeError:
            hint = str(param.get_error_hint())
    if kind == "MissingParameter":
        soort = getattr(error, "param_type", None) or (param.param_type_name if param is not None else "")
        return f"{'argument' if soort == 'argument' else 'optie'} {hint} ontbreekt".replace("  ", " ")
    if kind == "NoSuchOption":
        name = getattr(error, "option_name", "")
        options = sorted(getattr(error, "possibilities", None) or [])
        return f"onbekende optie {name}" + (f"; bedoelt u {' of '.join(options)}?" if options else "")
    if kind == "BadParameter":
        message = message.removeprefix("Value error, ")
        for pattern, dutch in _VALUE_MESSAGES:
            if pattern.fullmatch(message):
                message = pattern.sub(dutch, message)
                break
        return f"ongeldige waarde voor {hint}: {message}" if hint else f"ongeldige waarde: {message}"
    if match := re.fullmatch(r"Option '(.+)' requires an argument\.", message):
        return f"optie '{match.group(1)}' vraagt een waarde"
    if match := re.fullmatch(r"No such command '(.+)'\.", message):
        known = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)
        close = difflib.get_close_matches(match.group(1), known, n=2, cutoff=0.4)
        suggestion = f"; bedoelt u {' of '.join(close)}?" if close else ""
        return f"onbekend commando '{match.group(1)}'{suggestion}"
    if match := re.fullmatch(r"Got unexpected extra argument(?:\(s\))? \((.+)\)", message):
        return f"onverwacht extra argument: {match.group(1)}"
    return error.format_message() if hasattr(error, "format_message") else str(error)


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
        if type(error).__name__ == "NoArgsIsHelpError":
            # a group without its command: its help (typer's rich help is printed as it is made)
            if getattr(error, "message", ""):
                error.show()
            return int(getattr(error, "exit_code", 2) or 2)
        typer.echo(f"Verkeerd gebruik: {usage_message(error)}", err=True)
        words, ctx = [], getattr(error, "ctx", None)
        while ctx is not None and ctx.parent is not None:  # the (sub)command, without the program
            words.insert(0, ctx.info_name)
            ctx = ctx.parent
        typer.echo(f"Zie: woonzorg {' '.join([*words, '--help'])}", err=True)
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
