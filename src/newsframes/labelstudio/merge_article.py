"""The whole-article choices of a Label Studio annotation (genre, frames and primary frame,
narratives) applied to a record: part of the merge (merge.py).

Source after the pull: `manual` when Label Studio changed a field, the checked source
(`tool:` -> `tool+manual:`) when the annotation kept it (a model's field kept unchanged stays
the model's); the note "Not annotated yet" of
`newsframes add` goes once the layer is annotated in Label Studio. Unknown labels, two
values of a single choice, a primary frame that is not among the frames, a narrative path
that is not a narrative and one of its sub-narratives: errors, never dropped."""

from __future__ import annotations

from ..commands.add import PENDING_NOTE
from . import names as N


def checked(source: str | None) -> str:
    """The source of an item a person kept: a tool's proposal becomes `tool+manual:`. An AI
    model's item kept unchanged stays the model's: it sits in the task's own annotation, so
    an untouched round trip through Label Studio also "keeps" it, which shows no person's check."""
    if source and source.startswith("tool:"):
        return "tool+manual:" + source[len("tool:"):]
    return source or "manual"


def corrected(source: str | None) -> str:
    """The source of an item a person changed in Label Studio: a proposal corrected by a person,
    `tool+manual:` naming what proposed it. A tool's or an AI model's item (`model:M` ->
    `tool+manual:M`; `tool+model:T,M` -> `tool+manual:T`, the person's correction being the
    last) is never left as the model's own work after a person changed it."""
    if not source:
        return "manual"
    kind, _, rest = source.partition(":")
    if kind in ("tool", "model"):
        return "tool+manual:" + rest
    if kind == "tool+model":
        return "tool+manual:" + rest.partition(",")[0]
    return source


class ArticleMerge:
    """Mixed into the Merger: uses its `rec`, `tax`, `c` (Combined), `p` (parsed) and `err`."""

    def _single(self, ctl: str, what: str) -> str | None:
        vals = list(dict.fromkeys(self.p.article.get(ctl) or []))
        if len(vals) > 1:
            self.err(ctl, f"{what} has {len(vals)} values {vals}", f"choose one {what}")
        return vals[0] if vals else None

    def _unknown(self, ctl: str, values, options, what: str) -> bool:
        bad = [v for v in values if v is not None and v not in options]
        if bad:
            self.err(ctl, f"{what} {', '.join(map(repr, bad))} not in the taxonomy",
                     "use the config of `newsframes labelstudio config`")
        return bool(bad)

    def _field(self, keys: tuple[str, ...], old: dict, changed: bool) -> dict:
        """Source and note of an article field after the pull: `manual` when Label Studio
        changed it, the checked source when it was kept in the annotation; the note of a
        layer not annotated yet goes once the layer is annotated in Label Studio."""
        origins = [self.c.origins.get(k, (True, False)) for k in keys]
        accepted = any(a for _, a in origins)
        out = dict(old)
        if changed:
            out["source"] = "manual"
        elif accepted:
            out["source"] = checked(old.get("source"))
        if (accepted or not all(f for f, _ in origins)) and out.get("note") == PENDING_NOTE:
            out["note"] = None
        return out

    def article(self):
        rec, tax = self.rec, self.tax
        genre = self._single(N.GENRE, "genre")
        primary = self._single(N.PRIMARY_FRAME, "primary frame")
        labels = list(dict.fromkeys(self.p.article.get(N.FRAMES) or []))
        bad = self._unknown(N.GENRE, [genre], tax.genre, "genre")
        bad |= self._unknown(N.FRAMES, labels, tax.frames, "frames")
        bad |= self._unknown(N.PRIMARY_FRAME, [primary], tax.frames, "primary frame")
        if primary is not None and primary not in labels and not bad:
            self.err(N.PRIMARY_FRAME, f"primary frame {primary!r} is not among the frames {labels}",
                     "tick it under 'Frames (all present)' too, or choose another primary frame")
        g = rec.get("genre") or {"label": None, "source": "manual", "note": None}
        g_changed = genre != g.get("label")
        rec["genre"] = {**self._field((f"article:{N.GENRE}",), g, g_changed), "label": genre}
        f = rec.get("frames") or {"labels": [], "primary": None, "source": "manual", "note": None}
        ordered = [x for x in f.get("labels", []) if x in labels] + [x for x in labels if x not in f.get("labels", [])]
        f_changed = ordered != f.get("labels") or primary != f.get("primary")
        fld = self._field((f"article:{N.FRAMES}", f"article:{N.PRIMARY_FRAME}"), f, f_changed)
        rec["frames"] = {**fld, "labels": ordered, "primary": primary}
        self._narratives()

    def _narratives(self):
        from .state import narrative_key

        subs = self.tax.subnarratives
        pairs = []
        for path in self.p.article.get(N.NARRATIVES) or []:
            ok = isinstance(path, list) and len(path) == 2 and subs.get(path[1]) == path[0]
            if not ok:
                shown = " / ".join(map(str, path)) if isinstance(path, list) else repr(path)
                self.err(N.NARRATIVES, f"{shown!r} is not a narrative and one of its sub-narratives",
                         "pick a sub-narrative (a leaf), 'Other' when none fits")
                continue
            pairs.append((path[0], path[1], self.c.origins.get(narrative_key(path), (False, True))))
        old = {(n["narrative"], n["subnarrative"]): n for n in self.rec.get("narratives", [])}
        out = []
        for narrative, sub, (from_record, accepted) in pairs:
            n = old.get((narrative, sub))
            if n is None:
                out.append({"narrative": narrative, "subnarrative": sub, "source": "manual", "note": None})
            else:
                out.append(dict(n, source=checked(n.get("source"))) if accepted else n)
        order = {k: i for i, k in enumerate(old)}
        self.rec["narratives"] = sorted(out, key=lambda n: order.get((n["narrative"], n["subnarrative"]), len(order)))

