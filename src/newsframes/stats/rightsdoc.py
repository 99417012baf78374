"""The generated "rights" block of README.md and DATASHEET.md: the rights policy
(schema/rights.json) and what it withholds from the built data, from the corpus's
`source.rights.status` counts. The same text whether data/ was built with or without the
text (it describes the policy build, which `build --check` and `publish` expect)."""

from __future__ import annotations


def render_rights(counts: dict[str, int]) -> str:
    from ..rights import RightsError, default_policy, text_status
    from .docs import DocsError

    try:
        policy = default_policy()
    except RightsError as exc:
        raise DocsError("the rights policy cannot be used:\n" + "\n".join(exc.problems)) from None
    total = sum(counts.values())
    held = sum(n for s, n in counts.items() if not policy.text_allowed(s))
    allowed = [s for s in policy.allows if policy.text_allowed(s)]
    lines = [
        f"Rights policy: [`schema/rights.json`](schema/rights.json) version {policy.version}. The text of an "
        f"article is redistributed when its `source.rights.status` is {_names(allowed)}, and withheld when it is "
        f"{_names(policy.withheld_statuses)}.",
        "",
        "| rights status | articles | text in the built data |",
        "|---|---:|---|",
    ]
    for status in policy.allows:
        how = "present" if policy.text_allowed(status) else f"withheld (`{text_status(status, True)}`)"
        lines.append(f"| `{status}` | {counts.get(status, 0)} | {how} |")
    lines += [
        "",
        f"The built data (`data/`, the Hugging Face Hub) carries the text of {total - held} of {total} article(s); "
        f"the text of {held} is withheld. A withheld article keeps its ids, offsets, labels and metadata; its "
        "`text`, every span's `text` and `context` and a claim's `cue_text` are null, and their sha256 are kept "
        "(`text_sha256`, `context_sha256`, `cue_text_sha256`); `text_status` says why. "
        "`data/MANIFEST.json` lists them under `text_withheld`. To restore the text from your own copies "
        "(raw files or normalised texts), checked hash by hash: `newsframes rehydrate --texts DIR` "
        "([docs/rights.md](docs/rights.md)).",
    ]
    return "\n".join(lines)


def _names(statuses: list[str]) -> str:
    names = [f"`{s}`" for s in statuses]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
