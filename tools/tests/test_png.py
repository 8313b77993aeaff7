import struct
import zlib

import numpy as np

from bowtie_tools.train.png import Canvas, loss_curve_png


def decode(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    chunks, offset = {}, 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        body = png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        offset += 12 + length
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8)
    rows = raw.reshape(height, 1 + width * 3)
    assert np.all(rows[:, 0] == 0)
    return rows[:, 1:].reshape(height, width, 3)


def test_canvas_round_trips_through_png_pixel_for_pixel():
    canvas = Canvas(20, 10)
    canvas.line(0, 5, 19, 5, (255, 0, 0))
    pixels = decode(canvas.to_png())
    assert pixels.shape == (10, 20, 3)
    assert np.all(pixels[5, :, 0] == 255) and np.all(pixels[5, :, 1] == 0)
    assert np.all(pixels[0] == 255)


def test_loss_curve_has_one_panel_per_series_and_draws_the_curves():
    png = loss_curve_png({"nll": [30.0, 25.0, 24.0], "kl": [0.1, 1.0, 2.0]}, "test run")
    pixels = decode(png)
    assert pixels.shape == (40 + 2 * 170 + 30, 640, 3)
    blue = np.all(pixels == (31, 119, 180), axis=2)
    red = np.all(pixels == (214, 39, 40), axis=2)
    assert blue[40:210].sum() > 500 and red[210:380].sum() > 500
