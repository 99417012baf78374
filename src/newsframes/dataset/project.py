"""What a build works on and what it gives: the project's paths (`Project`), how a build
runs (`Options`), the validated records it converts (`Record`), what one group of
articles gave (`Made`), the result (`Built`), and the error that stops a build
(`BuildError`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class BuildError(Exception):
    """A build that cannot proceed (empty corpus, invalid corpus, unreadable README)."""


class InvalidCorpus(BuildError):
    """The validator found errors: its report (`validate.report.Report`) goes with it, so a
    command can print it in the format asked for (`build --check --format github`)."""

    def __init__(self, message: str, report):
        super().__init__(message)
        self.report = report


# `Project.card` by default: README.md beside the output folder
BESIDE = "beside the output folder"


@dataclass(frozen=True)
class Project:
    """Where things are: the corpus, the output folder, the card, the release manifests.
    `card`: the card file, whose paths are relative to its folder (which must hold the
    output folder); by default README.md beside the output folder; None: no card is
    written (`build --out DIR` without `--card`: a build writes only inside DIR, issue 25),
    paths then being relative to the output folder's parent as they would be for a card
    beside it. `withhold`: apply the rights policy (schema/rights.json: the text of an
    article whose rights do not allow redistribution is left out, its sha256 kept); False
    for every text (a full build)."""
    corpus: Path
    out: Path
    root: Path
    withhold: bool = True
    card: Path | None | str = BESIDE

    @property
    def card_path(self) -> Path | None:
        """The card file the build writes, or None."""
        return self.out.parent / "README.md" if self.card == BESIDE else self.card

    @property
    def card_dir(self) -> Path:
        """The folder the card's paths (and the manifest's) are relative to."""
        path = self.card_path
        return path.parent if path is not None else self.out.parent

    @property
    def documents_project(self) -> bool:
        """True for the project's own layout (data/ and the card at the project root):
        then the build also refreshes the generated parts of README.md and DATASHEET.md."""
        return (self.card_path is not None and self.card_dir.resolve() == self.root.resolve()
                and os.path.lexists(self.root / "DATASHEET.md"))  # a FIFO or link there is named, not ignored

    def rel(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.card_dir)).as_posix()


@dataclass(frozen=True)
class Record:
    """A validated record: its id (the file stem), split, .json path, the SHA-256 of the
    .json and .txt bytes that validation checked (the only bytes the build converts), and
    its rows' `text_status` ("present", or why the rights policy withholds the text)."""
    id: str
    split: str
    path: str
    record_sha256: str
    text_sha256: str
    text_status: str = "present"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What an article's rows are made from (`articles.ArticleFacts.key`)."""
        return self.id, self.record_sha256, self.text_sha256, self.text_status


@dataclass(frozen=True)
class Options:
    """How one build runs; no combination changes a byte of what it writes.
    `store`: the content-addressed store (`store.Store`; None: nothing is kept or
    reused); `jobs`: processes (None: every core for many files); `reuse`: take the files
    of known groups from the previous output folder (hard links) and their rows for the
    groups that must be written; `base`: the base commit (`base.Base`), whose verified
    data is known too; `warm`: a `prewarm.WarmWriter` for a few groups; `releasing`: the
    data is being released as the package version (`build --release`)."""
    store: object = None
    jobs: int | None = None
    reuse: bool = True
    base: object = None
    warm: object = None
    releasing: bool = False


@dataclass
class Made:
    """What one group of articles gave: its articles' facts (`articles.ArticleFacts`, in
    id order) and one file per config with rows: config -> {"sha256", "bytes", "rows",
    "arrow_bytes"}. `paths`: config -> where the file is now; `how`: who wrote it
    ("pool", "helper", "here") or where it was found ("store", "base")."""
    fingerprint: str
    split: str
    articles: list
    files: dict
    paths: dict = field(default_factory=dict)
    how: str = ""
    linked: set = field(default_factory=set)  # configs whose written file an old file already held

    def to_json(self) -> dict:
        return {"fingerprint": self.fingerprint, "split": self.split, "files": self.files,
                "articles": [a.to_json() for a in self.articles]}

    @classmethod
    def from_json(cls, d: dict) -> Made:
        """ValueError for anything that is not a `to_json` object."""
        from .articles import ArticleFacts
        from .features import CONFIGS

        try:
            files = {cfg: {k: int(info[k]) if k != "sha256" else str(info[k])
                           for k in ("sha256", "bytes", "rows", "arrow_bytes")}
                     for cfg, info in d["files"].items()}
            made = cls(str(d["fingerprint"]), str(d["split"]), [ArticleFacts.from_json(a) for a in d["articles"]],
                       files)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not what a group gave: {exc}") from None
        if not set(files) <= set(CONFIGS) or any(a.split != made.split for a in made.articles):
            raise ValueError("not what a group gave")
        return made


@dataclass
class Built:
    folder: Path  # the freshly built data folder (temporary)
    files: dict[str, dict]  # path relative to the card folder -> {sha256, rows, bytes}
    counts: dict[str, dict[str, int]]  # config -> split -> rows (all splits, zeros too)
    card_text: str  # README.md as it must be
    release: dict  # releases/<version>.json as it would be
    n_articles: int
    extra_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # layers without a config
    adopted: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    without_cache: str | None = None  # why the store could not keep what the build made
    validation: object = None  # the validator's Report (build only)
    refreshed: list[str] = field(default_factory=list)  # generated docs rewritten by the build
    reused: int = 0  # shards hard-linked from the previous build
    written: int = 0  # shards written
    writers: dict = field(default_factory=dict)  # who wrote them ("pool", "helper", "here") -> shards
    withheld: int = 0  # articles whose text the rights policy left out
    withheld_texts: list = field(default_factory=list)  # their [{id, text_sha256, text_status}]
    out_rel: str = "data"
    out_index: object = None  # digests.DigestIndex of the output folder (None: no cache)
    groups: list = field(default_factory=list)  # Made of every group, in order
    status: dict = field(default_factory=dict)  # manifest.release_status: {"release", "built_after"}
