"""File → Export report: one page with the network, the settings, the curves and the final
metrics, as a self-contained HTML file (images embedded) or a PDF (A4 portrait).

Built from the window as it is: the canvas, the data view and the loss plot rendered through
:mod:`nnstudio.export.files` (what the screen shows), the project's settings and layers, and
the latest snapshot's metrics.
"""

from __future__ import annotations

import base64
import datetime as _dt
import errno
import html
import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from nnstudio.document.io import atomic_write_bytes, atomic_write_text
from nnstudio.document.settings import SETTINGS

from . import files

PDF_TEXT_WIDTH = 640  # the A4 text width in the document's 96-dpi units
IMAGE_WIDTH = 900  # pixels of each figure in the report (crisp at A4 width)
METRICS = (("steps", "Training steps"), ("epochs", "Epochs"), ("train_loss", "Training loss"),
           ("test_loss", "Test loss"), ("train_accuracy", "Training accuracy"),
           ("test_accuracy", "Test accuracy"), ("train_r2", "Training R²"),
           ("test_r2", "Test R²"))


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _image(source: files.Source, width: int = IMAGE_WIDTH) -> QImage:
    size = source.size()
    height = max(1, round(width * size.height() / max(1, size.width())))
    return files.render_image(source, width, height)


def _fmt(key: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.endswith("accuracy") and isinstance(value, float):
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:,.1f}" if key == "epochs" else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def relevant_settings(project) -> list[tuple[str, str, object]]:
    """(key, label, value) of the dataset and training settings that matter for this run: the
    chosen optimizer's hyperparameters, not the others'."""
    from nnstudio.document.datasets import DATASET_TYPES

    settings = project.settings
    optimizer = settings.get("training.optimizer", "")
    dataset = DATASET_TYPES.get(settings.get("dataset.name"))
    used = set(getattr(dataset, "keys", ()) or ()) | {"dataset.name"}
    rows = []
    for key, spec in SETTINGS.items():
        if key.startswith("dataset.") and dataset is not None and key not in used:
            continue
        parts = key.split(".")
        if parts[0] == "training" and len(parts) == 3 and parts[1] != optimizer:
            continue
        if key.startswith(("training.compare.", "training.race.", "training.landscape.")):
            continue
        rows.append((key, spec.display, settings[key]))
    return rows


