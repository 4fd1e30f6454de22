#!/usr/bin/env python3
"""Turns rectdoc's document model (`render --format model`, the .model.txt) into Typst input
for benches/typst.sh: the same notice or ledger content, set by gongwen.typ (a small 公文
template in Typst) with the same fonts. Usage: model2typ.py MODEL.txt > doc.typ"""
import sys


def text_of(line):
    """The text after ' | ', without the trailing ' @key.path' source note."""
    _, _, rest = line.partition(" | ")
    at = rest.rfind(" @")
    if at >= 0:
        rest = rest[:at]
    return rest.replace(" ¶ ", "\n")


def s(t):
    """A Typst string literal."""
    return '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def items(lines, out):
    """Each model line as (index, stripped line, its first word); a title is written here
    (its text is on the next line), for both document kinds."""
    for i, line in enumerate(lines):
        body = line.strip()
        kind = body.split(" ", 1)[0]
        if kind == "title":
            out.append(f"#title({s(text_of(lines[i + 1]))})")
        else:
            yield i, body, kind


def notice(lines, out):
    out.append('#show: gongwen')
    for i, body, kind in items(lines, out):
        if kind == "p":
            out.append(f"#para({s(text_of(body))})")
        elif kind == "heading":
            level = body.split()[1]
            label = body.split()[2]
            head, _, tail = text_of(body).partition(" ‖ ")
            out.append(f"#head({level}, {s(label)}, {s(head)}, {s(tail)})")
        elif kind == "measures":
            out.append(f"#para({s(text_of(body))})")
        elif kind in ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"):
            out.append(f"#para({s(kind + '，' + text_of(body))})")
        elif kind == "signature":
            date = body.split("date=", 1)[1]
            out.append(f"#signature({s(text_of(lines[i + 1]))}, {s(date)})")


def ledger(lines, out):
    out.append('#show: gongwen.with(landscape: true)')
    rows = []  # each row: (kind, [(vmerge, align, text)])
    columns = []
    for i, body, kind in items(lines, out):
        if kind == "p":
            out.append(f"#para({s(text_of(body))}, indent: false)")
        elif kind == "table":
            columns = body.split("columns=[", 1)[1].split("]", 1)[0].split(",")
        elif kind == "row":
            rows.append((body.split()[1], []))
        elif kind == "cell":
            vmerge = body.split("vmerge=", 1)[1].split()[0]
            align = body.split("align=", 1)[1].split()[0]
            rows[-1][1].append((vmerge, align, text_of(body)))
    n = len(columns)
    cells = []
    for r, (kind, row) in enumerate(rows):
        if len(row) == 1 and n > 1:
            cells.append(f"table.cell(colspan: {n}, align: left, {s(row[0][2])})")
            continue
        for c, (vmerge, align, text) in enumerate(row):
            if vmerge == "continue":
                continue
            span = 1
            if vmerge == "restart":
                while r + span < len(rows) and len(rows[r + span][1]) > c and \
                        rows[r + span][1][c][0] == "continue":
                    span += 1
            strong = "strong" if kind == "header" else ""
            cells.append(f"table.cell(rowspan: {span}, align: {align}, {strong}[#{s(text)}])")
    widths = ", ".join(f"{w}fr" for w in columns)
    out.append(f"#set text(size: 12pt)\n#table(columns: ({widths}), inset: 4pt,")
    out.append("  table.header(" + ", ".join(cells[:n]) + "),")
    out.extend("  " + c + "," for c in cells[n:])
    out.append(")")


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
    out = ['#import "gongwen.typ": *']
    if lines[0].startswith("document kind=ledger"):
        ledger(lines, out)
    else:
        notice(lines, out)
    print("\n".join(out))


main()
