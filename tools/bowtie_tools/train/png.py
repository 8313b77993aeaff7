"""Line-plot PNGs (loss curves, latency over time) without matplotlib: a raster, a 3x5 font, zlib.

matplotlib is not among the Debian packages the tools need, and a loss curve only needs lines,
axes and a few labels, so this draws them onto a numpy RGB array and writes a PNG by hand.
"""

import struct
import zlib

import numpy as np

# 3x5 glyphs, rows top to bottom, 3 bits per row (4 = left pixel).
GLYPHS = {
    "0": (7, 5, 5, 5, 7), "1": (2, 6, 2, 2, 7), "2": (7, 1, 7, 4, 7), "3": (7, 1, 7, 1, 7),
    "4": (5, 5, 7, 1, 1), "5": (7, 4, 7, 1, 7), "6": (7, 4, 7, 5, 7), "7": (7, 1, 1, 2, 2),
    "8": (7, 5, 7, 5, 7), "9": (7, 5, 7, 1, 7), ".": (0, 0, 0, 0, 2), "-": (0, 0, 7, 0, 0),
    "+": (0, 2, 7, 2, 0), " ": (0, 0, 0, 0, 0), ":": (0, 2, 0, 2, 0), "=": (0, 7, 0, 7, 0),
    "A": (2, 5, 7, 5, 5), "B": (6, 5, 6, 5, 6), "C": (7, 4, 4, 4, 7), "D": (6, 5, 5, 5, 6),
    "E": (7, 4, 6, 4, 7), "F": (7, 4, 6, 4, 4), "G": (7, 4, 5, 5, 7), "H": (5, 5, 7, 5, 5),
    "I": (7, 2, 2, 2, 7), "J": (1, 1, 1, 5, 7), "K": (5, 5, 6, 5, 5), "L": (4, 4, 4, 4, 7),
    "M": (5, 7, 7, 5, 5), "N": (6, 5, 5, 5, 5), "O": (7, 5, 5, 5, 7), "P": (7, 5, 7, 4, 4),
    "Q": (7, 5, 5, 7, 1), "R": (7, 5, 6, 5, 5), "S": (7, 4, 7, 1, 7), "T": (7, 2, 2, 2, 2),
    "U": (5, 5, 5, 5, 7), "V": (5, 5, 5, 5, 2), "W": (5, 5, 7, 7, 5), "X": (5, 5, 2, 5, 5),
    "Y": (5, 5, 2, 2, 2), "Z": (7, 1, 2, 4, 7), "(": (1, 2, 2, 2, 1), ")": (4, 2, 2, 2, 4),
    "|": (2, 2, 2, 2, 2),
}  # fmt: skip

COLOURS = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189)]


class Canvas:
    """An RGB raster with white background; coordinates are (x, y) pixels from top-left."""

    def __init__(self, width, height):
        self.pixels = np.full((height, width, 3), 255, dtype=np.uint8)

    def line(self, x0, y0, x1, y1, colour, thickness=1):
        """Draws a straight line by dense sampling (good enough for plots)."""
        steps = int(max(abs(x1 - x0), abs(y1 - y0))) * 2 + 1
        xs = np.linspace(x0, x1, steps).round().astype(int)
        ys = np.linspace(y0, y1, steps).round().astype(int)
        height, width, _ = self.pixels.shape
        for dx in range(thickness):
            for dy in range(thickness):
                keep = (xs + dx < width) & (ys + dy < height) & (xs >= 0) & (ys >= 0)
                self.pixels[ys[keep] + dy, xs[keep] + dx] = colour

    def text(self, x, y, message, colour=(0, 0, 0), scale=2):
        """Writes ``message`` (upper-cased; unknown characters become blanks) at (x, y)."""
        for index, char in enumerate(message.upper()):
            rows = GLYPHS.get(char, GLYPHS[" "])
            for row, bits in enumerate(rows):
                for col in range(3):
                    if bits & (4 >> col):
                        left = x + (index * 4 + col) * scale
                        top = y + row * scale
                        self.pixels[top : top + scale, left : left + scale] = colour

    def to_png(self):
        """Returns the PNG file bytes (8-bit RGB, no interlace)."""
        height, width, _ = self.pixels.shape
        raw = b"".join(b"\x00" + self.pixels[row].tobytes() for row in range(height))

        def chunk(kind, data):
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def loss_curve_png(series, title):
    """Draws one panel per named series (values per epoch) and returns PNG bytes."""
    epochs = max(len(values) for values in series.values())
    return panels_png(series, title, f"EPOCH {epochs}")


def panels_png(series, title, x_label):
    """Draws one panel per named series (values at even steps along x, which x_label names under
    each panel) and returns PNG bytes."""
    names = list(series)
    panel_height, width, left, right = 170, 640, 70, 20
    canvas = Canvas(width, 40 + panel_height * len(names) + 30)
    canvas.text(left, 10, title, scale=3)
    for index, name in enumerate(names):
        values = np.asarray(series[name], dtype=float)
        top = 40 + index * panel_height
        bottom = top + panel_height - 40
        canvas.line(left, top, left, bottom, (0, 0, 0))
        canvas.line(left, bottom, width - right, bottom, (0, 0, 0))
        low, high = float(values.min()), float(values.max())
        span = high - low if high > low else 1.0
        canvas.text(4, top, f"{high:.3g}", scale=2)
        canvas.text(4, bottom - 10, f"{low:.3g}", scale=2)
        canvas.text(left + 10, top, name, COLOURS[index % len(COLOURS)], scale=2)
        count = max(1, len(values) - 1)
        xs = left + (np.arange(len(values)) / count) * (width - right - left)
        ys = bottom - (values - low) / span * (bottom - top - 14)
        for i in range(len(values) - 1):
            canvas.line(xs[i], ys[i], xs[i + 1], ys[i + 1], COLOURS[index % len(COLOURS)], 2)
        canvas.text(width - right - 8 * len(x_label), bottom + 6, x_label, scale=2)
    return canvas.to_png()
