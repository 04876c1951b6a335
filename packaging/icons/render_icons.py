"""Render every raster icon from the one SVG source (annotator/resources/icons/annotator.svg).

Writes:
- annotator/resources/icons/annotator.png      256 px, the window icon inside the package
- packaging/icons/png/annotator-<N>.png         16..512 px, Linux hicolor theme sizes
- packaging/icons/annotator.ico                 Windows (16..256 px in one file)
- packaging/icons/annotator.icns                macOS (16..1024 px)

PNGs are drawn with Qt's SVG renderer (PySide6 is a dependency already); ICO/ICNS are written with Pillow
(`pip install pillow`). Run it again after editing the SVG and commit the results:

    QT_QPA_PLATFORM=offscreen python packaging/icons/render_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "annotator" / "resources" / "icons" / "annotator.svg"
OUT = ROOT / "packaging" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_png(size: int) -> bytes:
    """The SVG drawn at size x size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QtSvg needs one
    pngs = {size: render_png(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}

    (ROOT / "annotator" / "resources" / "icons" / "annotator.png").write_bytes(pngs[256])
    (OUT / "png").mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        (OUT / "png" / f"annotator-{size}.png").write_bytes(pngs[size])

    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: PNGs written, .ico/.icns left as they were (pip install pillow)")
        return 0
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    biggest = images[max(ICO_SIZES)]
    biggest.save(OUT / "annotator.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    images[1024].save(OUT / "annotator.icns", format="ICNS",
                      append_images=[images[s] for s in ICNS_SIZES if s != 1024])
    print(f"wrote {len(PNG_SIZES) + 1} PNGs, annotator.ico and annotator.icns from {SVG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
