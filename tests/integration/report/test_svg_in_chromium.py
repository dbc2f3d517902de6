"""A browser draws the HTML's compact inline SVG as it draws Typst's own SVG of the same figure.

The charts and a map (clip path, hatched tiling, glyphs shared between figures) are put on two pages
in headless Chromium: Typst's SVG as it came from the compile (inline, with its
own definitions) and the figures of one :class:`Sprite` with the report's CSS (inline, their
definitions in the shared hidden ``<svg>``). Both are photographed at the same size and compared
pixel by pixel: a lost glyph, clip path or tiling, or a rounding that moved something, shows as a
difference (a lost full stop, a missing hatch and rounding to one decimal instead of two each
failed this test).
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

from tests.integration.report.chromium import browser, chromium_page
from tests.unit.report.test_render import in_child
from tests.unit.report.test_svg import svgs_of_figures
from woonzorg_analyse.report.render.html import CSS
from woonzorg_analyse.report.render.svg import Sprite

WIDTH_PX = 900  # about 2,3 pixels a point: finer than a screen shows the report
TILE = 12


def pages(svgs: list[str]) -> tuple[str, str]:
    """Return two pages of the same figures, each in a figure 900 pixels wide: Typst's own SVG
    (with its own definitions), and the report's inline SVG with the report's own CSS."""
    head = '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>{}</style></head><body>'
    frame = f"body {{ margin: 0; max-width: none; padding: 0; }} figure {{ width: {WIDTH_PX}px; margin: 0 0 20px; }}"
    typst = "".join(f'<figure id="f{i}">{svg}</figure>' for i, svg in enumerate(svgs))
    own = "figure > svg { display: block; width: 100%; height: auto; }"
    sprite = Sprite()
    report = "".join(
        f'<figure id="f{i}">{sprite.figure(svg, f"Figuur {i}")}</figure>' for i, svg in enumerate(svgs)
    )
    return (
        head.format(own + frame) + typst + "</body></html>",
        head.format(CSS + frame) + sprite.definitions() + report + "</body></html>",
    )


def photographs(tmp_path, name: str, html: str, n: int) -> list[np.ndarray]:
    """Return a photograph of each figure of the page ``html`` (saved as ``name``.html) in headless
    Chromium."""
    binary = browser()
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    shots = []
    with chromium_page(binary, tmp_path / f"profiel-{page.stem}") as tab:
        tab.call("Page.enable")
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH_PX + 40,
            height=1200,
            deviceScaleFactor=1,
            mobile=False,
        )
        tab.call("Page.navigate", url=page.as_uri())
        tab.wait_for("Page.loadEventFired")
        for i in range(n):
            x, y, h = tab.evaluate(
                f"(() => {{ const r = document.querySelector('#f{i} > svg').getBoundingClientRect();"
                " return [r.x, r.y + window.scrollY, r.height]; })()"
            )
            clip = {"x": x, "y": y, "width": WIDTH_PX, "height": round(h), "scale": 1}
            shot = tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
            shots.append(
                np.asarray(Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB"), dtype=int)
            )
    return shots


def test_chromium_draws_the_compact_inline_svg_as_typsts_own(tmp_path):
    svgs = in_child(svgs_of_figures)
    typst_page, report_page = pages(svgs)
    typst_shots = photographs(tmp_path, "typst", typst_page, len(svgs))
    report_shots = photographs(tmp_path, "rapport", report_page, len(svgs))
    for i, (typst, html) in enumerate(zip(typst_shots, report_shots, strict=True)):
        height = min(typst.shape[0], html.shape[0])  # the viewBox is rounded: a row at most
        assert abs(typst.shape[0] - html.shape[0]) <= 1, i
        typst, html = typst[:height], html[:height]
        ink = (typst < 128).any(axis=2).mean()  # dark pixels: text, outlines, hatches
        assert ink > 0.005, f"figuur {i} is leeg getekend"
        difference = np.abs(typst - html).max(axis=2)
        # the same picture: anti-aliasing steps on edges a hundredth of a point away, nothing more;
        # a lost full stop shows as a tile of 12 x 12 pixels with a few strong differences
        h, w = (n // TILE * TILE for n in difference.shape)
        tiles = (difference[:h, :w] > 96).reshape(h // TILE, TILE, w // TILE, TILE).sum(axis=(1, 3))
        assert difference.mean() < 0.5 and tiles.max() <= 1, (i, difference.mean(), tiles.max())
