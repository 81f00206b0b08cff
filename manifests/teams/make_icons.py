"""Generate the Teams app icons `color.png` (192×192) and `outline.png` (32×32).

A developer tool, not a runtime dependency: the generated PNGs are committed, so users
build the Teams package without Pillow. Rerun after changing the motif:

    .venv/bin/python manifests/teams/make_icons.py

The motif is a tandem: two interlocking rings. Teams wants the colour icon in full colour
and the outline icon white on a transparent background (no other colours).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ACCENT = (0x2E, 0x6F, 0x5E)  # keep in step with accentColor in manifest.json
WHITE = (255, 255, 255)
SUPERSAMPLE = 8  # draw large, then downscale, for smooth edges


def _rings(size: int, ring_width: float, radius: float, gap: float) -> Image.Image:
    """A greyscale mask (L mode) of two overlapping rings centred in a `size` square."""
    big = size * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    r = radius * big
    width = max(1, round(ring_width * big))
    cy = big / 2
    for cx in (big / 2 - gap * big / 2, big / 2 + gap * big / 2):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=width)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def make_color(size: int = 192) -> Image.Image:
    """Full-colour icon: white rings on the accent colour, edge to edge."""
    img = Image.new("RGB", (size, size), ACCENT)
    mask = _rings(size, ring_width=0.07, radius=0.22, gap=0.26)
    img.paste(Image.new("RGB", (size, size), WHITE), (0, 0), mask)
    return img


def make_outline(size: int = 32) -> Image.Image:
    """Outline icon: pure white, the shape only in the alpha channel, background transparent."""
    alpha = _rings(size, ring_width=0.09, radius=0.30, gap=0.36)
    white = Image.new("L", (size, size), 255)
    return Image.merge("RGBA", (white, white, white, alpha))


def main() -> None:
    make_color().save(HERE / "color.png", optimize=True)
    make_outline().save(HERE / "outline.png", optimize=True)
    print(f"wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
