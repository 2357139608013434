#!/usr/bin/env python3
"""Builds the .docx fixtures of tests/formats_docx.rs from a plain-text report (UTF-8, one
paragraph per line), writing the OOXML parts by hand so that numbering.xml is fully controlled.

    python3 scripts/make-docx-fixtures.py [corpus/000_6f198439acdb62c0.txt] [tests/fixtures/docx]

Writes three files named after the input:
  <stem>.plain.docx     every line a paragraph (empty lines empty paragraphs), so paragraph
                        number = text line;
  <stem>.numbered.docx  the same, but in the annex every line that starts with a list marker
                        ("19." "19、" "一、") loses the marker and gets Word automatic numbering
                        that shows the same number: Arabic items through a paragraph style
                        ("AnnexItem", numPr in styles.xml) while the count runs on, a new w:num
                        with w:startOverride wherever the written numbers restart, skip or repeat;
                        Chinese headings (一、) through chineseCounting numbering;
  <stem>.table.docx     the annex lines from the first marker line to the last one as a table:
                        a header row (序号 | 项目内容), one row per item (number cell, content
                        cell) and a row with one merged cell for each other line (headings);
                        empty lines inside the table are dropped.

Only the standard library is used; the output is deterministic (fixed timestamps).
"""

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

ARABIC = re.compile(r"^(\d{1,4})([.、．])(\s?)(.*)$")
CHINESE = re.compile(r"^([一二三四五六七八九十]{1,3})、(\s?)(.*)$")
CN_DIGITS = "一二三四五六七八九"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>
"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>
</Relationships>
"""

DOC_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{R}/numbering" Target="numbering.xml"/>
</Relationships>
"""


def chinese_value(s):
    """一 → 1 … 九十九 → 99."""
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = CN_DIGITS.index(tens) + 1 if tens else 1
        return t * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(s) + 1


def annex_range(lines):
    """(first, last) 0-based indices of the annex's marker lines: after the 附件 line, from the
    first line with a list marker to the last one before a line that is neither blank, a marker
    line nor part of the title block."""
    try:
        opener = next(i for i, l in enumerate(lines) if l.strip() == "附件")
    except StopIteration:
        return None
    first = last = None
    for i in range(opener + 1, len(lines)):
        text = lines[i].strip()
        if not text:
            continue
        if ARABIC.match(text) or CHINESE.match(text):
            first = i if first is None else first
            last = i
        elif first is not None:
            break
    return (first, last) if first is not None else None


def run(text):
    if not text:
        return ""
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text, ppr=""):
    if not text and not ppr:
        return "<w:p/>"
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run(text)}</w:p>"


def styles_xml():
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ListBase"><w:name w:val="List Base"/><w:basedOn w:val="Normal"/>
<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="AnnexItem"><w:name w:val="Annex Item"/><w:basedOn w:val="ListBase"/>
<w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>
</w:styles>
"""


def numbering_xml(abstracts, nums):
    """abstracts: [(id, numFmt, lvlText, suff)]; nums: [(numId, abstractId, startOverride)]."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W}">']
    for aid, fmt, text, suff in abstracts:
        out.append(
            f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="{suff}"/><w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/></w:lvl>'
            "</w:abstractNum>"
        )
    for nid, aid, start in nums:
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if start is not None
            else ""
        )
        out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>')
    out.append("</w:numbering>\n")
    return "\n".join(out)


def document_xml(body):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>\n'
        + "\n".join(body)
        + '\n<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>\n'
    )


def write_docx(path, body, numbering):
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/document.xml", document_xml(body)),
        ("word/styles.xml", styles_xml()),
        ("word/numbering.xml", numbering),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def plain(lines):
    return [para(l) for l in lines], numbering_xml([], [])


def numbered(lines, span):
    # List formats seen: key → abstract id; the first Arabic "%1." list is num 1 (via style).
    abstracts, nums = [], []
    formats = {}  # (fmt, text, suff) → abstract id
    current = {}  # abstract id → (numId, next expected number)
    body = []
    for i, line in enumerate(lines):
        m_a = ARABIC.match(line) if span and span[0] <= i <= span[1] else None
        m_c = CHINESE.match(line) if span and span[0] <= i <= span[1] and not m_a else None
        if not (m_a or m_c):
            body.append(para(line))
            continue
        if m_a:
            number, fmt, text = int(m_a.group(1)), "decimal", "%1" + m_a.group(2)
            space, rest = m_a.group(3), m_a.group(4)
        else:
            number, fmt, text = chinese_value(m_c.group(1)), "chineseCounting", "%1、"
            space, rest = m_c.group(2), m_c.group(3)
        suff = "tab" if space else "nothing"
        key = (fmt, text, suff)
        if key not in formats:
            formats[key] = len(abstracts) + 1
            abstracts.append((formats[key], fmt, text, suff))
        aid = formats[key]
        num, expected = current.get(aid, (None, None))
        if num is None or number != expected:
            if fmt == "decimal" and number == 1 and not any(n == 1 for n, _, _ in nums):
                # The first Arabic list starting at 1 is num 1, the one the AnnexItem style
                # refers to, without an override.
                num, start = 1, None
            else:
                num, start = len(nums) + 2, number
            nums.append((num, aid, start))
        current[aid] = (num, number + 1)
        if num == 1:
            ppr = '<w:pStyle w:val="AnnexItem"/>'
        else:
            ppr = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
        body.append(para(rest, ppr))
    if not any(n == 1 for n, _, _ in nums):
        # The style refers to num 1: keep it defined even if unused.
        abstracts.append((len(abstracts) + 1, "decimal", "%1.", "tab"))
        nums.insert(0, (1, len(abstracts), None))
    nums.sort()
    return body, numbering_xml(abstracts, nums)


def cell(text, width, span=1):
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{para(text)}</w:tc>'


def table(lines, span):
    body = [para(l) for l in lines[: span[0]]] if span else [para(l) for l in lines]
    if not span:
        return body, numbering_xml([], [])
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    rows = [f"<w:tr>{cell('序号', 900)}{cell('项目内容', 8100)}</w:tr>"]
    for line in lines[span[0] : span[1] + 1]:
        if not line.strip():
            continue
        m = ARABIC.match(line)
        if m:
            rows.append(f"<w:tr>{cell(m.group(1), 900)}{cell(m.group(4), 8100)}</w:tr>")
        else:
            rows.append(f"<w:tr>{cell(line, 9000, span=2)}</w:tr>")
    body.append(
        f'<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="900"/><w:gridCol w:w="8100"/></w:tblGrid>'
        + "".join(rows)
        + "</w:tbl>"
    )
    body.extend(para(l) for l in lines[span[1] + 1 :])
    return body, numbering_xml([], [])


def main():
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus/000_6f198439acdb62c0.txt")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "tests/fixtures/docx")
    out.mkdir(parents=True, exist_ok=True)
    text = src.read_text(encoding="utf-8").lstrip("\ufeff")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it is not a paragraph
    lines = [l.rstrip("\r") for l in lines]
    span = annex_range(lines)
    stem = src.stem
    for name, build in [
        ("plain", lambda: plain(lines)),
        ("numbered", lambda: numbered(lines, span)),
        ("table", lambda: table(lines, span)),
    ]:
        body, numbering = build()
        path = out / f"{stem}.{name}.docx"
        write_docx(path, body, numbering)
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
