"""The label taxonomies in schema/taxonomies/*.json: the one source of truth for every
label list. The schema's enums, the Hugging Face ClassLabel names and the docs are all
generated from here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import schema_dir

TAXONOMY_FILES = (
    "genre", "frames", "techniques", "narratives", "narratives_project", "narratives_cc", "entity_types",
    "entity_roles",
    "claim_types", "verdicts", "timex_types", "timex_mods",
)


@dataclass(frozen=True)
class Taxonomies:
    raw: dict

    def labels(self, name: str) -> list[str]:
        return [x["label"] for x in self.raw[name]["labels"]]

    @property
    def genre(self) -> list[str]:
        return self.labels("genre")

    @property
    def frames(self) -> list[str]:
        return self.labels("frames")

    @property
    def techniques(self) -> list[str]:
        return self.labels("techniques")

    @property
    def technique_groups(self) -> dict[str, str]:
        return {x["label"]: x["group"] for x in self.raw["techniques"]["labels"]}

    def _narrative_entries(self) -> list[dict]:
        # the anchor (URW) list first, then the project's own (NF) list, then the anchor's
        # climate change (CC) list, added later and appended so that earlier ids stay
        return (self.raw["narratives"]["labels"] + self.raw["narratives_project"]["labels"]
                + self.raw["narratives_cc"]["labels"])

    @property
    def narratives(self) -> list[str]:
        return [n["label"] for n in self._narrative_entries()]

    @property
    def subnarratives(self) -> dict[str, str]:
        """sub-narrative label -> its narrative label."""
        return {s["label"]: n["label"] for n in self._narrative_entries() for s in n["subnarratives"]}

    @property
    def entity_types(self) -> list[str]:
        return self.labels("entity_types")

    @property
    def role_main(self) -> list[str]:
        return [x["label"] for x in self.raw["entity_roles"]["main"]]

    @property
    def role_fine(self) -> dict[str, str]:
        """fine role -> main role."""
        return {x["label"]: x["main"] for x in self.raw["entity_roles"]["labels"]}

    @property
    def claim_types(self) -> list[str]:
        return self.labels("claim_types")

    @property
    def verdicts(self) -> list[str]:
        return self.labels("verdicts")

    @property
    def timex_types(self) -> list[str]:
        return self.labels("timex_types")

    @property
    def timex_mods(self) -> list[str]:
        return self.labels("timex_mods")

    def schema_enums(self) -> dict[str, list[str]]:
        """The `$defs` enums of article.schema.json, as they must be."""
        return {
            "genre_label": self.genre,
            "frame_label": self.frames,
            "narrative_label": self.narratives,
            "subnarrative_label": list(self.subnarratives),
            "entity_type": self.entity_types,
            "role_main": self.role_main,
            "role_fine": list(self.role_fine),
            "claim_type": self.claim_types,
            "verdict_label": self.verdicts,
            "technique_label": self.techniques,
            "timex_type": self.timex_types,
            "timex_mod": self.timex_mods,
        }


def load_taxonomies(directory: Path | None = None) -> Taxonomies:
    directory = directory or schema_dir() / "taxonomies"
    return _load(str(directory))


@lru_cache(maxsize=4)
def _load(directory: str) -> Taxonomies:
    raw = {}
    for name in TAXONOMY_FILES:
        with open(Path(directory) / f"{name}.json", encoding="utf-8") as fh:
            raw[name] = json.load(fh)
    return Taxonomies(raw)


def schema_with_enums(schema: dict, tax: Taxonomies) -> dict:
    """A copy of `schema` whose label enums are regenerated from the taxonomies."""
    out = json.loads(json.dumps(schema))
    for key, values in tax.schema_enums().items():
        out["$defs"][key]["enum"] = list(values)
    return out
