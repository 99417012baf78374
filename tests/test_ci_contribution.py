"""scripts/ci_contribution.py, the contribution .ci/run makes before it runs the suite (on
main plus that contribution): its `git add` line is CONTRIBUTING's, its Label Studio export
is the one a real server wrote, and a failing step stops the run loudly, by name. (The whole
run is .ci/run's first step; tests/test_contribution_e2e.py plays the same path by hand.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_contribution_e2e import copy_repository

from newsframes.dataset.outputs import commit_command

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "ci_contribution.py"
FIXTURE = ROOT / "tests" / "fixtures" / "contribution"
sys.path.insert(0, str(ROOT / "scripts"))
import ci_contribution  # noqa: E402


def test_git_add_line_is_contributings():
    assert ci_contribution.contributing_git_add() == commit_command()


def test_captured_export_is_label_studio_1_23_2s_json_export_of_the_fixture_text():
    """The file the script imports keeps what Label Studio 1.23.2 wrote: a list of tasks with
    the task's data, prediction ids, and annotations by user id with their result regions."""
    [task] = json.loads((FIXTURE / "labelstudio-1.23.2-export.json").read_text(encoding="utf-8"))
    assert {"id", "data", "annotations", "predictions", "drafts", "inner_id", "total_annotations", "project",
            "created_at", "updated_at"} <= set(task)
    assert all(isinstance(p, int) for p in task["predictions"])  # the JSON export lists prediction ids
    [ann] = task["annotations"]
    assert isinstance(ann["completed_by"], int) and ann["was_cancelled"] is False
    assert ann["result_count"] == len({x.get("id") for x in ann["result"]})  # regions (relations: one), as the script
    assert ann["prediction"]["model_version"].startswith("newsframes-timex/")
    seed = (FIXTURE / "seed.txt").read_text(encoding="utf-8")
    assert task["data"]["text"] == seed.rstrip("\n")  # `add` keeps the seed's words (one paragraph per line)
    text = task["data"]["text"]
    spans = [x["value"] for x in ann["result"] if x["type"] == "labels"]
    assert spans and all(text[v["start"]:v["end"]] == v["text"] for v in spans)  # code points, after an emoji
    assert text.index("Millbrook") > 0 and ord(text[0]) > 0xFFFF


def _copy_without_the_ci_article(dest: Path) -> Path:
    """A copy of the repository without the CI contribution's files (.ci/run runs the suite
    in a clone that holds them)."""
    repo = copy_repository(dest)
    for folder, name in (("corpus", ci_contribution.ARTICLE_ID), ("seeds", ci_contribution.SEED_NAME)):
        for p in (repo / folder).glob(f"{name}.*"):
            p.unlink()
    return repo


def test_a_failing_step_stops_the_run_and_is_named(tmp_path):
    repo = _copy_without_the_ci_article(tmp_path / "repo")
    taken = repo / "seeds" / f"{ci_contribution.SEED_NAME}.txt"
    taken.write_text("someone else's seed\n", encoding="utf-8")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               NEWSFRAMES_CACHE=str(tmp_path / "cache"))
    r = subprocess.run([sys.executable, str(SCRIPT), "--work", str(tmp_path / "work")], cwd=repo, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert f"ci-contribution: FAILED at step 1/{len(ci_contribution.STEPS)} 'seed': {taken} exists already" in r.stderr
    assert "Traceback" not in r.stderr
    assert taken.read_text(encoding="utf-8") == "someone else's seed\n"  # nothing overwritten
    r = subprocess.run([sys.executable, str(SCRIPT)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 2 and "is not the top of a newsframes clone" in r.stderr
    r = subprocess.run([sys.executable, str(SCRIPT), "--work", "out"], cwd=repo, env=env, capture_output=True,
                       text=True)
    assert r.returncode == 2 and "is inside the clone" in r.stderr


def test_a_symlink_in_place_of_the_seed_is_not_followed(tmp_path):
    repo = _copy_without_the_ci_article(tmp_path / "repo")
    victim = tmp_path / "victim.txt"
    (repo / "seeds" / f"{ci_contribution.SEED_NAME}.txt").symlink_to(victim)  # dangling: would create the victim
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    r = subprocess.run([sys.executable, str(SCRIPT), "--work", str(tmp_path / "work")], cwd=repo, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "FAILED at step 1/" in r.stderr and "exists already" in r.stderr
    assert not victim.exists()
