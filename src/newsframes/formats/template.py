"""Writing a label file in the order and with the line ends of another ("template") file.

Several official scorers pair gold and prediction lines by their position in the file,
not by id (SemEval-2025 subtask 1 and 2 read the lines into dicts and zip their values),
so an export that sorts lines differently from the gold scores correct data wrong. A
label file is therefore written in the order of its template: the source's own label
file (kept in seeds/ at import) for a corpus export, the gold file (`--like`) for
predictions.

Each line written takes the place of a template line with the same content, else of a
template line with the same key (the format's notion of "the same item": an article id,
an article and a paragraph line, a span), else goes after the template's lines in the
order it was made. It keeps the line end of the place it takes (LF, CRLF, or none for a
last line without one); lines that take no place get the template's most common end. A
template that starts with a UTF-8 BOM gives the output one.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass
class Template:
    lines: list[str]  # contents, without line ends
    ends: list[str]  # "\n", "\r\n" or "" (a last line without a line end)
    bom: bool = False

    @classmethod
    def parse(cls, data: bytes) -> Template:
        text = data.decode("utf-8", "replace")
        bom = text.startswith(BOM)
        text = text[1:] if bom else text
        lines, ends = [], []
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i == len(pieces) - 1:  # after the last LF: a last line without a line end, or nothing
                if piece:
                    lines.append(piece)
                    ends.append("")
                break
            crlf = piece.endswith("\r")
            lines.append(piece[:-1] if crlf else piece)
            ends.append("\r\n" if crlf else "\n")
        return cls(lines, ends, bom)

    def common_end(self) -> str:
        counts = Counter(e for e in self.ends if e)
        return counts.most_common(1)[0][0] if counts else "\n"


def ordered(lines: list[str], templates: list[Template], key: Callable[[str], object] | None = None,
            default_end: str = "\n", *, restrict: bool = False, report: list | None = None,
            name: str = "") -> bytes:
    """`lines` (contents) as file bytes, in the templates' order (see the module).
    `restrict`: only lines that take a template's place are written (a prediction file
    the scorer pairs with the gold line by line); `report` gets the lines left out and
    the template lines no line took."""
    if not templates:
        return "".join(ln + default_end for ln in lines).encode("utf-8")
    places = [(t, p) for t, tpl in enumerate(templates) for p in range(len(tpl.lines))]
    exact: dict[str, deque] = defaultdict(deque)
    by_key: dict[object, deque] = defaultdict(deque)
    for t, p in places:
        content = templates[t].lines[p]
        exact[content].append((t, p))
        if key is not None:
            by_key[key(content)].append((t, p))
    taken: set = set()
    slot: list = [None] * len(lines)
    for i, ln in enumerate(lines):
        q = exact.get(ln)
        while q and q[0] in taken:
            q.popleft()
        if q:
            slot[i] = q.popleft()
            taken.add(slot[i])
    if key is not None:
        for i, ln in enumerate(lines):
            if slot[i] is None:
                q = by_key.get(key(ln))
                while q and q[0] in taken:
                    q.popleft()
                if q:
                    slot[i] = q.popleft()
                    taken.add(slot[i])
    end = templates[0].common_end()
    keep = [i for i in range(len(lines)) if slot[i] is not None or not restrict]
    if report is not None and restrict:
        report += [f"{name}: {lines[i]!r} matches no line of the gold (--like): left out"
                   for i in range(len(lines)) if slot[i] is None]
        report += [f"{name}: no line for line {p + 1} of the gold ({templates[t].lines[p]!r})"
                   for t, p in places if (t, p) not in taken]
    order = sorted(keep, key=lambda i: (0, *slot[i]) if slot[i] is not None else (1, i, 0))
    out = []
    for n, i in enumerate(order):
        e = templates[slot[i][0]].ends[slot[i][1]] if slot[i] is not None else end
        if not e and n < len(order) - 1:
            e = end
        out.append(lines[i] + e)
    return ((BOM if templates[0].bom else "") + "".join(out)).encode("utf-8")


def first_field(line: str) -> str:
    return line.split("\t", 1)[0]


def first_fields(n: int) -> Callable[[str], tuple]:
    return lambda line: tuple(line.split("\t")[:n])
