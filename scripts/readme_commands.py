"""Print one of the two commands at the top of README.md: `main` or `test`.

.ci/run uses it so that CI runs exactly the README's test command."""

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def commands() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", text, flags=re.S)
    if len(blocks) < 2:
        raise SystemExit("README.md: expected two ```bash blocks at the top (main job, tests)")
    return {"main": blocks[0].strip(), "test": blocks[1].strip()}


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "test"
    if which not in ("main", "test"):
        raise SystemExit("usage: readme_commands.py main|test")
    print(commands()[which])
