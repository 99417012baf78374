"""Inter-annotator agreement of annotation passes (`newsframes agree`); see docs/agreement.md."""
