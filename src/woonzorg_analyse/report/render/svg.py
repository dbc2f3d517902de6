"""Charts and maps inside the HTML as inline SVG, drawn by the same Typst functions as the PDF.

The writer compiles every figure of a region once to SVG (:func:`woonzorg_analyse.report.render.pdf.
render_svgs`); :class:`Sprite` puts them in one HTML document. Typst writes each text as glyph
outlines (``<symbol>`` in ``<defs>``, used once per letter) and names every definition (glyph,
clip path, tiling) by a hash of its content, so two figures that define the same id define the
same thing. A document therefore holds each definition once, in one hidden ``<svg>`` at the top of
its body, and every figure refers to it. Further, smaller but drawn the same:

- coordinates are written with two decimals (Typst writes nine). A path's points stay within
  0,005 pt of where Typst put them: its relative steps are the differences between the rounded
  positions, so rounding does not add up along a path. Offsets (``x``, ``y``, a translation) are
  rounded each to 0,005 pt; any other number (a scale, an opacity) is kept as Typst wrote it;
- the 32-character ids become short ones, numbered in order of first use in the document;
- ``xlink:href`` becomes ``href`` (SVG 2, every current browser), ``M 0 0m x y`` becomes ``m x y``;
- a colour ``#333333`` is written ``#333``; a glyph use drops ``y="0"``, ``fill-rule="nonzero"``
  and a black fill (SVG's defaults);
- the ``xmlns`` declarations go (inline SVG in HTML is in the SVG namespace by its tag).

Anything it does not recognise is an error, never a silent loss: a definition it cannot read, a
reference to a definition the document lacks, a path command it does not know.

The HTML had its figures as palette PNGs before: rasterising and reducing them took 0,4 CPU s per
region; the SVG takes about 0,1 s, stays sharp at every zoom, prints as vectors and takes about as
many bytes. Deterministic: the same figures give the same text. A browser draws the result as it
draws Typst's own SVG (tests/integration/report/test_svg_in_chromium.py).
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
_REFERENCE = re.compile(r'href="#([^"]+)"|url\(#([^)]+)\)')
_NUMBER = re.compile(r"(-?\d+\.\d+)")  # captured: re.split keeps the numbers
_ROOT = re.compile(r"<svg\b([^>]*)>")
_ROOT_KEEP = re.compile(r'(?<![-\w:])(viewBox|width|height)="[^"]*"')
# the attributes whose numbers are offsets and sizes in points, and the translations
_OFFSETS = re.compile(r'(?<![-\w:])((?:x|y|width|height|viewBox|stroke-width)="[^"]*")')
_TRANSLATE = re.compile(r"(translate\([^)]*\))")
_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_PATH = re.compile(r'(?<![-\w:])d="([^"]*)"')
_PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)")
# how many numbers a path command takes (arcs are not written by Typst)
_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "z": 0}
# a glyph use: y="0" and fill-rule="nonzero" are SVG's defaults, and so is a black fill (no element
# above a glyph use sets a fill or fill rule: Typst puts them on every drawn element)
_USE = re.compile(r'<use (href="#[^"]+" x="[^"]+") y="0" fill="([^"]+)" fill-rule="nonzero"/>')
_COLOUR = re.compile(r'"#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3"')
DECIMALS = 2
_WRITTEN: dict[int, str] = {}  # a step in hundredths of a point, as written (the same few recur)


def _short_number(value: float) -> str:
    written = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if written in ("-0", "") else written


def _numbers(text: str) -> str:
    # split and join: a Python function per match (re.sub) took twice as long
    parts = _NUMBER.split(text)
    parts[1::2] = [_short_number(float(number)) for number in parts[1::2]]
    return "".join(parts)


def _matrix(match: re.Match[str]) -> str:
    values = match.group(1).split()
    if len(values) != 6:
        raise ValueError(f"SVG-transformatie niet begrepen: matrix({match.group(1)})")
    # a, b, c, d scale and turn: kept; e and f move: rounded like every offset
    return "matrix(" + " ".join([*values[:4], *(_short_number(float(v)) for v in values[4:])]) + ")"


def _path_data(data: str) -> str:
    """Return path data with every point within 0,005 pt of Typst's: relative steps are written as
    differences of rounded absolute positions (rounding each step would add up along the path)."""
    tokens = _PATH_TOKEN.findall(data)
    if "".join(tokens) != re.sub(r"[\s,]+", "", data):
        raise ValueError(f"SVG-pad niet begrepen: {data[:80]}")
    scale = 10**DECIMALS

    def rounded(value: float) -> int:  # in hundredths of a point
        return round(value * scale)

    def text(units: int) -> str:
        written = _WRITTEN.get(units)
        if written is None:
            written = _WRITTEN[units] = _short_number(units / scale)
        return written

    out: list[str] = []
    x = y = start_x = start_y = 0.0  # the exact current point and subpath start
    rx = ry = start_rx = start_ry = 0  # the same, rounded, in hundredths
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            out.append(command)
            if command in "Zz":
                x, y, rx, ry = start_x, start_y, start_rx, start_ry
            continue
        kind = command.lower()
        arity = _ARITY.get(kind)
        if not arity or i + arity > len(tokens):
            raise ValueError(f"SVG-pad niet begrepen: {data[:80]}")
        values = [float(v) for v in tokens[i : i + arity]]
        i += arity
        relative = command.islower()
        numbers: list[str] = []
        if kind in "hv":
            exact = values[0] + ((x if kind == "h" else y) if relative else 0.0)
            target = rounded(exact)
            base = (rx if kind == "h" else ry) if relative else 0
            numbers.append(text(target - base))
            if kind == "h":
                x, rx = exact, target
            else:
                y, ry = exact, target
        else:
            # every pair of a relative segment counts from the point where the segment starts
            for k in range(0, arity, 2):
                px = values[k] + (x if relative else 0.0)
                py = values[k + 1] + (y if relative else 0.0)
                qx, qy = rounded(px), rounded(py)
                numbers += [text(qx - (rx if relative else 0)), text(qy - (ry if relative else 0))]
                last = (px, py, qx, qy)
            x, y, end_rx, end_ry = last
            rx, ry = end_rx, end_ry
        if out and not out[-1][-1].isalpha():
            out.append(" ")
        out.append(" ".join(numbers))
        if kind == "m":
            start_x, start_y, start_rx, start_ry = x, y, rx, ry
            command = "l" if relative else "L"  # pairs after a moveto draw lines
    return "".join(out)


def _path(match: re.Match[str]) -> str:
    data = match.group(1)
    if data.startswith("M 0 0m "):
        # a relative moveto that opens a path counts from the origin (SVG 1.1, 8.3.2): the same
        data = data.removeprefix("M 0 0")
    return f'd="{_path_data(data)}"'


def _use(match: re.Match[str]) -> str:
    fill = "" if match.group(2) == "#000" else f' fill="{match.group(2)}"'
    return f"<use {match.group(1)}{fill}/>"


def _compact(text: str) -> str:
    parts = _OFFSETS.split(_PATH.sub(_path, text))
    parts[1::2] = [_numbers(p) for p in parts[1::2]]
    text = _MATRIX.sub(_matrix, "".join(parts))
    parts = _TRANSLATE.split(text)
    parts[1::2] = [_numbers(p) for p in parts[1::2]]
    text = "".join(parts).replace("xlink:href=", "href=")
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
        ``label`` (read out instead of the drawing), its definitions moved to :meth:`definitions`.

        Raises ValueError for SVG it does not fully understand (nothing is dropped silently)."""
        for block in _DEFS.findall(svg):
            if _DEFINITION.sub("", block).strip():
                raise ValueError(f"SVG-definitie niet begrepen: {block[:80]}")
            for definition in _DEFINITION.finditer(block):
                short = self._short(definition.group(2))
                if short not in self._definitions:
                    self._definitions[short] = self._rename(_compact(definition.group(0)))
        body = _DEFS.sub("", svg)
        root = _ROOT.search(body)
        if root is None:
            raise ValueError("geen <svg>-element in de figuur")
        attributes = _compact(" ".join(m.group(0) for m in _ROOT_KEEP.finditer(root.group(1))))
        inner = self._rename(_compact(body[root.end() : body.rindex("</svg>")]))
        missing = {a or b for a, b in _REFERENCE.findall(inner)} - set(self._definitions)
        if missing:
            raise ValueError(f"SVG verwijst naar ontbrekende definities: {sorted(missing)}")
        return f'<svg {attributes} role="img" aria-label="{escape(label)}">{inner}</svg>'

    def definitions(self) -> str:
        """Return the hidden ``<svg>`` with every definition the figures so far use ('' if none).
        It has no size and is hidden from assistive technology; the figures refer to it by id."""
        if not self._definitions:
            return ""
        used = {a or b for text in self._definitions.values() for a, b in _REFERENCE.findall(text)}
        if used - set(self._definitions):  # a tiling drawn with a glyph the document lacks, say
            raise ValueError(
                f"SVG verwijst naar ontbrekende definities: {sorted(used - set(self._definitions))}"
            )
        return (
            '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
            + "".join(self._definitions[k] for k in sorted(self._definitions, key=self._order))
            + "</defs></svg>"
        )

    def _order(self, short: str) -> int:
        return int(short[2:], 16)
