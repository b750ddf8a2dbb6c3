"""HTML -> ParsedDocument: the main text of a web page, found by trafilatura.

trafilatura drops navigation, share rows ("Del på Facebook"), newsletter boxes, lists of
other news and footers by their structure and link density, not by a list of class names.
"""

from __future__ import annotations

import logging
from xml.etree.ElementTree import Element, ParseError as XmlParseError, fromstring

from indexer.errors import ParseError
from indexer.models import Block, ParsedDocument
from indexer.text import normalize

log = logging.getLogger(__name__)


def parse_html(text: str) -> ParsedDocument:
    """Headings, paragraphs, lists and tables of the page's main content, and its title."""
    import trafilatura

    root = None
    for precision in (True, False):  # precision first; a short page may need the lenient pass
        xml = trafilatura.extract(text, output_format="xml", include_tables=True, include_comments=False,
                                  include_links=False, include_images=False, favor_precision=precision,
                                  favor_recall=not precision, deduplicate=False, with_metadata=True)
        if xml:
            root = _root(xml)
            if root is not None and root.find("main") is not None and len(root.find("main")):
                break
    if root is None or root.find("main") is None:
        raise ParseError("HTML-siden har ingen hovedtekst, der kan indekseres.")
    blocks = list(_blocks(root.find("main")))
    meta = {key: " ".join((root.get(key) or "").split()) for key in ("title", "description")}
    return ParsedDocument(format="html", blocks=tuple(blocks), metadata={k: v for k, v in meta.items() if v})


def _root(xml: str) -> Element | None:
    try:
        return fromstring(xml)
    except XmlParseError:
        log.debug("trafilatura returned XML that does not parse")
        return None


def _clean(element: Element) -> str:
    return " ".join(normalize("".join(element.itertext())).split())


def _blocks(main: Element):
    """trafilatura's <head>/<p>/<list>/<table> elements as our blocks."""
    for element in main:
        if element.tag == "head":
            rend = element.get("rend") or "h2"
            level = int(rend[1]) if rend[:1] == "h" and rend[1:2].isdigit() else 2
            if text := _clean(element):
                yield Block("heading", text, level=level)
        elif element.tag == "list":
            items = [_clean(item) for item in element.iter("item")]
            if any(items):
                yield Block("list", "\n".join(f"- {item}" for item in items if item))
        elif element.tag == "table":
            rows = ["| " + " | ".join(_clean(c) for c in row.findall("cell")) + " |" for row in element.iter("row")]
            if rows:
                yield Block("table", "\n".join(rows))
        elif text := _clean(element):
            yield Block("paragraph", text)
