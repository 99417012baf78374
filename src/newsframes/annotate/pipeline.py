"""Building the spaCy pipelines used by `newsframes annotate`.

- the base pipeline: `spacy.blank(<the record's language>)` (`xx` for a language spaCy
  lacks, see validate.tokens.spacy_code) + `newsframes_line_breaks` (a token that follows
  a line break starts a sentence, so a heading never merges with the next paragraph) +
  the rule-based `sentencizer` + an `entity_ruler` whose patterns come from the corpus;
- optionally a trained pipeline (e.g. `en_core_web_sm`) with the same entity ruler placed
  before its `ner`, so known names win over the statistical model.

Provenance tags (`tool:<name>/<version>`, versions read from the installed packages):
`tool:newsframes-sentencizer/<newsframes version>`, `tool:spacy-entityruler/<spaCy version>`,
`tool:<lang>_<name>/<version>` of a trained pipeline from its meta (e.g.
`tool:en_core_web_sm/3.8.0`), `tool:newsframes-timex/<newsframes version>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LINE_BREAKS = "newsframes_line_breaks"


class ModelNotFound(Exception):
    pass


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory(LINE_BREAKS):
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text:
                tok.is_sent_start = True
        return doc


@dataclass
class Pipelines:
    base: object  # spacy Language
    model: object | None = None
    tags: dict = field(default_factory=dict)

    @property
    def model_name(self) -> str | None:
        return self.tags.get("model_name")


def tags() -> dict:
    import spacy

    from .. import __version__
    return {
        "sentences": f"tool:newsframes-sentencizer/{__version__}",
        "ruler": f"tool:spacy-entityruler/{spacy.__version__}",
        "timex": f"tool:newsframes-timex/{__version__}",
    }


def _add_ruler(nlp, patterns: list[dict], before: str | None = None):
    if not patterns:  # an empty ruler only warns (W036)
        return None
    cfg = {"phrase_matcher_attr": "ORTH", "overwrite_ents": True}
    ruler = nlp.add_pipe("entity_ruler", config=cfg, before=before) if before else nlp.add_pipe(
        "entity_ruler", config=cfg)
    ruler.add_patterns([{k: v for k, v in p.items() if k != "note"} for p in patterns])
    return ruler


def model_installed(name: str) -> bool:
    import spacy.util
    return spacy.util.is_package(name)


def build(patterns: list[dict], model: str | None, language: str | None = "en") -> Pipelines:
    """`model`: None for no trained model, else a spaCy package name or pipeline folder.
    Its provenance name is `<lang>_<name>` from the pipeline's meta (en_core_web_sm).
    The base pipeline is the blank class of the record's `language` (validate.tokens.spacy_code)."""
    import spacy

    from ..validate.tokens import spacy_code

    _register()
    base = spacy.blank(spacy_code(language))
    base.add_pipe(LINE_BREAKS)
    base.add_pipe("sentencizer")
    _add_ruler(base, patterns)
    out = Pipelines(base=base, tags=tags())
    if model:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError as exc:
            raise ModelNotFound(f"spaCy model {model!r} is not installed ({exc.__class__.__name__}); "
                                f"install it (python -m spacy download {model}) or use --model none") from None
        except (ImportError, ValueError) as exc:  # e.g. a model built for another spaCy version
            raise ModelNotFound(f"spaCy model {model!r} cannot be loaded ({exc}); "
                                "install a version matching spaCy, or use --model none") from None
        if "ner" in nlp.pipe_names:
            _add_ruler(nlp, patterns, before="ner")
        else:
            _add_ruler(nlp, patterns)
        out.model = nlp
        meta = nlp.meta
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}")
        version = re.sub(r"[^A-Za-z0-9_.+-]", "_", str(meta.get("version") or "0.0.0"))
        out.tags["model_name"] = name
        out.tags["model"] = f"tool:{name}/{version}"
    return out
