"""`newsframes publish --repo-id ORG/NAME`: upload a released version to the Hugging Face Hub.

    newsframes publish --repo-id ORG/NAME --dry-run   # list path, size, sha256, text, and the tag; send nothing
    newsframes publish --repo-id ORG/NAME [--token T] # token default: HF_TOKEN / `hf auth login`
Refused (exit 1) unless releases/<version>.json exists and `newsframes build --check` passes,
and when a symbolic link or a file outside the project is in the upload set.

What is uploaded is data/ as `newsframes build` makes it: the rights policy
(schema/rights.json) applied, the text of articles whose rights do not allow
redistribution withheld. `--with-text-of-unknown-rights` uploads a full-text build
instead, and the uploaded card says so (docs/rights.md). The dry run's fourth column says
whether each file carries article text: `text`, `withheld`, `partly-withheld(k/n)`
rows, or `-` (no article text in it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def configure(p):
    p.add_argument("--repo-id", required=True, metavar="ORG/NAME", help="Hub dataset repository")
    p.add_argument("--dry-run", action="store_true", help="list what would be sent, send nothing")
    p.add_argument("--token", metavar="TOKEN", help="Hub token (default: HF_TOKEN or the stored login)")
    p.add_argument("--corpus", metavar="DIR", type=Path, help="corpus folder (default: corpus/ of the project)")
    p.add_argument("--out", metavar="DIR", type=Path, help="built data folder (default: data/ beside the corpus)")
    p.add_argument("--with-text-of-unknown-rights", dest="include_text", action="store_true",
                   help="upload a full-text build, also the text the rights policy withholds (unknown, "
                        "fair-use-claimed); the uploaded card records it. Only with the rights holders' leave")


def run(args) -> int:
    from ..release.publish import PublishError, tag_name, upload
    from .build import project_from_args

    if not _REPO_ID.match(args.repo_id):
        print(f"newsframes publish: --repo-id {args.repo_id!r}: expected ORG/NAME", file=sys.stderr)
        return 2
    import tempfile

    project = project_from_args(args)
    try:
        with tempfile.TemporaryDirectory(prefix="newsframes-publish-") as tmp:
            files = _files(project, args.include_text, Path(tmp))
            if args.dry_run:
                if not args.include_text:
                    from ..release.publish import withheld_annotations

                    for folder in withheld_annotations(project):
                        print(f"not sent: {folder} (its annotation passes quote the withheld text)")
                _list(files, args.repo_id)
                return 0
            url = upload(project, files, args.repo_id, args.token)
    except PublishError as exc:
        print(f"newsframes publish: {exc}", file=sys.stderr)
        return 1
    print(f"published {len(files)} files: {url} (tag {tag_name()})")
    print(f'load it: load_dataset("{args.repo_id}", "articles", revision="{tag_name()}")')
    return 0


def _files(project, include_text: bool, tmp: Path):
    from ..dataset.pipeline import BuildError
    from ..release.publish import PublishError, full_text_build, plan, preflight

    if not include_text:
        return preflight(project)
    preflight(project)  # the policy build must be up to date and released first
    try:
        data, card, n = full_text_build(project, tmp)
    except BuildError as exc:
        raise PublishError(str(exc)) from None
    print(f"newsframes publish: --with-text-of-unknown-rights: the upload carries the text of {n} article(s) "
          "the rights policy withholds; the uploaded card says so", file=sys.stderr)
    return plan(project, data=data, card=card)


def _list(files, repo_id: str) -> None:
    from ..release.publish import tag_name

    width = max(len(f.path) for f in files)
    for f in files:
        print(f"{f.path.ljust(width)}  {f.size:>10}  {f.sha256}  {f.text}")
    total = sum(f.size for f in files)
    data = [f for f in files if f.text != "-"]
    withheld = [f for f in data if f.text != "text"]
    print(f"dry run: would upload {len(files)} files ({total} bytes) to "
          f"https://huggingface.co/datasets/{repo_id} in one commit and tag it {tag_name()}; "
          f"{len(data) - len(withheld)} data file(s) carry article text, {len(withheld)} withhold some or all of it; "
          "nothing was sent")
