"""Re-anchoring a record after an edit of its text: `newsframes reanchor`."""
