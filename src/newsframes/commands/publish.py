"""`newsframes publish --repo-id ORG/NAME`: upload a released version to the Hugging Face Hub.

    newsframes publish --repo-id ORG/NAME --dry-run   # list path, size, sha256 and the tag; send nothing
    newsframes publish --repo-id ORG/NAME [--token T] # token default: HF_TOKEN / `hf auth login`
Refused (exit 1) unless releases/<version>.json exists and `newsframes build --check` passes.
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


def run(args) -> int:
    from ..dataset.publish import PublishError, preflight, tag_name, upload
    from .build import project_from_args

    if not _REPO_ID.match(args.repo_id):
        print(f"newsframes publish: --repo-id {args.repo_id!r}: expected ORG/NAME", file=sys.stderr)
        return 2
    project = project_from_args(args)
    try:
        files = preflight(project)
        if args.dry_run:
            width = max(len(f.path) for f in files)
            for f in files:
                print(f"{f.path.ljust(width)}  {f.size:>10}  {f.sha256}")
            total = sum(f.size for f in files)
            print(f"dry run: would upload {len(files)} files ({total} bytes) to "
                  f"https://huggingface.co/datasets/{args.repo_id} in one commit and tag it {tag_name()}; "
                  "nothing was sent")
            return 0
        url = upload(project, files, args.repo_id, args.token)
    except PublishError as exc:
        print(f"newsframes publish: {exc}", file=sys.stderr)
        return 1
    print(f"published {len(files)} files: {url} (tag {tag_name()})")
    print(f'load it: load_dataset("{args.repo_id}", "articles", revision="{tag_name()}")')
    return 0
