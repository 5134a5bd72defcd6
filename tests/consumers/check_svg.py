"""Parses an SVG file written by Graphviz as XML and prints what a reader would see.

usage: check_svg.py FILE

Prints {"texts": [every <text> element's text], "tooltips": [every xlink:title]}; a file
that is not well-formed XML makes the parser raise, and the script exit non-zero.
"""

import json
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = ET.parse(argv[1]).getroot()
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    tooltips = [a.get(XLINK_TITLE) for a in root.iter(SVG + "a") if a.get(XLINK_TITLE)]
    print(json.dumps({"texts": texts, "tooltips": tooltips}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
