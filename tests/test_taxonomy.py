"""The label taxonomies (schema/taxonomies/*.json): exact anchor label lists, definitions,
uniqueness, file layout. Expected lists are hard-coded from the anchor corpora (SemEval-2023
Task 3, SemEval-2025 Task 10, OntoNotes 5, TimeML) so a drifting label string fails here."""

from __future__ import annotations

import json
import re

import pytest

from newsframes.labeldocs import read_taxonomies, structure_problems
from newsframes.paths import schema_dir
from newsframes.taxonomy import TAXONOMY_FILES

TAX_DIR = schema_dir() / "taxonomies"

FRAMES = [
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
    "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
    "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation",
]
TECHNIQUE_GROUPS = {
    "Attack_on_Reputation": ["Name_Calling-Labeling", "Guilt_by_Association", "Doubt",
                             "Appeal_to_Hypocrisy", "Questioning_the_Reputation"],
    "Justification": ["Flag_Waving", "Appeal_to_Authority", "Appeal_to_Popularity",
                      "Appeal_to_Values", "Appeal_to_Fear-Prejudice"],
    "Distraction": ["Straw_Man", "Red_Herring", "Whataboutism"],
    "Simplification": ["Causal_Oversimplification", "False_Dilemma-No_Choice",
                       "Consequential_Oversimplification"],
    "Call": ["Slogans", "Conversation_Killer", "Appeal_to_Time"],
    "Manipulative_Wording": ["Loaded_Language", "Obfuscation-Vagueness-Confusion",
                             "Exaggeration-Minimisation", "Repetition"],
}
ROLES = {
    "Protagonist": ["Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"],
    "Antagonist": ["Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
                   "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"],
    "Innocent": ["Forgotten", "Exploited", "Victim", "Scapegoat"],
}
ENTITY_TYPES = ["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                "CARDINAL"]
# URW narrative -> number of listed sub-narratives (each narrative also has `Other`)
URW_SUBNARRATIVE_COUNTS = {
    "Blaming the war on others rather than the invader": 2,
    "Discrediting Ukraine": 8,
    "Russia is the Victim": 3,
    "Praise of Russia": 5,
    "Overpraising the West": 3,
    "Speculating war outcomes": 3,
    "Discrediting the West, Diplomacy": 6,
    "Negative Consequences for the West": 2,
    "Distrust towards Media": 2,
    "Amplifying war-related fears": 4,
    "Hidden plots by secret schemes of powerful groups": 0,
}
URW_EXACT = [  # strings with punctuation that a retyping would get wrong
    "URW: Discrediting Ukraine: Rewriting Ukraine's history",
    "URW: Discrediting the West, Diplomacy: The West does not care about Ukraine, only about its interests",
    "URW: Discrediting the West, Diplomacy: Diplomacy does/will not work",
    "URW: Amplifying war-related fears: NATO should/will directly intervene",
    "URW: Russia is the Victim: UA is anti-RU extremists",
    "URW: Russia is the Victim: Russia actions in Ukraine are only self-defence",
    "URW: Amplifying war-related fears: By continuing the war we risk WWIII",
    "URW: Hidden plots by secret schemes of powerful groups: Other",
]


@pytest.fixture(scope="module")
def tax():
    return read_taxonomies(TAX_DIR)


@pytest.fixture(scope="module")
def raw():
    return {n: json.loads((TAX_DIR / f"{n}.json").read_text(encoding="utf-8")) for n in TAXONOMY_FILES}


def test_genre_frames_exact(tax):
    assert tax.genre == ["opinion", "reporting", "satire"]
    assert tax.frames == FRAMES and len(tax.frames) == 14


# appended in techniques 1.1.0 for imported PTC spans (after the 23, so ClassLabel ids stay)
PTC_MERGED = ["Whataboutism-Straw_Man-Red_Herring", "Bandwagon-Reductio_ad_Hitlerum"]


def test_techniques_and_groups_exact(tax, raw):
    assert len(tax.techniques) == 23 + len(PTC_MERGED)
    assert [g["label"] for g in raw["techniques"]["groups"]] == [*TECHNIQUE_GROUPS, "PTC_Merged"]
    expected = {t: g for g, ts in TECHNIQUE_GROUPS.items() for t in ts} | {t: "PTC_Merged" for t in PTC_MERGED}
    assert tax.technique_groups == expected
    assert tax.techniques == [t for ts in TECHNIQUE_GROUPS.values() for t in ts] + PTC_MERGED


def test_roles_exact(tax):
    assert tax.role_main == list(ROLES)
    assert len(tax.role_fine) == 22
    assert tax.role_fine == {f: m for m, fs in ROLES.items() for f in fs}


def test_entity_types_exact(tax):
    assert tax.entity_types == ENTITY_TYPES and len(ENTITY_TYPES) == 18


def test_project_label_lists_exact(tax):
    assert tax.claim_types == ["factual", "quantitative", "causal", "predictive", "evaluative",
                               "attributed-report"]
    assert tax.verdicts == ["unverified", "supported", "partly-supported", "refuted", "unverifiable"]
    assert tax.timex_types == ["DATE", "TIME", "DURATION", "SET"]
    assert tax.timex_mods == ["BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN",
                              "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END",
                              "APPROX"]


def test_urw_narratives(raw, tax):
    urw = raw["narratives"]["labels"]
    assert [n["label"] for n in urw] == [f"URW: {k}" for k in URW_SUBNARRATIVE_COUNTS]
    for n in urw:
        subs = [s["label"] for s in n["subnarratives"]]
        assert n["prefix"] == "URW"
        assert len(subs) == URW_SUBNARRATIVE_COUNTS[n["label"][5:]] + 1, n["label"]
        assert subs[-1] == f"{n['label']}: Other", n["label"]
        assert all(s.startswith(n["label"] + ": ") for s in subs)
    assert sum(len(n["subnarratives"]) for n in urw) == 49
    for label in URW_EXACT:
        assert label in tax.subnarratives


CC_SUBNARRATIVE_COUNTS = {  # listed sub-narratives per CC narrative (each also has Other)
    "Criticism of climate policies": 3, "Criticism of institutions and authorities": 4,
    "Climate change is beneficial": 2, "Downplaying climate change": 8,
    "Questioning the measurements and science": 4, "Criticism of climate movement": 3,
    "Controversy about green technologies": 4, "Hidden plots by secret schemes of powerful groups": 2,
    "Amplifying Climate Fears": 4, "Green policies are geopolitical instruments": 2,
}


def test_cc_narratives_appended_after_urw_and_nf(raw, tax):
    cc = raw["narratives_cc"]["labels"]
    assert [n["label"] for n in cc] == [f"CC: {k}" for k in CC_SUBNARRATIVE_COUNTS]
    for n in cc:
        subs = [s["label"] for s in n["subnarratives"]]
        assert n["prefix"] == "CC" and subs[-1] == f"{n['label']}: Other"
        assert len(subs) == CC_SUBNARRATIVE_COUNTS[n["label"][4:]] + 1
    # ClassLabel ids: URW first, then NF, then CC (earlier ids unchanged by the addition)
    n_urw, n_nf = len(raw["narratives"]["labels"]), len(raw["narratives_project"]["labels"])
    assert [x.split(":")[0] for x in tax.narratives] == ["URW"] * n_urw + ["NF"] * n_nf + ["CC"] * len(cc)
    assert "CC: Criticism of climate movement: Climate movement is alarmist" in tax.subnarratives


def _all_entries(obj):
    """Every dict with a `label` in a taxonomy: labels, groups, main roles, sub-narratives."""
    for key in ("labels", "groups", "main"):
        for entry in obj.get(key, []):
            yield entry
            yield from entry.get("subnarratives", [])


@pytest.mark.parametrize("name", TAXONOMY_FILES)
def test_every_label_has_a_definition(raw, name):
    empty = [e["label"] for e in _all_entries(raw[name]) if not e.get("definition", "").strip()]
    assert empty == [], f"{name}.json: labels without a definition: {empty}"


@pytest.mark.parametrize("name", TAXONOMY_FILES)
def test_every_taxonomy_has_description_and_anchor(raw, name):
    obj = raw[name]
    assert obj["name"] == name
    assert obj["description"].strip(), f"{name}.json: empty description"
    assert obj["anchor"]["name"].strip()
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", obj["version"])
    assert obj["level"] in {"article", "entity", "span"}
    assert obj["cardinality"] in {"single", "multi"}


@pytest.mark.parametrize("name", TAXONOMY_FILES)
def test_no_duplicate_labels(raw, name):
    for key in ("labels", "groups", "main"):
        labels = [e["label"] for e in raw[name].get(key, [])]
        assert len(labels) == len(set(labels)), f"{name}.json /{key}: duplicates"
    subs = [s["label"] for n in raw[name]["labels"] for s in n.get("subnarratives", [])]
    assert len(subs) == len(set(subs))


def test_narrative_labels_unique_across_lists(tax):
    assert len(tax.narratives) == len(set(tax.narratives))
    flat = [s for n in tax._narrative_entries() for s in n["subnarratives"]]
    assert len(flat) == len(tax.subnarratives)


def test_structure_checker_finds_duplicates_and_dangling_refs(raw, tmp_path):
    bad = json.loads(json.dumps(raw))
    bad["frames"]["labels"].append(dict(bad["frames"]["labels"][0]))
    bad["techniques"]["labels"][0]["group"] = "No_Such_Group"
    bad["entity_roles"]["labels"][0]["main"] = "Hero"
    problems = [str(p) for p in structure_problems(bad, tmp_path)]
    assert any("frames.json: /labels/14/label: NF003 duplicate label 'Economic'" in p for p in problems)
    assert any("techniques.json: /labels/0/group: NF003" in p for p in problems)
    assert any("entity_roles.json: /labels/0/main: NF003" in p for p in problems)
    assert structure_problems(raw, tmp_path) == []


@pytest.mark.parametrize("name", TAXONOMY_FILES)
def test_file_layout_is_canonical(name):
    text = (TAX_DIR / f"{name}.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_neighbours_are_distinguished(tax, raw):
    """Definitions of easily confused labels name the neighbour they differ from."""
    defs = {e["label"]: e["definition"] for n in TAXONOMY_FILES for e in _all_entries(raw[n])}
    pairs = [
        ("Loaded_Language", "Name_Calling-Labeling"), ("Loaded_Language", "Exaggeration-Minimisation"),
        ("Exaggeration-Minimisation", "Loaded_Language"), ("Doubt", "Questioning_the_Reputation"),
        ("Questioning_the_Reputation", "Doubt"), ("Whataboutism", "Appeal_to_Hypocrisy"),
        ("Red_Herring", "Whataboutism"), ("Causal_Oversimplification", "Consequential_Oversimplification"),
        ("Flag_Waving", "Appeal_to_Values"), ("Political", "Policy_prescription_and_evaluation"),
        ("Economic", "Capacity_and_resources"), ("Morality", "Fairness_and_equality"),
        ("Security_and_defense", "Health_and_safety"), ("unverified", "unverifiable"),
        ("unverifiable", "unverified"), ("GPE", "LOC"),
    ]
    for label, neighbour in pairs:
        assert f"`{neighbour}`" in defs[label], f"definition of {label} does not mention {neighbour}"


def test_backticked_names_in_definitions_exist(raw):
    """A `name` quoted in a definition or description is a label or a record field, so a
    rename cannot leave stale references in the codebook."""
    labels = {e["label"] for n in TAXONOMY_FILES for e in _all_entries(raw[n])}
    schema = json.loads((schema_dir() / "article.schema.json").read_text(encoding="utf-8"))
    fields = set()

    def walk(node):
        if isinstance(node, dict):
            fields.update(node.get("properties", {}))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    texts = [raw[n]["description"] for n in TAXONOMY_FILES]
    texts += [e.get("definition", "") for n in TAXONOMY_FILES for e in _all_entries(raw[n])]
    generic = {"Other"}  # the catch-all sub-narrative every narrative has
    unknown = {q for t in texts for q in re.findall(r"`([^`]+)`", t)} - labels - fields - generic
    assert unknown == set()
