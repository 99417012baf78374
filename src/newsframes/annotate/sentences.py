"""Sentence spans from the base pipeline (line breaks always end a sentence).

A span never contains a line break and carries no leading or trailing white space, so
every character of a paragraph lies in exactly one sentence except the spaces between
sentences."""

from __future__ import annotations


def sentence_spans(doc) -> list[tuple[int, int]]:
    text = doc.text
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        pos = sent.start_char
        for piece in text[sent.start_char:sent.end_char].split("\n"):
            stripped = piece.strip()
            if stripped:
                start = pos + (len(piece) - len(piece.lstrip()))
                out.append((start, start + len(stripped)))
            pos += len(piece) + 1
    return out


def proposals(doc, tag: str) -> list[dict]:
    return [{"start": s, "end": e, "source": tag} for s, e in sentence_spans(doc)]
