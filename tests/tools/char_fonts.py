"""Prints, for every character of CHARS drawn in a PDF, the character, the font's name
(subset prefix dropped) and the size, one tab-separated line each, in page order.

Usage: char_fonts.py FILE.pdf CHARS
Read with PyMuPDF (pinned in .ci/run); tests/docx_fonts.rs compares our PDF with
LibreOffice's rendering of our DOCX.
"""
import sys

import pymupdf

path, chars = sys.argv[1], sys.argv[2]
for page in pymupdf.open(path):
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                font = span["font"].split("+")[-1]
                for ch in span["chars"]:
                    if ch["c"] in chars:
                        print(f"{ch['c']}\t{font}\t{round(span['size'])}")
