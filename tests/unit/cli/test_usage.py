"""A command used wrongly gets a Dutch message that says what is missing, unknown or wrong, the
suggestion click makes, where the help is, and exit code 2: no English usage block."""

from __future__ import annotations

import pytest

from woonzorg_analyse.cli import run


@pytest.mark.parametrize(
    ("args", "message", "hulp"),
    [
        (["validate"], "argument 'paden' ontbreekt", "woonzorg validate --help"),
        (["build", "--foo"], "onbekende optie --foo; bedoelt u --force of --root?", "woonzorg build --help"),
        (["herkomst", "--regio", "KL07"], "optie '--blad' ontbreekt", "woonzorg herkomst --help"),
        (["report", "--jobs", "abc"], "ongeldige waarde voor '--jobs' / '-j': verwacht een geheel getal",
         "woonzorg report --help"),
        (["report", "--jobs", "0"], "ongeldige waarde voor '--jobs' / '-j': moet 1 of groter zijn",
         "woonzorg report --help"),
        (["regios", "--format", "xml"], "ongeldige waarde voor '--format': 'xml' is geen van 'table', 'csv'",
         "woonzorg regios --help"),
        (["bouw"], "onbekend commando 'bouw'; bedoelt u build?", "woonzorg --help"),
        (["build", "extra"], "onverwacht extra argument: extra", "woonzorg build --help"),
        (["report", "--regio"], "optie '--regio' vraagt een waarde", "woonzorg --help"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_dutch_line_and_where_the_help_is(capsys, args, message, hulp):
    assert run(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"Verkeerd gebruik: {message}", f"Zie: {hulp}"]


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["validate", "--help"], ["fetch"]])
def test_help_pages_frame_the_dutch_texts_with_dutch_words(capsys, args):
    assert run(args) in (0, 2)  # a group without its command shows its help with code 2
    page = capsys.readouterr().out
    out = " ".join(page.split())  # the page's words, whatever its width
    assert "Opties" in out and "Toon deze hulp en stop." in out
    for english in ("Options", "Show this message and exit", "[default:", "[required]", "Commands"):
        assert english not in out, english
    if args == ["report", "--help"]:  # a docstring's paragraph flows as one, not at its source lines
        assert "(vingerafdruk.json in de map van de regio)" in out
        assert not any(line.rstrip().endswith("vingerafdruk.json in") for line in page.splitlines())
