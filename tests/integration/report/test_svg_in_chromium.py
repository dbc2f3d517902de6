"""A browser draws the HTML's compact inline SVG as it draws Typst's own SVG of the same figure.

The charts and a map (clip path, hatched tiling, glyphs shared between figures) are put in one
page twice, in headless Chromium: Typst's SVG as it came from the compile (inline, with its own
definitions) and the figures of one :class:`Sprite` (inline, their definitions in the shared
hidden ``<svg>``). Both are photographed at the same size and compared pixel by pixel: a lost
glyph, clip path or tiling, or a rounding that moved something, shows as a difference (a lost
letter, a missing hatch and rounding to one decimal instead of two each failed this test).
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from tests.integration.report.chromium import chromium, chromium_page
from tests.unit.report.test_render import in_child
from tests.unit.report.test_svg import svgs_of_figures
from woonzorg_analyse.report.render.svg import Sprite

WIDTH_PX = 900  # about 2,3 pixels a point: finer than a screen shows the report
TILE = 12


def page(svgs: list[str]) -> str:
    sprite = Sprite()
    parts = []
    for i, svg in enumerate(svgs):
        parts.append(f'<div class="f" id="typst{i}">{svg}</div>')
        parts.append(f'<div class="f" id="html{i}">{sprite.figure(svg, f"Figuur {i}")}</div>')
    style = f".f {{ width: {WIDTH_PX}px; margin: 0 0 20px; }} .f > * {{ display: block; width: 100%; height: auto; }}"
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>body {{ margin: 0; }} {style} '
        f"svg.defs {{ position: absolute; }}</style></head><body>{sprite.definitions()}{''.join(parts)}</body></html>"
    )


def photographs(tmp_path, html: str, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    binary = chromium()
    if binary is None:
        pytest.skip("geen Chromium: installeer Debians pakket 'chromium' (apt-get install chromium)")
    try:
        import websockets.sync.client  # noqa: F401
    except ImportError:
        pytest.skip("het pakket websockets ontbreekt: pip install -e '.[dev]'")
    (tmp_path / "figuren.html").write_text(html, encoding="utf-8")
    pairs = []
    with chromium_page(binary, tmp_path / "profiel") as tab:
        tab.call("Page.enable")
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH_PX + 40,
            height=1200,
            deviceScaleFactor=1,
            mobile=False,
        )
        tab.call("Page.navigate", url=(tmp_path / "figuren.html").as_uri())
        tab.wait_for("Page.loadEventFired")
        for i in range(n):
            shots = []
            height = None  # both photographs as high as Typst's figure (the viewBox is rounded)
            for kind in ("typst", "html"):
                x, y, h = tab.evaluate(
                    f"(() => {{ const r = document.querySelector('#{kind}{i} > *').getBoundingClientRect();"
                    " return [r.x, r.y + window.scrollY, r.height]; })()"
                )
                height = height or round(h)
                clip = {"x": x, "y": y, "width": WIDTH_PX, "height": height, "scale": 1}
                shot = tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
                image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
                shots.append(np.asarray(image, dtype=int))
            pairs.append(tuple(shots))
    return pairs


def test_chromium_draws_the_compact_inline_svg_as_typsts_own(tmp_path):
    svgs = in_child(svgs_of_figures)
    for i, (typst, html) in enumerate(photographs(tmp_path, page(svgs), len(svgs))):
        assert typst.shape == html.shape, i
        ink = (typst < 128).any(axis=2).mean()  # dark pixels: text, outlines, hatches
        assert ink > 0.005, f"figuur {i} is leeg getekend"
        difference = np.abs(typst - html).max(axis=2)
        # the same picture: anti-aliasing steps on edges a hundredth of a point away, nothing more;
        # one lost letter shows as a tile of 12 x 12 pixels with dozens of strong differences
        h, w = (n // TILE * TILE for n in difference.shape)
        tiles = (difference[:h, :w] > 96).reshape(h // TILE, TILE, w // TILE, TILE).sum(axis=(1, 3))
        assert difference.mean() < 0.5 and tiles.max() <= 4, (i, difference.mean(), tiles.max())
