#!/usr/bin/env python3
"""The script a user would write instead of hedui: split the report at 附件, pull every number with
its unit out of the annex items and the body sentences with a regex, cut the phrase before each
number with jieba, and report annex numbers whose best-matching body phrase states another number.

It is a baseline for timing (scripts/bench.sh), not a checker: no layout repair, no Chinese
numerals, no sums, no qualifiers.

Usage: baseline.py FILE_OR_DIR...
"""
import os
import re
import sys

import jieba

jieba.setLogLevel(60)
NUMBER = re.compile(r"([\u4e00-\u9fff]{2,12}?)(\d+(?:\.\d+)?)(万|亿)?(个|所|家|人次|人|户|张|公里|亿元|万元|%|项|件|场|套|台|座|处|条)?")


def commitments(text):
    out = []
    for m in NUMBER.finditer(text):
        value = float(m.group(2)) * {"万": 1e4, "亿": 1e8}.get(m.group(3) or "", 1)
        words = {w for w in jieba.cut(m.group(1), HMM=False) if len(w) >= 2}
        out.append((m.group(0), value, m.group(4) or "", words))
    return out


def check(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    at = text.find("附件")
    if at < 0:
        return [f"{path}: no annex"]
    body, annex = commitments(text[:at]), commitments(text[at:])
    findings = []
    for quote, value, unit, words in annex:
        best, score = None, 0.0
        for b in body:
            common = len(words & b[3])
            s = 2 * common / (len(words) + len(b[3])) if common else 0.0
            if b[2] == unit and s > score:
                best, score = b, s
        if best and score >= 0.5 and best[1] != value:
            findings.append(f"{path}: annex {quote} vs body {best[0]}")
    return findings


def main():
    jieba.initialize()
    paths = []
    for arg in sys.argv[1:]:
        if os.path.isdir(arg):
            paths += sorted(os.path.join(arg, n) for n in os.listdir(arg) if n.endswith(".txt"))
        else:
            paths.append(arg)
    for p in paths:
        for line in check(p):
            print(line)


if __name__ == "__main__":
    main()
