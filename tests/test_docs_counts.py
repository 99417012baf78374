"""Documents that stay true as the corpus grows: DATASHEET.md's prose states no current
article count beside the generated table (which a build refreshes); a count it does state
is tied to a release and agrees with that release's manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
RELEASE_COUNT = re.compile(r"Releases? ((?:[0-9]+\.[0-9]+\.[0-9]+(?:,? and |, )?)+) holds? (\w+) articles?")
COUNT = re.compile(r"\b(?:holds?|has|have|contains?) (?:one|two|three|four|five|[0-9]+) articles?\b")


def _prose(text: str) -> str:
    """The text without the generated blocks (`<!-- newsframes:NAME:start -->` ... end)."""
    return re.sub(r"<!-- newsframes:(\w+):start -->.*?<!-- newsframes:\1:end -->", "", text, flags=re.S)


def test_datasheet_counts_stay_true():
    prose = " ".join(_prose((ROOT / "DATASHEET.md").read_text(encoding="utf-8")).split())
    tied = list(RELEASE_COUNT.finditer(prose))
    for m in tied:
        n = WORDS.get(m.group(2), None) or int(m.group(2))
        for version in re.findall(r"[0-9]+\.[0-9]+\.[0-9]+", m.group(1)):
            manifest = json.loads((ROOT / "releases" / f"{version}.json").read_text(encoding="utf-8"))
            assert len(manifest["articles"]) == n, (m.group(0), version)
    untied = COUNT.findall(RELEASE_COUNT.sub("", prose))
    assert not untied, f"DATASHEET.md states an article count that a new article makes false: {untied}"
