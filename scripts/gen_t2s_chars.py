#!/usr/bin/env python3
"""Generates src/segment/t2s_chars.txt: every character that OpenCC's t2s conversion can change,
and src/segment/t2s_phrases.txt: the TSPhrases keys that change and hold no character that
TSCharacters changes (a character only such phrases change, like 覆 of 答覆, makes a clause
converted only when one of them is around it).

Source: TSCharacters.txt and TSPhrases.txt of the ferrous-opencc crate (OpenCC dictionaries,
Apache-2.0). A character is listed when its TSCharacters entry maps it to something else, or when
it is changed by a TSPhrases entry holding no listed character (every character of the key when
the conversion changes its length).
A text without any listed character converts to itself, so hedui skips the conversion (and never
builds the converter) for it.

Usage: python3 scripts/gen_t2s_chars.py [path/to/ferrous-opencc/assets/dictionaries]
"""
import glob
import os
import sys


def entries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#") or "\t" not in line:
                continue
            key, values = line.split("\t", 1)
            yield key, values.split(" ")[0]


def main() -> None:
    if len(sys.argv) > 1:
        d = sys.argv[1]
    else:
        found = sorted(glob.glob(os.path.expanduser(
            "~/.cargo/registry/src/*/ferrous-opencc-0.4.*/assets/dictionaries")))
        if not found:
            sys.exit("ferrous-opencc dictionaries not found; run `cargo fetch` first or pass the path")
        d = found[-1]
    chars = set()
    for key, value in entries(os.path.join(d, "TSCharacters.txt")):
        if key != value:
            chars.update(key)
    by_characters = set(chars)
    phrases = sorted(
        key
        for key, value in entries(os.path.join(d, "TSPhrases.txt"))
        if key != value and not by_characters.intersection(key)
    )
    for key, value in entries(os.path.join(d, "TSPhrases.txt")):
        if key == value or chars.intersection(key):
            continue
        if len(key) == len(value):
            # Only the characters the phrase changes: a text without them cannot hold it.
            chars.update(k for k, v in zip(key, value) if k != v)
        else:
            chars.update(key)
    # src/segment/repair.rs converts clause by clause: that is exact only while no key holds
    # clause punctuation.
    marks = set("。，；：！？、,;:!?")
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for key, _ in entries(os.path.join(d, name)):
            if marks.intersection(key):
                sys.exit(f"{name}: key {key!r} holds clause punctuation; see is_clause_mark")
    out = os.path.join(os.path.dirname(__file__), "..", "src", "segment", "t2s_chars.txt")
    text = "".join(sorted(chars))
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    print(f"{len(chars)} characters -> {os.path.normpath(out)} (from {d})")
    out = os.path.join(os.path.dirname(__file__), "..", "src", "segment", "t2s_phrases.txt")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(p + "\n" for p in phrases))
    print(f"{len(phrases)} phrases -> {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
