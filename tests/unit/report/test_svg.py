"""The figures of the HTML as inline SVG (report/render/svg.py): Typst's own SVG of the charts and a
map, made smaller without changing what it draws, with every shared definition once per document.

Whether a browser draws them the same is tested in Chromium
(tests/integration/report/test_svg_in_chromium.py); here: the text itself."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.unit.report.test_maps import kaart
from tests.unit.report.test_render import figuren, in_child
from woonzorg_analyse.report.render.pdf import PNG_MARGE_CM, render_svgs
from woonzorg_analyse.report.render.svg import Sprite

SVG = "{http://www.w3.org/2000/svg}"
REF = re.compile(r'href="#([^"]+)"|url\(#([^)]+)\)')


def svgs_of_figures() -> list[str]:
    return render_svgs([*figuren(), kaart()])


@pytest.fixture(scope="module")
def typst_svgs() -> list[str]:
    return in_child(svgs_of_figures)


def parsed(markup: str) -> ET.Element:
    """Parse inline SVG (no namespace declarations, as in HTML) as XML."""
    return ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def label(i: int) -> str:
    return f'Figuur {i} <met> "tekens" & meer'


def document(svgs: list[str]) -> tuple[list[str], str]:
    sprite = Sprite()
    figures = [sprite.figure(svg, label(i)) for i, svg in enumerate(svgs)]
    return figures, sprite.definitions()


def test_one_svg_per_figure_of_the_page_width_from_one_compile_deterministically(typst_svgs):
    assert len(typst_svgs) == len(figuren()) + 1
    for svg in typst_svgs:
        root = ET.fromstring(svg)
        width_cm = float(root.get("width").removesuffix("pt")) / 72 * 2.54
        assert width_cm == pytest.approx(16.0 + 2 * PNG_MARGE_CM, abs=0.01)
    assert in_child(svgs_of_figures) == typst_svgs


def test_every_figure_refers_only_to_definitions_of_its_document_each_defined_once(typst_svgs):
    figures, definitions = document(typst_svgs)
    defined = re.findall(r' id="([^"]+)"', definitions)
    assert defined and len(defined) == len(set(defined))
    used = {a or b for markup in figures for a, b in REF.findall(markup)}
    assert used == set(defined)  # every reference resolves, no definition is unused
    assert all(" id=" not in markup for markup in figures)  # the definitions left the figures
    # Typst's figures share their glyphs: the document defines each once, not once per figure
    typst_ids = [set(re.findall(r' id="([^"]+)"', svg)) for svg in typst_svgs]
    assert len(defined) == len(set().union(*typst_ids)) < sum(len(ids) for ids in typst_ids)
    # the map clips to its frame and hatches the masked gemeente: both kinds of definition came along
    assert "<clipPath " in definitions and "<pattern " in definitions


def test_the_compact_figure_is_well_formed_accessible_and_draws_the_same_elements(typst_svgs):
    figures, definitions = document(typst_svgs)
    parsed(definitions)
    for i, (original, markup) in enumerate(zip(typst_svgs, figures, strict=True)):
        root = parsed(markup)
        # the name once: a <title> beside aria-label would be read out again as a description
        assert root.get("role") == "img" and root.get("aria-label") == label(i)
        assert root.find(f"{SVG}title") is None
        source = ET.fromstring(original)
        assert root.get("viewBox") == " ".join(
            f"{float(v):.2f}".rstrip("0").rstrip(".") for v in source.get("viewBox").split()
        )

        def drawn(element: ET.Element) -> list[str]:
            return [e.tag for e in element.iter() if e.tag in (f"{SVG}path", f"{SVG}use", f"{SVG}g")]

        body = [e for e in source if e.tag != f"{SVG}defs"]
        assert drawn(root) == [t for e in body for t in drawn(e)]
        assert len(markup) < len(original) / 2  # and much smaller
        assert "xlink" not in markup and not re.search(r"\d\.\d{3}", markup)


def test_numbers_ids_paths_and_defaults_are_written_short_but_the_same():
    svg = (
        '<svg viewBox="0 0 10.123456789 5" width="10.123456789pt" height="5pt" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<path fill="#ffffff" fill-rule="nonzero" d="M 0 0m 1.004999 2.5l -0.000001 3 Z "/>'
        '<g clip-path="url(#cABCDEF0123456789)"><use xlink:href="#gAAAA" x="1.5" y="0" fill="#000000" '
        'fill-rule="nonzero"/><use xlink:href="#gAAAA" x="2.25" y="0" fill="#333333" fill-rule="nonzero"/>'
        '<use xlink:href="#gBBBB" x="3" y="1" fill="#000000" fill-rule="nonzero"/></g>'
        '<defs><symbol id="gAAAA" overflow="visible"><path d="M 0 0m 0.1 0.2h 1.23456"/></symbol>'
        '<symbol id="gBBBB" overflow="visible"><path d="M 1 1 L 2 2"/></symbol></defs>'
        '<defs><clipPath id="cABCDEF0123456789"><path d="M 0 0v 5h 10v -5Z "/></clipPath></defs></svg>'
    )
    sprite = Sprite()
    figure = sprite.figure(svg, "Een figuur")
    assert figure.startswith('<svg viewBox="0 0 10.12 5" width="10.12pt" height="5pt" role="img"')
    # a path opening with a relative move from the origin: the same move as one relative move
    assert '<path fill="#fff" fill-rule="nonzero" d="m1 2.5l0 3Z"/>' in figure
    assert (
        '<g clip-path="url(#_c2)"><use href="#_g0" x="1.5"/><use href="#_g0" x="2.25" fill="#333"/>' in figure
    )
    # a use off the baseline keeps its y and its fill rule: only exact defaults are dropped
    assert '<use href="#_g1" x="3" y="1" fill="#000" fill-rule="nonzero"/>' in figure
    assert sprite.definitions() == (
        '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
        '<symbol id="_g0" overflow="visible"><path d="m0.1 0.2h1.23"/></symbol>'
        '<symbol id="_g1" overflow="visible"><path d="M1 1L2 2"/></symbol>'
        '<clipPath id="_c2"><path d="M0 0v5h10v-5Z"/></clipPath></defs></svg>'
    )
    # the same figure again: nothing new to define, the same ids
    assert sprite.figure(svg, "Een figuur") == figure and sprite.definitions().count("<symbol") == 2
    assert Sprite().definitions() == ""


def points(data: str) -> list[tuple[float, float]]:
    """Return the absolute end point of every segment of path data (m, l, h, v, c, q, Z)."""
    tokens = re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", data)
    arity = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "q": 4}
    x = y = sx = sy = 0.0
    result, i, command = [], 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                x, y = sx, sy
                result.append((x, y))
            continue
        n = arity[command.lower()]
        values = [float(v) for v in tokens[i : i + n]]
        i += n
        rel = command.islower()
        if command.lower() == "h":
            x = values[0] + (x if rel else 0)
        elif command.lower() == "v":
            y = values[0] + (y if rel else 0)
        else:
            x, y = values[-2] + (x if rel else 0), values[-1] + (y if rel else 0)
        if command.lower() == "m":
            sx, sy = x, y
            command = "l" if rel else "L"
        result.append((x, y))
    return result


def test_rounding_does_not_add_up_along_a_path():
    # a boundary of many small steps: each rounded on its own, 0,004 pt would become 0 and the end
    # of the line would be 0,4 pt off; every point must stay within 0,005 pt of Typst's
    steps = "".join(f"l 0.004 {0.0049 * (-1) ** k:.4f}" for k in range(100))
    data = f"M 0 0m 10.123456 20.987654{steps}c 1.111 2.222 3.333 4.444 5.555 6.666q 0.5 0.5 1.004 1Z m 3 4h 0.333v 0.333Z "
    svg = (
        '<svg viewBox="0 0 50 50" width="50pt" height="50pt" xmlns="http://www.w3.org/2000/svg">'
        f'<path fill="none" stroke="#000000" stroke-width="0.5" d="{data}"/></svg>'
    )
    figure = Sprite().figure(svg, "Grens")
    compact = re.search(r' d="([^"]*)"', figure).group(1)
    # "M 0 0m x y" is the same as "m x y" (a path's first relative move counts from the origin)
    original, written = points(data.removeprefix("M 0 0")), points(compact)
    assert len(original) == len(written) == 108
    worst = max(max(abs(a - c), abs(b - d)) for (a, b), (c, d) in zip(original, written, strict=True))
    assert worst <= 0.005 + 1e-9
    assert len(compact) < len(data) / 2


def test_numbers_that_are_no_offsets_stay_as_typst_wrote_them():
    svg = (
        '<svg viewBox="0 0 10 10" width="10pt" height="10pt" xmlns="http://www.w3.org/2000/svg">'
        '<g transform="matrix(0.707106781 0.707106781 -0.707106781 0.707106781 1.234567 2.345678)">'
        '<path fill="#000000" fill-opacity="0.125" d="M 0 0h 1"/></g></svg>'
    )
    figure = Sprite().figure(svg, "Gedraaid")
    assert 'transform="matrix(0.707106781 0.707106781 -0.707106781 0.707106781 1.23 2.35)"' in figure
    assert 'fill-opacity="0.125"' in figure


def test_svg_it_does_not_understand_is_an_error_not_a_silent_loss():
    base = '<svg viewBox="0 0 10 10" width="10pt" height="10pt" xmlns="http://www.w3.org/2000/svg">{}</svg>'
    for body in (
        '<path d="M 0 0a 1 1 0 0 1 2 2"/>',  # an arc: Typst writes none
        '<defs><symbol overflow="visible" id="gAB"><path d="M 0 0"/></symbol></defs>',  # id not first
        '<use xlink:href="#gMISSING" x="1" y="0" fill="#000000" fill-rule="nonzero"/>',  # no definition
    ):
        with pytest.raises(ValueError):
            Sprite().figure(base.format(body), "Figuur")
    # a definition that refers to one the document lacks: found when the definitions are written
    sprite = Sprite()
    sprite.figure(
        base.format(
            '<path fill="url(#tAB)" d="M 0 0h 1"/><defs><pattern id="tAB" width="4" height="4">'
            '<use xlink:href="#gMISSING" x="0" y="0" fill="#000000" fill-rule="nonzero"/></pattern></defs>'
        ),
        "Figuur",
    )
    with pytest.raises(ValueError):
        sprite.definitions()
