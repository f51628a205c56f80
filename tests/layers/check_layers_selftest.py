#!/usr/bin/env python3
"""check_layers.py must flag each kind of violation (and pass a clean tree)."""
import pathlib
import subprocess
import sys
import tempfile

CHECK = pathlib.Path(__file__).with_name("check_layers.py")


def run(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for folder in ("src/util", "src/engine", "src/delta", "src/frame", "src/catalog",
                       "include/flowfile", "cli", "python/src"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        done = subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True,
                              text=True)
        return done.returncode, done.stdout


CASES = {
    "upward": ({"src/delta/a.cpp": '#include "frame/b.hpp"\n'}, "upward include"),
    "same rank": ({"src/cloud/a.cpp": '#include "drivers/b.hpp"\n',
                   "src/drivers/b.hpp": ""}, "same-rank include"),
    "public upward": ({"src/delta/a.cpp": '#include "flowfile/catalog.hpp"\n'}, "upward"),
    "front end": ({"cli/a.cpp": '#include "engine/engine.hpp"\n'}, "front end includes"),
    "server": ({"src/server/a.cpp": '#include "catalog/b.hpp"\n'}, "front end includes"),
    "duckdb.h": ({"src/frame/a.cpp": "#include <duckdb.h>\n"}, "<duckdb.h>"),
    "open": ({"src/delta/a.cpp": "void f() { duckdb_open(0, 0); }\n"}, "opens a DuckDB"),
    "handle": ({"include/flowfile/catalog.hpp": "struct _duckdb_connection;\n"}, "raw DuckDB"),
}


def main():
    failures = 0
    code, out = run({"src/frame/a.cpp": '#include "delta/b.hpp"\n#include "flowfile/frame.hpp"\n',
                     "cli/a.cpp": '#include "flowfile/frame.hpp"\n#include "local.hpp"\n'
                                  '#include "server/server.hpp"\n',
                     "src/server/server.hpp": '#include "flowfile/workspace.hpp"\n',
                     "src/server/a.cpp": '#include "util/percent.hpp"\n'})
    if code != 0:
        print("clean tree flagged:\n" + out)
        failures += 1
    for name, (files, expected) in CASES.items():
        code, out = run(files)
        if code == 0 or expected not in out:
            print(f"case '{name}' not flagged as '{expected}':\n{out}")
            failures += 1
    print(f"check_layers self-test: {len(CASES) + 1 - failures} of {len(CASES) + 1} cases ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
