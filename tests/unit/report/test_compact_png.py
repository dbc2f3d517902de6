"""The charts inside the HTML: palette PNGs that look the same at a fraction of the bytes."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from woonzorg_analyse.report.render.html import compact_png


def chart_png() -> bytes:
    """A chart-like RGBA image: flat bars on white, a transparent margin, anti-aliased text."""
    image = Image.new("RGBA", (600, 360), (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    for i, colour in enumerate([(0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167)]):
        draw.rectangle([40, 30 + 70 * i, 120 + 110 * i, 80 + 70 * i], fill=(*colour, 255))
        draw.text((50 + 110 * i, 85 + 70 * i), f"Groep {i}: {1234 * (i + 1)} woningen", fill=(0, 0, 0, 255))
    draw.rectangle([0, 340, 600, 360], fill=(0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_chart_becomes_a_smaller_palette_png_that_looks_the_same_every_time():
    original = chart_png()
    compact = compact_png(original)
    assert len(compact) < len(original)
    assert compact == compact_png(original)  # deterministic: the same report bytes every run
    page = Image.new("RGBA", (600, 360), (255, 255, 255, 255))
    page.alpha_composite(Image.open(io.BytesIO(original)).convert("RGBA"))
    before = np.asarray(page, dtype=int)  # as the chart shows on the white page
    image = Image.open(io.BytesIO(compact))
    after = np.asarray(image.convert("RGBA"), dtype=int)
    assert image.mode == "P" and after.shape == before.shape
    # flat colours, the white and the margin exactly; anti-aliased text edges within a few steps
    assert (after[55, 60] == before[55, 60]).all() and (after[350, 300] == before[350, 300]).all()
    assert np.abs(after - before).max() <= 16 and np.abs(after - before).mean() < 0.5
