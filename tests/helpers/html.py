"""Reading built HTML the way a strict HTML5 parser does."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import polib


def parse_html(path: Path) -> Element:
    """The page's tree; any HTML5 parse error fails the test (html5lib in strict mode)."""
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"),
                                 namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def json_ld(tree: Element) -> dict:
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def alternates(tree: Element) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in tree.iter("link")
            if link.get("rel") == "alternate"}


def switcher(tree: Element) -> Element:
    navs = [n for n in tree.iter("nav") if "language-switcher" in (n.get("class") or "")]
    assert len(navs) == 1
    return navs[0]


def set_translations(po_path: Path, changes: dict[str, str | None], *, fuzzy: bool = False) -> None:
    """Give entries (by msgid, or a msgid prefix ending in '…') new msgstrs; None empties one."""
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    for key, value in changes.items():
        entries = [e for e in catalog if not e.obsolete and
                   (e.msgid.startswith(key[:-1]) if key.endswith("…") else e.msgid == key)]
        assert entries, key
        for entry in entries:
            entry.msgstr = value or ""
            if fuzzy and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
    catalog.save(str(po_path))
