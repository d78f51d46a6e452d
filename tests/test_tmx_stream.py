"""TMX is written and read a unit at a time (a tree of a big memory took 500 MB): the bytes
are those the whole-tree serialization gives, and reading finds what a whole-tree read finds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n_tool import __version__
from l10n_tool.memory import DOCUMENT_PROP, XML_LANG, Unit, read_tmx, tmx_bytes


def _whole_tree(units: list[Unit], source_language: str, segtype: str = "sentence") -> bytes:
    """The former writer: one ElementTree of the document, indented and serialized at once."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "l10n", "creationtoolversion": __version__, "segtype": segtype,
        "o-tmf": "gettext PO", "adminlang": "en", "srclang": source_language.replace("_", "-"),
        "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    for unit in units:
        tu = ET.SubElement(body, "tu")
        prop = ET.SubElement(tu, "prop", {"type": DOCUMENT_PROP})
        prop.text = unit.document
        for language, text in ((source_language, unit.source), (unit.language, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: language.replace("_", "-")})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            + text + "\n").encode("utf-8")


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"'\n\t]]>"),
                min_size=1, max_size=30)
_UNITS = st.lists(st.builds(Unit, _TEXT, _TEXT, st.sampled_from(["es", "de", "pt_BR"]),
                            st.sampled_from(["a", "doc & <b>", "tm:x.tmx"])), max_size=8)


@settings(max_examples=200, deadline=None)
@given(_UNITS, st.sampled_from(["sentence", "paragraph"]))
def test_the_stream_writes_the_bytes_of_the_whole_tree(units, segtype):
    assert tmx_bytes(units, "en", segtype) == _whole_tree(units, "en", segtype)


@settings(max_examples=100, deadline=None)
@given(_UNITS)
def test_what_is_written_reads_back(tmp_path_factory, units):
    path = tmp_path_factory.mktemp("tmx") / "m.tmx"
    path.write_bytes(tmx_bytes(units, "en"))
    found, skipped, count = read_tmx(path, "en", ("es", "de", "pt_BR"))
    # XML normalizes line ends in text; everything else comes back as written.
    expected: dict[str, list[Unit]] = {}
    for unit in units:
        expected.setdefault(unit.language, []).append(unit)
    assert found == expected and skipped == [] and count == 0
