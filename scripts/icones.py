"""Make the site's icons (overrides/assets/images/icone-192.png and icone-512.png): the « F » of
Fiches, white on the site's indigo, inside the middle 60 % so that a phone may crop them to a
circle (maskable icons). Run again only to change them: python scripts/icones.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

INDIGO = (63, 81, 181)
FOLDER = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "images"


def icon(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), INDIGO)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(size * 0.5))
    box = draw.textbbox((0, 0), "F", font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    draw.text(((size - width) / 2 - box[0], (size - height) / 2 - box[1]), "F", font=font, fill="white")
    return image


if __name__ == "__main__":
    FOLDER.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(FOLDER / f"icone-{size}.png", optimize=True)
