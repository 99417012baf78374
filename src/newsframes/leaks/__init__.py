"""The withheld-text leak check (docs/rights.md): `words` (tokens and hashed shingles),
`scan` (the words of a published file), `check` (which files hold a run of N words of a
withheld text, cached by content), `published` (the files a check covers)."""
