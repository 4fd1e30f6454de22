"""Reads rectdoc's OFD files with an independent reader, for tests/ofd.rs.

    ofd_read.py text OFD            the reader's pages and their text
    ofd_read.py glyphs OFD|PDF      every glyph's origin (mm from the top left)

`text` parses the package with easyofd (PyPI) and prints `page N W H` (the page's size in
mm), `font ID NAME BYTES` (each font and its embedded file's size) and `text N STRING`
(each text object, in the file's order). `glyphs` of an OFD has easyofd draw it as a PDF,
with every glyph where the reader places it; of a PDF it reads the file itself. Then it
prints, for every upright glyph, `glyph PAGE CHAR X Y` (the glyph's origin on the
baseline) and for every turned one `turned PAGE CHAR X Y`, read with PyMuPDF.

Exits 2 when a reader is not installed: the test then fails, it never skips.
"""

import base64
import logging
import os
import sys
import tempfile

try:
    import pymupdf
    from easyofd.ofd import OFD
    from easyofd.draw import DrawPDF
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
except ImportError as e:
    print(f"the OFD reader is not installed: {e} (.ci/run installs easyofd)", file=sys.stderr)
    sys.exit(2)

logging.disable(logging.WARNING)
try:
    from loguru import logger

    logger.remove()
except ImportError:
    pass

# easyofd draws every character with a face it calls 宋体 (it does not draw with the
# embedded fonts); any TrueType CJK face will do to see where it puts them.
DRAW_FACE = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"


def read(path):
    ofd = OFD()
    # easyofd unpacks into the working directory
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            ofd.read(os.path.abspath(os.path.join(cwd, path)), fmt="path")
        finally:
            os.chdir(cwd)
    return ofd


def text(path):
    doc = read(path).data[0]
    default = doc["default_page_size"]
    for n in sorted(doc["page_info"]):
        size = doc["page_size"][n] if n < len(doc["page_size"]) and doc["page_size"][n] else default
        print(f"page\t{n}\t{size[2]}\t{size[3]}")
        for t in doc["page_info"][n]["text_list"]:
            print(f"text\t{n}\t{t['text']}")
    for fid, f in doc["fonts"].items():
        data = base64.b64decode(f.get("font_b64") or "")
        print(f"font\t{fid}\t{f.get('FontNameORI')}\t{len(data)}")


def glyphs_of_pdf(data, scale):
    """Glyph origins of a PDF, in mm from the top left; `scale`: PDF units per mm."""
    pdf = pymupdf.open(stream=data, filetype="pdf")
    for n, page in enumerate(pdf):
        raw = page.get_text("rawdict")
        for block in raw["blocks"]:
            for line in block.get("lines", []):
                turned = abs(line["dir"][0] - 1) > 1e-3
                for span in line["spans"]:
                    for ch in span["chars"]:
                        if ch["c"].isspace():
                            continue
                        x, y = ch["origin"]
                        kind = "turned" if turned else "glyph"
                        print(f"{kind}\t{n}\t{ch['c']}\t{x / scale:.3f}\t{y / scale:.3f}")


def glyphs(path):
    if path.endswith(".pdf"):
        with open(path, "rb") as f:
            glyphs_of_pdf(f.read(), 72 / 25.4)
        return
    pdfmetrics.registerFont(TTFont("宋体", DRAW_FACE))
    ofd = read(path)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            drawer = DrawPDF(ofd.data)
            pdf = drawer()
            scale = drawer.OP
        finally:
            os.chdir(cwd)
    glyphs_of_pdf(pdf, scale)


if __name__ == "__main__":
    {"text": text, "glyphs": glyphs}[sys.argv[1]](sys.argv[2])
