"""Charts and maps inside the HTML as inline SVG, drawn by the same Typst functions as the PDF.

The writer compiles every figure of a region once to SVG (:func:`woonzorg_analyse.report.render.pdf.
render_svgs`); :class:`Sprite` puts them in one HTML document. Typst writes each text as glyph
outlines (``<symbol>`` in ``<defs>``, used once per letter) and names every definition (glyph,
clip path, tiling) by a hash of its content, so two figures that define the same id define the
same thing. A document therefore holds each definition once, in one hidden ``<svg>`` at the top of
its body, and every figure refers to it. Further, without moving anything that is drawn by more
than half a hundredth of a point (a hundredth of a pixel at the size the HTML shows it):

- numbers are written with at most two decimals (Typst writes nine);
- the 32-character ids become short ones, numbered in order of first use in the document;
- ``xlink:href`` becomes ``href`` (SVG 2, every current browser), ``M 0 0m x y`` becomes ``m x y``
  and path data loses the spaces around its commands;
- a colour ``#333333`` is written ``#333``; a glyph use drops ``y="0"``, ``fill-rule="nonzero"``
  and a black fill (SVG's defaults);
- the ``xmlns`` declarations go (inline SVG in HTML is in the SVG namespace by its tag).

The HTML had its figures as palette PNGs before: rasterising and reducing them took 0,4 CPU s per
region; the SVG takes 0,02 s, stays sharp at every zoom, prints as vectors and has about the same
bytes. Deterministic: the same figures give the same text. A browser draws the result as it draws
Typst's own SVG (tests/integration/report/test_svg_in_chromium.py).
"""

from __future__ import annotations

import re
from html import escape

# a Typst definition: <symbol id="g…">…</symbol>, <clipPath id="c…">…</clipPath>, <pattern id="t…">…
_DEFINITION = re.compile(
    r'<(symbol|clipPath|pattern|linearGradient|radialGradient) id="([^"]+)".*?</\1>', re.S
)
_DEFS = re.compile(r"<defs\b[^>]*>(.*?)</defs>", re.S)
_ID_REF = re.compile(r'(id="|href="#|url\(#)([^")]+)')
_NUMBER = re.compile(r"(-?\d+\.\d+)")  # captured: re.split keeps the numbers
_ROOT = re.compile(r"<svg\b([^>]*)>")
_ROOT_KEEP = re.compile(r'(?<![-\w:])(viewBox|width|height)="[^"]*"')
_PATH = re.compile(r'(\bd="[^"]*")')  # captured: re.split keeps the path data
# the space around a path command says nothing
_BEFORE_COMMAND = re.compile(r"\s+(?=[A-Za-z])")
_AFTER_COMMAND = re.compile(r"(?<=[A-Za-z])\s+")
# a glyph use: y="0" and fill-rule="nonzero" are SVG's defaults, and so is a black fill (no element
# above a glyph use sets a fill or fill rule: Typst puts them on every drawn element)
_USE = re.compile(r'<use (href="#[^"]+" x="[^"]+") y="0" fill="([^"]+)" fill-rule="nonzero"/>')
_COLOUR = re.compile(r'"#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3"')
DECIMALS = 2


def _numbers(text: str) -> str:
    # split and join: a Python function per match (re.sub) took twice as long
    parts = _NUMBER.split(text)
    short = []
    for number in parts[1::2]:
        written = f"{float(number):.{DECIMALS}f}".rstrip("0").rstrip(".")
        short.append("0" if written in ("-0", "") else written)
    parts[1::2] = short
    return "".join(parts)


def _paths(text: str) -> str:
    parts = _PATH.split(text)
    for i in range(1, len(parts), 2):
        data = parts[i][3:-1]
        if data.startswith("M 0 0m "):
            # a relative moveto that opens a path counts from the origin (SVG 1.1, 8.3.2): the same
            data = data.removeprefix("M 0 0")
        parts[i] = 'd="' + _AFTER_COMMAND.sub("", _BEFORE_COMMAND.sub("", data)) + '"'
    return "".join(parts)


def _use(match: re.Match[str]) -> str:
    fill = "" if match.group(2) == "#000" else f' fill="{match.group(2)}"'
    return f"<use {match.group(1)}{fill}/>"


def _compact(text: str) -> str:
    text = _paths(_numbers(text)).replace("xlink:href=", "href=")
    return _USE.sub(_use, _COLOUR.sub(r'"#\1\2\3"', text))


class Sprite:
    """The figures of one HTML document: :meth:`figure` returns a figure's inline ``<svg>``,
    :meth:`definitions` the hidden ``<svg>`` that defines what they share (glyphs, clip paths,
    tilings), each once, to be placed in the same document."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._definitions: dict[str, str] = {}

    def _short(self, name: str) -> str:
        short = self._ids.get(name)
        if short is None:
            short = self._ids[name] = f"_{name[:1]}{len(self._ids):x}"
        return short

    def _rename(self, text: str) -> str:
        return _ID_REF.sub(lambda m: m.group(1) + self._short(m.group(2)), text)

    def figure(self, svg: str, label: str) -> str:
        """Return the Typst SVG ``svg`` of one figure as inline SVG with the accessible name
        ``label`` (read out instead of the drawing), its definitions moved to :meth:`definitions`."""
        for block in _DEFS.findall(svg):
            for definition in _DEFINITION.finditer(block):
                short = self._short(definition.group(2))
                if short not in self._definitions:
                    self._definitions[short] = self._rename(_compact(definition.group(0)))
        body = _DEFS.sub("", svg)
        root = _ROOT.search(body)
        if root is None:
            raise ValueError("geen <svg>-element in de figuur")
        attributes = _compact(" ".join(m.group(0) for m in _ROOT_KEEP.finditer(root.group(1))))
        inner = body[root.end() : body.rindex("</svg>")]
        return (
            f'<svg {attributes} role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
            f"{self._rename(_compact(inner))}</svg>"
        )

    def definitions(self) -> str:
        """Return the hidden ``<svg>`` with every definition the figures so far use ('' if none).
        It has no size and is hidden from assistive technology; the figures refer to it by id."""
        if not self._definitions:
            return ""
        return (
            '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
            + "".join(self._definitions[k] for k in sorted(self._definitions, key=self._order))
            + "</defs></svg>"
        )

    def _order(self, short: str) -> int:
        return int(short[2:], 16)
