"""The control names shared by the config, the export and the import (one place)."""

TEXT = "text"
ENTITY = "entity"            # Labels: entity types; a region is a mention
TECHNIQUE_PREFIX = "technique_"  # one Labels group per technique group
CLAIM = "claim"              # Labels: CLAIM_LABEL and CUE_LABEL
CLAIM_LABEL = "Claim"
CUE_LABEL = "Cue"
TIMEX = "timex"              # Labels: TIMEX3 types

# per-region attributes
ENTITY_REF = "entity_ref"    # TextArea: e<N>, e<N> <name>, or a name
METONYMY = "metonymy"
ROLE_PREFIX = "role_"        # one multi-choice per main role, fine roles as choices
CLAIMANT = "claimant"        # TextArea: author, unnamed, e<N> or an entity name
CLAIM_TYPE = "claim_type"
CHECKWORTHY = "checkworthy"  # Choices yes/no
VERDICT = "verdict"
TIMEX_VALUE = "timex_value"  # TextArea
TIMEX_MOD = "timex_mod"

# article level
GENRE = "genre"
FRAMES = "frames"
PRIMARY_FRAME = "primary_frame"
NARRATIVES = "narratives"    # Taxonomy: narrative -> sub-narrative

METONYMY_VALUES = ("government", "people", "institution", "place")
YES, NO = "yes", "no"
CUE_RELATION = "cue of"
