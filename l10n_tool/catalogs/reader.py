"""A strict reader of gettext catalogs: every line kind, refused where ``msgfmt`` refuses it.

polib is lenient (it drops an unterminated string's last character, reads ``\\q`` as
``\\\\q``, deletes an entry whose ``msgstr[0]`` has no ``msgid_plural``), so catalogs are
lexed here, line by line, and only then handed over as polib objects, which the rest of
the tool uses.  Each entry remembers the lines it was read from and what they meant, so
that a writer can give back an unchanged entry exactly as it found it (zero churn with
Poedit, Weblate or ``msgcat``, whatever their wrapping).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import CatalogError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[ \t\"])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "a": "\a",
                   "\\": "\\", '"': '"'}
_HEADER_LINE = re.compile(r"^[A-Za-z][\w-]*:[ \t]?.*$")


class Entry(polib.POEntry):
    """A polib entry that knows the lines it was read from (``origin``), if any."""

    origin: "Origin | None" = None
    msgstr_line: int | None = None  # where a translator edits it: reports point there


class Catalog(polib.POFile):
    """A polib catalog that remembers the file it was read from."""

    file_bytes: bytes | None = None  # exactly what was read: a write checks the file still holds it
    source_bytes: bytes | None = None  # what to write back when nothing changed (None: write anew)
    header_origin: "Origin | None" = None
    entry_count: int = 0  # entries read (header excluded), to tell the file's own order
    po_width: int = 79


@dataclass(frozen=True)
class Origin:
    index: int  # position among the file's entries
    lines: tuple[str, ...]
    meaning: tuple


def meaning(entry: polib.POEntry) -> tuple:
    """What an entry says, however it is wrapped or its flags ordered."""
    return (bool(entry.obsolete), entry.msgctxt, entry.msgid, entry.msgid_plural or "", entry.msgstr,
            tuple(sorted((int(k), v) for k, v in (entry.msgstr_plural or {}).items())),
            entry.comment or "", entry.tcomment or "",
            tuple((str(f), str(n)) for f, n in entry.occurrences),
            tuple(sorted(set(entry.flags))), entry.previous_msgctxt, entry.previous_msgid,
            entry.previous_msgid_plural)


def header_meaning(catalog: polib.POFile) -> tuple:
    return (tuple(catalog.metadata.items()), catalog.header or "", bool(catalog.metadata_is_fuzzy))


def unescape(body: str, path: Path, line: int) -> str:
    """The value of a quoted string's body, with C escapes as ``msgfmt`` reads them."""
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        code = body[i + 1] if i + 1 < len(body) else ""
        if code in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[code])
            i += 2
        elif code in "01234567" and code:
            digits = re.match(r"[0-7]{1,3}", body[i + 1:]).group()
            out.append(chr(int(digits, 8)))
            i += 1 + len(digits)
        elif code == "x" and re.match(r"[0-9A-Fa-f]", body[i + 2:i + 3]):
            digits = re.match(r"[0-9A-Fa-f]+", body[i + 2:]).group()
            out.append(chr(int(digits, 16) & 0xFF))
            i += 2 + len(digits)
        else:
            sequence = "\\" + code
            raise CatalogError(f"syntax error: invalid escape sequence {sequence!r}", path, line)
    return "".join(out)


_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')  # "unrolled": no alternation per character
# The common case, one string alone on its line, in one match.
_ONE_STRING = re.compile(r'[ \t]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r]*')


def strings(rest: str, path: Path, line: int) -> str:
    """One or more quoted strings separated by white space, concatenated; nothing else."""
    single = _ONE_STRING.fullmatch(rest)
    if single is not None:
        body = single.group(1)
        return body if "\\" not in body else unescape(body, path, line)
    parts = []
    position = 0
    rest = rest.rstrip(" \t\r")
    while True:
        while position < len(rest) and rest[position] in " \t":
            position += 1
        if position == len(rest):
            break
        match = _STRING.match(rest, position)
        if match is None:
            if rest[position] == '"':
                raise CatalogError("syntax error: unterminated string", path, line)
            raise CatalogError(f"syntax error: unexpected {rest[position:position + 30]!r}", path, line)
        parts.append(unescape(match.group(1), path, line))
        position = match.end()
    if not parts:
        raise CatalogError("syntax error: a keyword without its string", path, line)
    return "".join(parts)


