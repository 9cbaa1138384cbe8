"""Draw the add-in's ribbon icons (a white report sheet with a tick on the red tab colour).

Run once when the design changes; the PNGs are committed under xl_addin/server/project/static.
Needs Pillow (not a runtime dependency).
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "xl_addin/server/project/static/images/icons"


def icon(size: int) -> Image.Image:
    scale = 4
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, s - 1, s - 1], radius=s // 6, fill=(183, 28, 28, 255))
    m = s // 5
    d.rectangle([m, m * 0.8, s - m, s - m * 0.8], fill=(255, 255, 255, 255))
    for i in range(3):
        y = m * 1.4 + i * s * 0.13
        d.line([m * 1.5, y, s - m * 1.5, y], fill=(183, 28, 28, 255), width=max(scale, s // 28))
    w = max(scale * 2, s // 12)
    d.line([(s * 0.38, s * 0.68), (s * 0.48, s * 0.78), (s * 0.68, s * 0.56)], fill=(46, 125, 50, 255), width=w)
    return img.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (16, 32, 64, 80):
        icon(size).save(OUT / f"nianbao-{size}.png")
        print(OUT / f"nianbao-{size}.png")
