"""A second source format for tests, as the source of a module: plain text, a segment per block."""

TXT_FORMAT = '''
"""Plain text: each blank-line separated block is one segment."""
import re

from l10n_tool.sources.segment import Segment


class Text:
    name = "text"

    def segment(self, text, *, mode="sentence", language="en", front_matter_keys=(), path=None):
        return [Segment(m.group(), m.start(), m.end(), text.count("\\n", 0, m.start()) + 1, "paragraph")
                for m in re.finditer(r"\\S[^\\n]*(?:\\n[^\\n\\s][^\\n]*)*", text)]

    def reassemble(self, text, segments, replacement):
        out, position = [], 0
        for s in segments:
            new = replacement(s)
            out += [text[position:s.start], s.text if new is None else new]
            position = s.end
        return "".join(out + [text[position:]])

    def metadata(self, text, path=None):
        return {}


FORMAT = Text()
'''
