#!/usr/bin/env python3
"""Fails when an #include points up the layer order (docs: engine.hpp, architecture).

Arrows point one way: front ends (cli/, python/src/) -> public API (include/flowfile/) ->
editor (the hand-off to the web app) -> flow -> frame -> catalog, diagnostics -> cloud, drivers, formats -> delta, transfer -> workspace -> connections ->
keys, secrets -> audit -> engine, store, crypto -> util. A folder may include its own files
and anything of a lower rank; folders of the same rank do not include each other (except the
pairs listed in SAME_RANK_ALLOWED). Public headers belong to the folder that implements
them. Front ends include public headers only.

src/server (the web app's HTTP server) is a front end too: it includes public headers and
src/util only, and the CLI (which starts it) may include src/server's headers.

Also: only src/engine and src/drivers include <duckdb.h>; only the engine opens a DuckDB
database; no public header exposes a raw DuckDB handle.

Usage: check_layers.py [ROOT]   (prints every violation; exit status 1 if any)
"""
import pathlib
import re
import sys

RANKS = {
    "util": 0,
    "crypto": 1, "store": 1, "engine": 1,
    "audit": 2,
    "keys": 3, "secrets": 3,
    "connections": 4,
    "workspace": 5,
    "delta": 6, "transfer": 6,
    "cloud": 7, "drivers": 7, "formats": 7,
    "catalog": 8, "diagnostics": 8,
    "frame": 9, "formula": 9,
    "flow": 10,
    "editor": 11,
}
# A folder not listed yet sits above all of these (it may include them; they may not include
# it) until it is given its place here.
NEW_FOLDER_RANK = 12
FRONT_END_RANK = 100
# Front ends and the internal folders each may include besides the public API.
FRONT_END_EXTRA = {"cli": {"server"}, "python/src": set(), "server": {"util"}}

# Same-rank includes that are known and accepted: rotation re-seals the vault (keys ->
# secrets) and the vault reads the key state (secrets -> keys); one credential layer.
# Frames compile formulas and formulas compile to frame expressions: one expression layer.
SAME_RANK_ALLOWED = {("keys", "secrets"), ("secrets", "keys"), ("frame", "formula"),
                     ("formula", "frame")}

# Public headers by the folder that implements them; vocabulary types sit at util.
PUBLIC_OWNER = {
    "errors": "util", "secret": "util", "warnings": "util", "progress": "util", "value": "util", "names": "util",
    "audit": "audit",
    "keys": "keys", "secrets": "secrets",
    "connections": "connections",
    "workspace": "workspace",
    "delta": "delta", "transfer": "transfer",
    "connection_test": "diagnostics", "cloud_files": "cloud",
    "catalog": "catalog",
    "dtypes": "frame", "expr": "frame", "frame": "frame", "database": "frame",
    "delta_frames": "frame", "cloud_frames": "frame", "catalog_frames": "frame",
    "flow": "flow", "formulas": "flow",
    "cancel": "engine",
    "editor": "editor",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
DUCKDB_HANDLE = re.compile(r"\b_?duckdb_(connection|database|result|data_chunk|vector)\b")


def rank_of_folder(folder, notes):
    if folder in FRONT_END_EXTRA:
        return FRONT_END_RANK
    if folder in RANKS:
        return RANKS[folder]
    notes.add(f"note: src/{folder}/ has no place in tests/layers/check_layers.py; "
              f"treated as rank {NEW_FOLDER_RANK} (above frame)")
    return NEW_FOLDER_RANK


def public_owner(header, notes):
    """(owning folder, rank) of a public header "flowfile/x.hpp"."""
    name = header[len("flowfile/"):].removesuffix(".hpp")
    if name == "flowfile":  # an umbrella header may include every public header
        return ("umbrella", FRONT_END_RANK - 1)
    owner = PUBLIC_OWNER.get(name)
    if owner is None:
        notes.add(f"note: public header flowfile/{name}.hpp has no owner in check_layers.py; "
                  f"treated as rank {NEW_FOLDER_RANK}")
        return ("unplaced " + name, NEW_FOLDER_RANK)
    return (owner, RANKS[owner])


def target_of(include, src_folders, notes):
    """(folder label, rank) of a quoted include, or None when it is not ours."""
    first = include.split("/", 1)[0]
    if include.startswith("flowfile/"):
        return public_owner(include, notes)
    if "/" in include and first in src_folders:
        return (first, rank_of_folder(first, notes))
    return None


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                        pathlib.Path(__file__).resolve().parents[2])
    src = root / "src"
    src_folders = {p.name for p in src.iterdir() if p.is_dir()}
    notes, errors = set(), []

    sources = []  # (path, label, rank, kind)
    for path in sorted(src.rglob("*")):
        if path.suffix in (".cpp", ".hpp", ".h", ".cc"):
            folder = path.relative_to(src).parts[0]
            if len(path.relative_to(src).parts) == 1:
                continue  # src/CMakeLists-level files: none today
            if folder == "server":
                sources.append((path, "server", FRONT_END_RANK, "front"))
                continue
            sources.append((path, folder, rank_of_folder(folder, notes), "core"))
    for path in sorted((root / "include" / "flowfile").glob("*.hpp")):
        label, rank = public_owner("flowfile/" + path.name, notes)
        sources.append((path, label, rank, "public"))
    for front in ("cli", "python/src"):
        for path in sorted((root / front).rglob("*")):
            if path.suffix in (".cpp", ".hpp", ".h"):
                sources.append((path, front, FRONT_END_RANK, "front"))

    for path, label, rank, kind in sources:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(root)
        for match in INCLUDE.finditer(text):
            bracket, include = match.groups()
            line = text.count("\n", 0, match.start()) + 1
            where = f"{rel}:{line}"
            if bracket == "<":
                if include == "duckdb.h" and not (kind == "core" and label in ("engine", "drivers")):
                    errors.append(f"{where}: includes <duckdb.h>; only src/engine and src/drivers "
                                  f"may (use the engine's types)")
                continue
            target = target_of(include, src_folders, notes)
            if target is None:
                continue
            target_label, target_rank = target
            if kind == "front":
                allowed = FRONT_END_EXTRA.get(label, set())
                if not include.startswith("flowfile/") and target_label not in allowed:
                    errors.append(f"{where}: front end includes internal \"{include}\"; "
                                  f"use the public API (include/flowfile)")
                continue
            if target_label == label:
                continue
            same_rank_ok = (label, target_label) in SAME_RANK_ALLOWED
            if target_rank > rank or (target_rank == rank and not same_rank_ok):
                what = "an upward include" if target_rank > rank else "a same-rank include"
                errors.append(f"{where}: {label} (rank {rank}) includes \"{include}\" of "
                              f"{target_label} (rank {target_rank}): {what}")
        if kind == "public" and DUCKDB_HANDLE.search(text):
            errors.append(f"{rel}: a public header names a raw DuckDB handle")
        if "duckdb_open" in text and not str(rel).startswith("src/engine/"):
            errors.append(f"{rel}: opens a DuckDB database; only the engine does "
                          f"(src/engine/engine.hpp)")

    for note in sorted(notes):
        print(note)
    for error in errors:
        print(error)
    print(f"check_layers: {len(sources)} files, {len(errors)} upward or forbidden includes")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
