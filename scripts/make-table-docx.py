#!/usr/bin/env python3
"""Builds a .docx corpus document whose annex is a real Word table, from a plain-text source
(UTF-8, one paragraph per line) in which the table is written as Markdown rows:

    python3 scripts/make-table-docx.py corpus/docx-src/budget-longyuan-county-2024.txt corpus

Every line that is not a table row becomes a paragraph (an empty line an empty paragraph). A run
of lines starting with `|` becomes one table (w:tbl): its first row the header, `|---|` rules
dropped, and a row with a single cell (`| 一、民生支出 |`) one cell merged across the table
(w:gridSpan), as a category row appears in Word. Writes <out>/<stem>.docx.

Only the standard library is used, with the OOXML helpers of make-docx-fixtures.py; the output is
deterministic (fixed timestamps), so running it again gives the same bytes.
"""

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "fixtures", Path(__file__).with_name("make-docx-fixtures.py")
)
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

WIDTH = 9000


def table_xml(rows):
    """rows: lists of cell texts; the widest row gives the grid."""
    ncols = max(len(r) for r in rows)
    widths = [WIDTH // ncols] * ncols
    widths[0] += WIDTH - sum(widths)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = []
    for r in rows:
        if len(r) == 1 and ncols > 1:
            out.append(f"<w:tr>{fx.cell(r[0], WIDTH, span=ncols)}</w:tr>")
        else:
            cells = r + [""] * (ncols - len(r))
            out.append("<w:tr>" + "".join(fx.cell(c, w) for c, w in zip(cells, widths)) + "</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{WIDTH}" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>" + "".join(out) + "</w:tbl>"
    )


def cells_of(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def is_rule(cells):
    return all(c and set(c) <= set("-:") for c in cells)


def main():
    src = Path(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "corpus")
    lines = src.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body, rows = [], []
    for line in lines:
        if line.lstrip().startswith("|"):
            cells = cells_of(line)
            if not is_rule(cells):
                rows.append(cells)
            continue
        if rows:
            body.append(table_xml(rows))
            rows = []
        body.append(fx.para(line))
    if rows:
        body.append(table_xml(rows))
    path = out / f"{src.stem}.docx"
    fx.write_docx(path, body, fx.numbering_xml([], []))
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
