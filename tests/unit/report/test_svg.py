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
        assert root.get("role") == "img" and root.get("aria-label") == label(i)
        assert root.find(f"{SVG}title").text == root.get("aria-label")
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
