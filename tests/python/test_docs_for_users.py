"""User docs (README and docs/, except the from-source guide) speak to users: no test paths,
no test-server scripts, no development history (issue, session or migration numbers)."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOR_DEVELOPERS = {"building.md"}
DEVELOPMENT_WORDS = re.compile(
    r"\btests/|scripts/services|\bissue \d|\bsession \d|\bmigrations? \d|\bTODO\b|\bFIXME\b")


def test_user_docs_hold_no_development_history_or_test_paths():
    docs = [ROOT / "README.md"] + [p for p in sorted((ROOT / "docs").glob("*.md"))
                                   if p.name not in FOR_DEVELOPERS]
    found = []
    for doc in docs:
        for number, line in enumerate(doc.read_text().splitlines(), 1):
            if DEVELOPMENT_WORDS.search(line):
                found.append(f"{doc.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "\n".join(found)
