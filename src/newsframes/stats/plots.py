"""Bar charts of the label distributions, as PNG files in docs/figures/.

Same statistics -> byte-identical PNG with the same matplotlib version: the Agg canvas
is used directly (no pyplot state, no user matplotlibrc: the `default` style is forced),
figure size and dpi are fixed, labels are in a fixed order and the `Software` metadata
(which names the matplotlib version) is dropped.

Every PNG also carries a `newsframes-stats` text chunk: a hash of what was plotted and
of `STYLE_VERSION`. Staleness is judged from that hash, not from the bytes, so a
different matplotlib release (other anti-aliasing) does not make `--check` fail while
the numbers are the same.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from pathlib import Path

# bump when the look of the charts changes, so `--check` asks for a re-render
STYLE_VERSION = "1"
CHUNK_KEY = "newsframes-stats"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# file name -> (key in stats["labels"], title, what a bar counts, what the total counts)
PLOTS = {
    "techniques.png": ("techniques", "Persuasion techniques", "spans", "spans"),
    "frames.png": ("frames", "Frames (multi-label)", "articles", "frame labels"),
    "entity_types.png": ("entity_types", "Entity types", "entities", "entities"),
    "verdicts.png": ("verdicts", "Claim verdicts", "claims", "claims"),
}


class MissingMatplotlib(Exception):
    pass


def plot_spec(stats: dict, filename: str) -> dict:
    key, title, unit, total_unit = PLOTS[filename]
    counts = stats["labels"][key]
    # fixed order: count descending, then label (compute.py already sorts this way)
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    n_articles = stats["totals"]["articles"]
    return {
        "title": f"{title}: {sum(counts.values()):,} {total_unit} in {n_articles:,} "
                 f"article{'s' if n_articles != 1 else ''}",
        "labels": [k for k, _ in items],
        "counts": [v for _, v in items],
        "unit": unit,
    }


def spec_hash(spec: dict) -> str:
    blob = json.dumps({"style": STYLE_VERSION, "spec": spec}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def render_png(spec: dict) -> bytes:
    try:
        import matplotlib.style
    except ImportError:
        raise MissingMatplotlib("NF-DOCS-003 drawing docs/figures/*.png needs matplotlib — "
                                "`pip install matplotlib` (checking them does not)") from None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels, counts = spec["labels"], spec["counts"]
    with matplotlib.style.context("default"):
        height = 1.3 + 0.32 * max(len(labels), 1)
        fig = Figure(figsize=(8.0, height), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ypos = list(range(len(labels)))
        ax.barh(ypos, counts, color="#4C72B0")
        ax.set_yticks(ypos, labels=labels, fontsize=9)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(max(counts, default=0), 1) * 1.15)
        ax.set_xlabel(spec["unit"])
        ax.set_title(spec["title"], fontsize=11)
        for y, v in zip(ypos, counts):
            ax.text(v, y, f" {v:,}", va="center", fontsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png",
                    metadata={"Software": None, CHUNK_KEY: spec_hash(spec)})
    return buf.getvalue()


def png_text_chunks(data: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG (a small reader: the format is fixed by the PNG spec)."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    out, pos = {}, len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if ctype == b"tEXt" and b"\x00" in body:
            k, v = body.split(b"\x00", 1)
            out[k.decode("latin-1")] = v.decode("latin-1")
        elif ctype == b"zTXt" and b"\x00" in body:
            k, rest = body.split(b"\x00", 1)
            out[k.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        if ctype == b"IEND":
            break
        pos += 12 + length
    return out


def expected_plots(stats: dict) -> dict[str, dict]:
    return {name: plot_spec(stats, name) for name in PLOTS}


def plot_is_current(path: Path, spec: dict) -> bool:
    from ..safeio import read_bytes

    try:
        data = read_bytes(path)  # a FIFO or device in its place is never opened
        return png_text_chunks(data).get(CHUNK_KEY) == spec_hash(spec)
    except (OSError, ValueError, struct.error, zlib.error):
        return False