class _Builder:
    """Collects the lines of one entry and checks their order as ``msgfmt``'s grammar does."""

    def __init__(self, path: Path, first: int):
        self.path = path
        self.first = first
        self.last = first
        self.entry = Entry()
        self.entry.linenum = first
        self.fields: list[str] = []  # keywords seen, in order ("msgstr[0]", ...)
        self.previous: list[str] = []
        self.last_target: tuple[str, str] | None = None  # (mode, field) a continuation extends
        self.mode: str | None = None  # "" or "~", once a keyword line was seen
        self.comments: dict[str, list[str]] = {"": [], ".": []}
        self.complete = False  # a msgstr was seen

    @property
    def has_body(self) -> bool:
        return bool(self.fields)

    def comment(self, kind: str, text: str) -> None:
        entry = self.entry
        if kind in ("", "."):
            self.comments[kind].append(text[1:] if text.startswith(" ") else text)
        elif kind == ":":
            for reference in text.split():
                name, _, number = reference.rpartition(":")
                entry.occurrences.append((name, number) if name and number.isdigit() else (reference, ""))
        elif kind == ",":
            entry.flags += [flag.strip() for flag in text.split(",") if flag.strip()]
        self.last_target = None

    def previous_field(self, mode: str, keyword: str, value: str, line: int) -> None:
        if keyword not in ("msgctxt", "msgid", "msgid_plural") or keyword in self.previous:
            raise CatalogError(f"syntax error: unexpected previous {keyword}", self.path, line)
        self.previous.append(keyword)
        setattr(self.entry, "previous_" + keyword, value)
        self.last_target = (mode, "previous_" + keyword)

    def field(self, mode: str, keyword: str, index: str | None, value: str, line: int) -> None:
        if self.mode is not None and mode != self.mode:
            raise CatalogError("syntax error: obsolete and current lines in one entry", self.path, line)
        self.mode = mode
        fields = self.fields
        name = keyword if index is None else f"{keyword}[{index}]"
        if keyword == "msgctxt":
            ok = not fields
        elif keyword == "msgid":
            ok = fields in ([], ["msgctxt"])
        elif keyword == "msgid_plural":
            ok = bool(fields) and fields[-1] == "msgid"
        elif index is None:  # msgstr
            ok = bool(fields) and fields[-1] == "msgid"
        else:
            plural = [f for f in fields if f.startswith("msgstr[")]
            ok = "msgid_plural" in fields and int(index) == len(plural)
        if not ok:
            if index is not None and "msgid_plural" not in fields:
                raise CatalogError(f"syntax error: {name} without msgid_plural", self.path, line)
            if keyword == "msgstr" and "msgid_plural" in fields:
                raise CatalogError("syntax error: msgstr where msgstr[0] is expected (the entry has msgid_plural)",
                                   self.path, line)
            raise CatalogError(f"syntax error: unexpected {name}", self.path, line)
        fields.append(name)
        if keyword == "msgstr" and not self.complete:
            self.complete = True
            self.entry.msgstr_line = line
        self._set(name, value)
        self.last_target = (mode, name)

    def _set(self, name: str, value: str, append: bool = False) -> None:
        entry = self.entry
        if name.startswith("msgstr["):
            index = int(name[7:-1])
            entry.msgstr_plural[index] = (entry.msgstr_plural.get(index, "") if append else "") + value
        else:
            attribute = name
            setattr(entry, attribute, ((getattr(entry, attribute) or "") if append else "") + value)

    def continuation(self, mode: str, value: str, line: int) -> None:
        if self.last_target is None or self.last_target[0] != mode:
            raise CatalogError("syntax error: a string that continues nothing", self.path, line)
        self._set(self.last_target[1], value, append=True)

    def finish(self, lines: list[str], index: int) -> Entry:
        if not self.complete:
            what = "msgid" if not self.fields else "msgstr"
            raise CatalogError(f"syntax error: entry without {what}", self.path, self.first)
        if "msgid_plural" in self.fields and not any(f.startswith("msgstr[") for f in self.fields):
            raise CatalogError("syntax error: msgid_plural without msgstr[0]", self.path, self.first)
        entry = self.entry
        entry.obsolete = self.mode == "~"
        entry.tcomment = "\n".join(self.comments[""])
        entry.comment = "\n".join(self.comments["."])
        entry.origin = Origin(index, tuple(lines[self.first - 1:self.last]), meaning(entry))
        return entry


