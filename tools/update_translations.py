"""Refresh resources/translations/nnstudio_*.ts from the source and compile the .qm files.

    python tools/update_translations.py

Runs pyside6-lupdate over the modules whose strings are translated (it keeps the existing
translations), files messages that lupdate finds in module-level ``tr()`` helpers under the
context those helpers use at run time, and compiles each .ts with pyside6-lrelease. Without
pyside6-lrelease the app reads the .ts directly (nnstudio/ui/i18n.py: TsTranslator).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["nnstudio/ui/main_window.py", "nnstudio/ui/classroom.py",
           "nnstudio/ui/figure_export.py", "nnstudio/ui/help.py", "nnstudio/ui/lessons_ui.py",
           "nnstudio/ui/layer_clipboard.py"]
#: the context each module's ``tr()`` helper passes to QCoreApplication.translate
CONTEXTS = {"classroom.py": "MainWindow", "figure_export.py": "FigureExport",
            "help.py": "Help", "lessons_ui.py": "Lessons", "layer_clipboard.py": "Canvas"}
LANGUAGES = ["de"]


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def fix_contexts(ts: Path) -> None:
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name") or "": c for c in root.findall("context")}
    anonymous = contexts.pop("", None)
    if anonymous is None:
        return
    root.remove(anonymous)
    for message in anonymous.findall("message"):
        filename = Path(message.find("location").get("filename")).name
        name = CONTEXTS.get(filename, "MainWindow")
        context = contexts.get(name)
        if context is None:
            context = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = name
            contexts[name] = context
        source = message.findtext("source")
        for old in [m for m in context.findall("message") if m.findtext("source") == source]:
            # the same text filed here by an earlier run: keep its translation
            old_translation = old.find("translation")
            new_translation = message.find("translation")
            if old_translation is not None and old_translation.text and (
                    new_translation.text is None or new_translation.get("type")):
                new_translation.text = old_translation.text
                new_translation.attrib.pop("type", None)
            context.remove(old)
        context.append(message)
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def main() -> int:
    for lang in LANGUAGES:
        ts = ROOT / "resources" / "translations" / f"nnstudio_{lang}.ts"
        subprocess.run([tool("pyside6-lupdate"), *SOURCES, "-ts", str(ts)], cwd=ROOT, check=True)
        fix_contexts(ts)
        lrelease = tool("pyside6-lrelease")
        if Path(lrelease).exists():
            subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