def build_html(window, embed: bool = True,
               max_width: int = 900) -> tuple[str, dict[str, QImage]]:
    """The report's HTML and its images (name → QImage). ``embed``: images as data URIs
    (a self-contained HTML file); else as ``name.png`` references (for QTextDocument)."""
    from nnstudio.ui.theme import canvas_background

    project = window.project
    sources = {"network": (files.SceneSource(window.scene, canvas_background()), 900),
               "loss": (files.WidgetSource(window.loss_plot), 470),
               "surface": (files.WidgetSource(window.data_view), 430)}
    # side by side: the curves and the surface share the width
    share = min(1.0, max_width / 900)
    widths = {name: int(width * share) - (10 if name != "network" else 0)
              for name, (_, width) in sources.items()}
    images = {}
    for name, (source, _) in sources.items():
        image = _image(source, 2 * widths[name])  # twice the shown size: crisp when zoomed
        if not embed:
            image.setDevicePixelRatio(2.0)  # QTextDocument lays it out at the shown size
        images[name] = image

    def img(name: str, alt: str, _width: int) -> str:
        if not embed:
            return f'<img src="{name}.png" alt="{html.escape(alt)}">'
        src = "data:image/png;base64," + base64.b64encode(_png_bytes(images[name])).decode()
        return f'<img src="{src}" alt="{html.escape(alt)}" width="{widths[name]}">'

    title = project.meta.get("title") or (window.path.stem if window.path else "Untitled")
    snap = window.last_snapshot or {}
    metric_rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td align='right'>{_fmt(key, snap.get(key))}</td></tr>"
        for key, label in METRICS if key in snap and snap.get(key) is not None)
    setting_rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td><code>{html.escape(key)}</code></td>"
        f"<td>{_fmt(key, value)}</td></tr>" for key, label, value in relevant_settings(project))
    layer_rows = "".join(
        f"<tr><td><code>{html.escape(n.id)}</code></td><td>{html.escape(n.type)}</td><td>"
        + html.escape(", ".join(f"{k} = {v}" for k, v in n.params.items())) + "</td></tr>"
        for n in (project.chain() or list(project.nodes.values())))
    body_css = ("body { font-family: sans-serif; max-width: 960px; margin: 24px auto; "
                "color: #1F2933; }") if embed else "body { font-family: sans-serif; }"
    when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    source = html.escape(str(window.path)) if window.path else "unsaved project"
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)} — nnstudio report</title>
<style>
{body_css}
h1 {{ font-size: 22pt; margin-bottom: 0; }} h2 {{ font-size: 14pt; margin-top: 18px; }}
table {{ border-collapse: collapse; }} td, th {{ padding: 3px 10px; border-bottom: 1px solid #DDD; }}
.muted {{ color: #66727F; }} img {{ max-width: 100%; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="muted">nnstudio report · {when} · {source}</p>
<h2>Network</h2>
<p>{img("network", "the network", 0)}</p>
<table><tr><th align="left">layer</th><th align="left">type</th><th align="left">parameters</th></tr>
{layer_rows}</table>
<h2>Final metrics</h2>
<table>{metric_rows or "<tr><td>not trained yet</td></tr>"}</table>
<h2>Loss curves · data and decision surface</h2>
<table><tr><td valign="top">{img("loss", "loss curves", 0)}</td>
<td valign="top">{img("surface", "data and decision surface", 0)}</td></tr></table>
<h2>Settings</h2>
<table><tr><th align="left">setting</th><th align="left">key</th><th align="left">value</th></tr>
{setting_rows}</table>
</body></html>
"""
    return page, images


def export_report(window, out: str | Path) -> Path:
    """Write the report; the extension picks HTML (.html/.htm) or PDF (.pdf)."""
    out = Path(out)
    kind = out.suffix.lower()
    if kind in (".html", ".htm"):
        page, _ = build_html(window, embed=True)
        atomic_write_text(out, page)
        return out
    if kind != ".pdf":
        raise ValueError(f"{out.name}: a report is .html or .pdf")
    page, images = build_html(window, embed=False, max_width=PDF_TEXT_WIDTH)
    document = QTextDocument()
    for name, image in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"{name}.png"), image)
    document.setDocumentMargin(0)
    document.setHtml(page)
    # drawn into memory, then written by Python (as every figure): a failed write (a full
    # disk, a file-size limit) raises OSError naming ``out`` and leaves no file, where Qt's
    # own file writing left a truncated PDF and reported success
    buffer = files.memory_device()
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{window.project.meta.get('title', 'nnstudio')} — nnstudio report")
    writer.setCreator("nnstudio")
    writer.setResolution(96)  # the screen's: the document is laid out in its units
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Unit.Millimeter))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    scale = rect.width() / PDF_TEXT_WIDTH
    page_height = rect.height() / scale
    document.setPageSize(QSizeF(PDF_TEXT_WIDTH, page_height))
    painter = QPainter(writer)
    for page in range(document.pageCount()):
        if page:
            writer.newPage()
        painter.save()
        painter.scale(scale, scale)
        painter.translate(0, -page * page_height)
        document.drawContents(painter, QRectF(0, page * page_height, PDF_TEXT_WIDTH,
                                              page_height))
        painter.restore()
    if not painter.end():
        raise OSError(errno.EIO, "could not draw the report", str(out))
    buffer.close()
    payload = bytes(buffer.data())
    if not payload.startswith(b"%PDF") or b"%%EOF" not in payload[-64:]:
        raise OSError(errno.EIO, "could not draw the report", str(out))
    atomic_write_bytes(out, payload)
    return out
