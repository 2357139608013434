#!/usr/bin/env python3
"""Generates synthetic government work reports for benchmarks (the same shape as
benches/docgen/mod.rs): a body with a livelihood passage restating every annex item, unrelated
prose with other figures to reach the requested size, and an annex of numbered commitments.

Usage: gen_docs.py doc SIZE_BYTES OUT.txt      one document of about SIZE bytes
       gen_docs.py differ SIZE_BYTES OUT.txt   the same, every second body figure one more than
                                               the annex's (a mismatch to find for each)
       gen_docs.py batch N DIR                 N documents shaped like the bundled sample (~27 KB)
       gen_docs.py worst KIND N OUT.txt        a worst case for the alignment, N annex items:
         similar    `N. 新建社区服务站{1..7}个(牵头单位:市民政局)。`, body restating all (issue 16)
         samevalue  N different subjects, every one stating 3个, body restating all
         repeat     10 items; the body restates them, then repeats one clause N times
         named      N items that name a thing in a clause without a figure
                    (`实施东区第1号街区环境综合整治工程，完成改造2处`), body restating all
                    (the figure-free name comparison of wording-mismatch)
         KIND-differ  the same, with every second figure of the body one more than the annex's
"""
import os
import sys

THINGS = [("新建幼儿园", "所"), ("新增学位", "个"), ("改造城镇老旧小区", "个"), ("新增公共停车泊位", "个"),
          ("新建城市道路", "公里"), ("开展职业技能培训", "万人次"), ("新增医疗床位", "张"),
          ("新建社区养老服务中心", "个"), ("建设口袋公园", "个"), ("改造农村户厕", "万户"),
          ("新建充电桩", "个"), ("免费健康体检", "万人"), ("新建城市绿道", "公里"),
          ("发放创业担保贷款", "亿元"), ("改造供水管网", "公里"), ("新建农贸市场", "个")]
PLACES = ["城东", "城西", "河北", "南山", "新区", "高新", "开发", "滨湖", "北苑", "东城", "西湖", "临江"]
PROSE = ("全年地区生产总值增长{a}%左右，一般公共预算收入完成{b}亿元，规模以上工业增加值增长{c}%。"
         "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，持续优化营商环境，推动经济运行整体好转。"
         "实施重点项目{d}个，完成固定资产投资{e}亿元，新增市场主体{f}户。\n\n")


def item(i):
    thing, unit = THINGS[i % len(THINGS)]
    place = PLACES[(i // len(THINGS)) % len(PLACES)]
    return f"{place}{thing}", 10 + (i * 37) % 900, unit


def document(size, seed=0, differ=False):
    items = max(10, min(2000, size // 5000))
    annex = [f"\n附件\n\n2024年{items}件民生实事项目\n\n"]
    body = [f"XX市2024年政府工作报告\n\n一、过去一年工作回顾\n\n"]
    passage = [f"（四）办好{items}件民生实事。"]
    for i in range(items):
        subject, value, unit = item(i + seed)
        annex.append(f"{i + 1}. {subject}{value}{unit}。（牵头单位：市民生办）\n\n")
        passage.append(f"{subject}{value + (i % 2 if differ else 0)}{unit}。")
    tail = "".join(annex)
    head = "".join(body)
    mid = "".join(passage) + "\n\n"
    prose = []
    n = 0
    length = len((head + mid + tail).encode())
    while length < size:
        prose.append(PROSE.format(a=5 + n % 3, b=80 + n % 50, c=6 + n % 4, d=100 + n % 90,
                                  e=300 + n % 200, f=1000 + n % 900))
        length += len(prose[-1].encode())
        n += 1
    return head + "".join(prose) + "二、今年主要任务\n\n" + mid + tail


def bump(text):
    """The text with its (last) number one more."""
    head = text.rstrip("个所公里万人次户张亿元")
    digits = len(head) - len(head.rstrip("0123456789"))
    return head[:-digits] + str(int(head[-digits:]) + 1) + text[len(head):]


NAME_CHARS = "东西南北山水湖河林园桥港川岭泉溪松梅兰竹菊江海源"


def place_name(k):
    """A distinct three-character place name for each k below 24³."""
    m = len(NAME_CHARS)
    return NAME_CHARS[k % m] + NAME_CHARS[k // m % m] + NAME_CHARS[k // m // m % m]


def worst(kind, n):
    """A document built to make alignment candidates explode (see the usage above)."""
    differ = kind.endswith("-differ")
    kind = kind.removesuffix("-differ")
    if kind == "similar":
        items = [f"新建社区服务站{1 + i % 7}个" for i in range(n)]
    elif kind == "samevalue":
        items = [f"{place_name(i // len(THINGS))}{THINGS[i % len(THINGS)][0]}3个" for i in range(n)]
    elif kind == "repeat":
        items = [f"{item(i)[0]}{item(i)[1]}{item(i)[2]}" for i in range(10)]
    elif kind == "named":
        items = [f"实施{'东南西北中'[i % 5]}区第{i + 1}号街区环境综合整治工程，完成改造{1 + i % 7}处"
                 for i in range(n)]
    else:
        sys.exit(__doc__)
    stated = [bump(text) if differ and i % 2 else text for i, text in enumerate(items)]
    join = "；" if kind == "named" else "，"
    body = "XX市2024年政府工作报告\n\n一、今年主要任务\n\n（四）办好民生实事。" + join.join(stated) + "。\n\n"
    if kind == "repeat":
        body += "新建社区服务站3个，" * n + "提升服务水平。\n\n"
    annex = "附件\n\n民生实事项目\n\n" + "".join(
        f"{i + 1}. {text}。(牵头单位:市民政局)\n" for i, text in enumerate(items))
    return body + annex


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "worst":
        with open(sys.argv[4], "w", encoding="utf-8") as f:
            f.write(worst(sys.argv[2], int(sys.argv[3])))
        return
    if len(sys.argv) != 4 or sys.argv[1] not in ("doc", "differ", "batch"):
        sys.exit(__doc__)
    if sys.argv[1] in ("doc", "differ"):
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            f.write(document(int(sys.argv[2]), differ=sys.argv[1] == "differ"))
    else:
        os.makedirs(sys.argv[3], exist_ok=True)
        for k in range(int(sys.argv[2])):
            with open(os.path.join(sys.argv[3], f"doc{k:04}.txt"), "w", encoding="utf-8") as f:
                f.write(document(27_000, seed=k))


if __name__ == "__main__":
    main()
