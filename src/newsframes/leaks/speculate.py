"""The leak check of a project as it is on disk, in a helper process, while `build
--check` validates and builds (`Speculation`).

The leak check reads every published file and every withheld text: about half of the
CI check of a pull request on a fresh clone (docs/performance.md). It does not depend on
the build when the build gives back the files already in data/, which is the only case
in which the check passes. So `build --check` starts this helper first: it checks data/,
the card and the project's other published files as they are on disk against the texts
data/MANIFEST.json says are withheld, and hands back its results, keyed as the store
keys them (the fingerprint of the withheld texts, then each file's sha256). The check's
own leak check (`published.check_problems`) takes every result whose key is among them
and reads only what differs. Nothing is taken from the manifest on trust: the key names
the withheld texts by the sha256 the manifest gives, and the check looks results up under
the sha256 of the texts its own validation read, so a text that is not what the manifest
says (data/ not rebuilt after an edit) gives another key and nothing is taken; a file's
result is keyed by the sha256 of the bytes the helper read. Since the helper keys its
results by the manifest's sha256 of each text, it gives nothing unless the bytes of each
text it tokenises have that sha256 (a text changed during the check and changed back, by a
checkout or an editor, would otherwise have its 'no leak' taken for words it never read).
The helper writes nothing to the store: what it found reaches the store only through the
check, under the check's key.

A helper process, not a thread: the leak check is half Python (the files' strings) and
half numpy, and on a thread it took the interpreter's lock from the validation it was
meant to run beside (the check took 5.4 s instead of 4.6 s at 10,001 articles). The
helper dies with its parent (`lifeline.die_with_parent`); anything that goes wrong in it
only means the check reads everything itself."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

# below this many withheld texts the leak check takes well under a second: no helper
SPECULATE_FROM = 200


class Speculation:
    """The helper, started now (`start`); `known()` waits for its results."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc

    def known(self) -> dict:
        """{fingerprint: {file sha256 (or "titles"): result}}; {} when the helper failed."""
        try:
            out, _ = self.proc.communicate()
            got = json.loads(out) if self.proc.returncode == 0 else {}
        except (OSError, ValueError):
            return {}
        if not isinstance(got, dict) or not all(isinstance(v, dict) for v in got.values()):
            return {}
        return got

    def cancel(self) -> None:
        """The check failed before its leak check: the helper is not waited for."""
        try:
            self.proc.kill()
            self.proc.wait()
        except OSError:
            pass


def start(project) -> Speculation | None:
    """A helper started now for `project` (`dataset.project.Project`); None when the build
    keeps every text, there is no data/MANIFEST.json, or it names fewer than
    `SPECULATE_FROM` withheld texts."""
    manifest = project.out / "MANIFEST.json"
    if not project.withhold or not manifest.is_file():
        return None
    try:
        held = json.loads(manifest.read_text(encoding="utf-8")).get("text_withheld")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(held, list) or len(held) < SPECULATE_FROM:
        return None
    card = project.card_path
    args = {"corpus": str(project.corpus), "out": str(project.out), "root": str(project.root),
            "card": None if card is None else str(card)}
    try:
        proc = subprocess.Popen([sys.executable, "-m", "newsframes.leaks.speculate", json.dumps(args)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None
    return Speculation(proc)


def _record_digests(manifest: Path) -> dict[str, str]:
    """id -> record_sha256 of data/MANIFEST.json's groups ({} when it has none)."""
    try:
        groups = json.loads(manifest.read_text(encoding="utf-8")).get("groups") or []
        return {a["id"]: a["record_sha256"] for g in groups for a in g["articles"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")  # schema/article.schema.json's id pattern


def _only_regular_files(folder: Path) -> bool:
    """Nothing under `folder` that reading could hang on or follow: only folders and regular
    files, no link, FIFO or device (the check names links; a FIFO it does not list)."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            mode = os.lstat(os.path.join(dirpath, name)).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return False
    return True


def speculate(project) -> dict:
    """The leak check of `project` as it is on disk (see the module): its results; {} when
    the manifest names an id that is no record id, a text that is not a regular file or
    not the text it names (the sha256 of the bytes it tokenises), or
    data/ holds anything but folders and regular files (the check then reads what it needs
    itself: the helper never waits on a FIFO nor follows a link out of the project)."""
    from ..release.uploadset import withheld_entries
    from .check import Published, results
    from .published import Titles, project_files, withheld_texts

    records = _record_digests(project.out / "MANIFEST.json")
    entries = [dict(w, record_sha256=records.get(w["id"], "")) for w in withheld_entries(project)]
    for w in entries:
        if not _ID.fullmatch(w["id"]) or not stat.S_ISREG(os.lstat(project.corpus / f"{w['id']}.txt").st_mode):
            return {}
    if not _only_regular_files(project.out):
        return {}
    texts, _ = withheld_texts(project, entries, verify=False, titles=Titles(project.out))
    if not texts:
        return {}
    files, _ = project_files(project, {w.id for w in texts})
    card = project.card_path
    if card is not None and card.is_file() and not card.is_symlink():
        files.append(Published(project.rel(card), data=card.read_bytes()))
    # each text must be the one the manifest names (the results are keyed by that sha256):
    # the bytes tokenised are the bytes hashed (match.TextChanged otherwise: nothing is given)
    return results(files, texts, cache_folder=None, verify=True)[1]


def main(argv: list[str]) -> int:
    from ..dataset.project import Project
    from ..lifeline import die_with_parent

    die_with_parent()
    a = json.loads(argv[0])
    project = Project(corpus=Path(a["corpus"]), out=Path(a["out"]), root=Path(a["root"]), withhold=True,
                      card=None if a["card"] is None else Path(a["card"]))
    try:
        got = speculate(project)
    except Exception:  # noqa: BLE001 - a guess only: the check reads what it needs itself
        return 1
    sys.stdout.write(json.dumps(got))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