def parse(text: str, path: Path) -> tuple[list[Entry], Entry | None]:
    """Entries in file order, and the header entry (msgid "") if there is one."""
    # Lines without their CR: a CRLF file comes back as it was when nothing changed (the
    # writer returns its bytes), and as msgcat writes it (LF) when something did.
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    entries: list[Entry] = []
    builder: _Builder | None = None

    def close():
        nonlocal builder
        if builder is not None:
            entries.append(builder.finish(lines, len(entries)))
            builder = None

    for number, line in enumerate(lines, 1):
        if line[:1] == '"' and builder is not None:  # most lines continue a string
            builder.continuation("", strings(line, path, number), number)
            builder.last = number
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if line.startswith("#~|") or line.startswith("#|"):
            mode = "~" if line.startswith("#~") else ""
            rest = line[3:] if mode else line[2:]
            if builder is not None and builder.has_body:
                close()
            if builder is None:
                builder = _Builder(path, number)
            body = rest.lstrip(" \t")
            match = _KEYWORD.match(body)
            if match and match.group(2) is None:
                builder.previous_field(mode, match.group(1), strings(body[match.end():], path, number), number)
            elif body.startswith('"'):
                if builder.last_target is None or not builder.last_target[1].startswith("previous_"):
                    raise CatalogError("syntax error: a string that continues nothing", path, number)
                builder.continuation(mode, strings(body, path, number), number)
            else:
                raise CatalogError(f"syntax error: unexpected {line[:30]!r}", path, number)
            builder.last = number
            continue
        if line.startswith("#~"):
            mode, body = "~", line[2:].lstrip(" \t")
            if not body:
                continue  # an empty obsolete line says nothing
        elif line.startswith("#"):
            kind = line[1:2] if line[1:2] in (".", ":", ",") else ""
            if builder is not None and builder.has_body:
                close()
            if builder is None:
                builder = _Builder(path, number)
            builder.comment(kind, line[2:] if kind else line[1:])
            builder.last = number
            continue
        else:
            mode, body = "", line.lstrip(" \t")
        match = _KEYWORD.match(body)
        if match:
            keyword, index = match.group(1), match.group(2)
            if keyword in ("msgctxt", "msgid") and builder is not None and builder.complete:
                close()
            if builder is None:
                builder = _Builder(path, number)
            builder.field(mode, keyword, index, strings(body[match.end():], path, number), number)
        elif body.startswith('"'):
            if builder is None:
                raise CatalogError("syntax error: a string that continues nothing", path, number)
            builder.continuation(mode, strings(body, path, number), number)
        else:
            raise CatalogError(f"syntax error: unexpected {body[:30]!r}", path, number)
        builder.last = number
    if builder is not None and builder.has_body:
        close()
    header = None
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None and not entries[0].obsolete:
        header = entries.pop(0)
    return entries, header


def metadata_of(header: Entry, path: Path) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for line in header.msgstr.split("\n"):
        if not line:
            continue
        if not _HEADER_LINE.match(line):
            raise CatalogError(f"bad header line {line!r}", path, header.linenum)
        key, _, value = line.partition(":")
        metadata[key.strip()] = value.strip()
    return metadata
