"""Reading and writing ``.nnstudio`` project files: versioned JSON, validated strictly.

Loading never executes code, refuses anything it does not understand with a
:class:`ProjectError` naming the field, and builds a new :class:`Project` so that a refused
file changes nothing. Saving writes a temporary file beside the target and renames it, so a
crash never leaves a half-written project.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from pathlib import Path

from .errors import ProjectError, range_message, short_repr
from .project import Project
from .registry import LAYER_TYPES
from .settings import SECTIONS, SETTINGS, default_settings

FORMAT = "nnstudio-project"
VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NODES = 200
MAX_EDGES = 1000
#: most training steps a project (or ``nnstudio train --steps``) may ask for
MAX_STEPS = 100_000_000
MIN_STEPS = 1
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")


def steps_message(shown: str) -> str:
    """Why a step count was refused, naming the range allowed (``meta.steps`` in a file and
    every verb's ``--steps`` say the same)."""
    return range_message("training steps", MIN_STEPS, MAX_STEPS, shown)


META_KEYS = {"title": str, "description": str, "lesson": str, "explanation": str,
             "locked": list, "order": int, "steps": int}


def project_to_dict(project: Project) -> dict:
    data: dict = {"format": FORMAT, "version": VERSION}
    if project.meta:
        data["meta"] = dict(project.meta)
    for section in SECTIONS:
        data[section] = {}
    for key in SETTINGS:  # schema order, so files are stable and readable
        _put(data, key, project.settings[key])
    data["network"] = {
        "nodes": [
            {"id": n.id, "type": n.type, "params": dict(n.params),
             "position": [round(n.pos[0], 2), round(n.pos[1], 2)]}
            for n in project.nodes.values()
        ],
        "edges": [{"source": s, "target": t} for s, t in project.edges],
    }
    # keep the sections in the documented order
    ordered = {k: data[k] for k in ("format", "version", "meta", "dataset", "network", "training")
               if k in data}
    return ordered


def _put(data: dict, key: str, value) -> None:
    parts = key.split(".")
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def dumps(project: Project) -> str:
    return json.dumps(project_to_dict(project), indent=2, ensure_ascii=False) + "\n"


def save_project(project: Project, path: str | os.PathLike) -> None:
    """Write atomically: a temporary file in the same folder, then an atomic rename."""
    atomic_write_text(Path(path), dumps(project))


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # name the user's file, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode(path))  # mkstemp makes 0600; keep what a plain write gives
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):  # e.g. a full disk: name the user's file
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def file_mode(path: Path) -> int:
    """The mode a file at ``path`` should have: its current one if it exists, else what the
    user's umask gives a new file (0644 with the usual umask 022)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def load_project(path: str | os.PathLike) -> Project:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProjectError("file", f"{path} does not exist") from None
    except OSError as exc:
        raise ProjectError("file", f"cannot read {path}: {exc.strerror}") from None
    if path.is_dir():
        raise ProjectError("file", f"{path} is a folder, not a project file")
    if size > MAX_FILE_BYTES:
        raise ProjectError("file", f"{path} is too large for a project ({size} bytes)")
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError:
        raise ProjectError("file", f"{path} is not a text (UTF-8) file") from None
    except OSError as exc:
        raise ProjectError("file", f"cannot read {path}: {exc.strerror}") from None
    return loads(text)


def _reject_constant(name: str):
    raise ProjectError("file", f"{name} is not allowed in a project file (numbers must be "
                               "finite)")


#: far more than any setting needs (and below the 4300 Python reads at most; shorter
#: numbers, e.g. 10**400, reach the checks that name their field)
MAX_DIGITS = 4000


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ProjectError("file", f"a whole number of {len(text.lstrip('-')):,} digits is "
                                   f"not a setting (at most {MAX_DIGITS} digits)")
    return int(text)


def loads(text: str) -> Project:
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_int=_whole_number)
    except ProjectError:  # NaN, Infinity, a number of thousands of digits: said as it is
        raise
    except json.JSONDecodeError as exc:
        raise ProjectError("file", f"not valid JSON (line {exc.lineno}, column {exc.colno}): "
                                   f"{exc.msg}") from None
    except RecursionError:
        raise ProjectError("file", "the JSON is nested too deeply") from None
    except ValueError as exc:
        raise ProjectError("file", f"not a valid project: {str(exc)[:80]}") from None
    return project_from_dict(data)


def project_from_dict(data) -> Project:
    if not isinstance(data, dict):
        raise ProjectError("file", "a project file holds a JSON object")
    unknown = set(data) - {"format", "version", "meta", "dataset", "network", "training"}
    if unknown:
        name = sorted(unknown)[0]
        raise ProjectError(name if name.strip() else repr(name), "unknown section")
    if data.get("format") != FORMAT:
        raise ProjectError("format", f"expected {FORMAT!r}; is this an nnstudio project?")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError("version",
                           f"expected a positive whole number, got {short_repr(version)}")
    if version > VERSION:
        raise ProjectError("version", f"version {short_repr(version)} is newer than this nnstudio "
                                      f"understands ({VERSION}); please update nnstudio")
    settings = default_settings()
    for section in SECTIONS:
        if section not in data:
            raise ProjectError(section, "missing section")
        _read_settings(data[section], section, settings)
    project = Project(settings=settings)
    project.meta = _read_meta(data.get("meta", {}))
    _read_network(data.get("network"), project)
    return project


def _read_settings(value, prefix: str, settings: dict) -> None:
    if not isinstance(value, dict):
        raise ProjectError(prefix, "expected an object")
    for key, item in value.items():
        path = f"{prefix}.{key}"
        if isinstance(item, dict):
            if not any(k.startswith(path + ".") for k in SETTINGS):
                raise ProjectError(path, "unknown setting")
            _read_settings(item, path, settings)
            continue
        spec = SETTINGS.get(path)
        if spec is None:
            raise ProjectError(path, "unknown setting")
        settings[path] = spec.coerce(item, path)


def _read_meta(meta) -> dict:
    if not isinstance(meta, dict):
        raise ProjectError("meta", "expected an object")
    result = {}
    for key, value in meta.items():
        kind = META_KEYS.get(key)
        if kind is None:
            raise ProjectError(f"meta.{key}", "unknown key")
        if not isinstance(value, kind) or isinstance(value, bool):
            words = {int: "a whole number", str: "a text", list: "a list", dict: "an object"}
            raise ProjectError(f"meta.{key}", f"expected {words.get(kind, kind.__name__)}, "
                                              f"got {short_repr(value)}")
        if kind is list:
            if not all(isinstance(k, str) and k in SETTINGS for k in value):
                raise ProjectError(f"meta.{key}", "expected a list of setting keys")
        if kind is str and len(value) > 100_000:
            raise ProjectError(f"meta.{key}", "text too long")
        if key == "steps" and not MIN_STEPS <= value <= MAX_STEPS:
            raise ProjectError("meta.steps", steps_message(short_repr(value)))
        if key == "order" and abs(value) > 1_000_000:
            raise ProjectError("meta.order", f"{short_repr(value)} is out of range")
        result[key] = value
    return result


def _read_network(network, project: Project) -> None:
    if not isinstance(network, dict):
        raise ProjectError("network", "missing section or not an object")
    unknown = set(network) - {"nodes", "edges"}
    if unknown:
        raise ProjectError(f"network.{sorted(unknown)[0]}", "unknown key")
    nodes, edges = network.get("nodes"), network.get("edges", [])
    if not isinstance(nodes, list):
        raise ProjectError("network.nodes", "expected a list of layers")
    if len(nodes) > MAX_NODES:
        raise ProjectError("network.nodes", f"too many layers ({len(nodes)} > {MAX_NODES})")
    if not isinstance(edges, list):
        raise ProjectError("network.edges", "expected a list of connections")
    if len(edges) > MAX_EDGES:
        raise ProjectError("network.edges", f"too many connections ({len(edges)})")
    for i, node in enumerate(nodes):
        where = f"network.nodes[{i}]"
        if not isinstance(node, dict):
            raise ProjectError(where, "expected an object")
        unknown = set(node) - {"id", "type", "params", "position"}
        if unknown:
            raise ProjectError(f"{where}.{sorted(unknown)[0]}", "unknown key")
        node_id, type_id = node.get("id"), node.get("type")
        if not isinstance(node_id, str) or not _ID.match(node_id):
            raise ProjectError(f"{where}.id", f"expected an identifier (letters, digits, _ or -), "
                                              f"got {str(node_id)[:40]!r}")
        if node_id in project.nodes:
            raise ProjectError(f"{where}.id", f"duplicate id {node_id!r}")
        if not isinstance(type_id, str) or type_id not in LAYER_TYPES:
            raise ProjectError(f"{where}.type", f"unknown layer type {str(type_id)[:40]!r}")
        params = node.get("params", {})
        if not isinstance(params, dict):
            raise ProjectError(f"{where}.params", "expected an object")
        position = node.get("position", [0, 0])
        if (not isinstance(position, list) or len(position) != 2
                or not all(_finite_number(v) and abs(v) < 1e6 for v in position)):
            raise ProjectError(f"{where}.position", "expected [x, y] with finite numbers")
        try:
            project.add_node(type_id, position, params, node_id=node_id)
        except ProjectError as exc:
            field = exc.field.split(".", 1)[1] if "." in exc.field else exc.field
            raise ProjectError(f"{where}.params.{field}" if exc.field != "type" else
                               f"{where}.type", exc.message) from None
    for i, edge in enumerate(edges):
        where = f"network.edges[{i}]"
        if not isinstance(edge, dict) or set(edge) != {"source", "target"}:
            raise ProjectError(where, "expected {\"source\": id, \"target\": id}")
        source, target = edge["source"], edge["target"]
        for end, value in (("source", source), ("target", target)):
            if not isinstance(value, str) or value not in project.nodes:
                raise ProjectError(f"{where}.{end}", f"no layer with id {str(value)[:40]!r}")
        if (source, target) in project.edges:
            raise ProjectError(where, "duplicate connection")
        # cycles and other design problems are kept and shown on the canvas, not refused here
        project.edges.append((source, target))


def _finite_number(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float (JSON allows 10**400)
        return False
