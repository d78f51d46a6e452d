"""Helpers of the machine-translation tests: the shipped project half emptied, a provider
pointed at a fake service, and a scan for the API key in every file and output."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import polib

from helpers import DOC
from helpers.fakeservers import fake_translate
from l10n_tool.catalogs.pofile import load_catalog, serialize
from l10n_tool.mt.masking import mask, unmask

ES = Path("locales/es/LC_MESSAGES") / f"{DOC}.po"
KEY = "sk-l10n-Secret+Key/123="  # characters that URL-encoding changes


def empty_half(root: Path) -> tuple[list[str], dict[str, str]]:
    """Empty every other Spanish entry; the msgids emptied and the text blocks of those kept."""
    path = root / ES
    catalog = load_catalog(path)
    emptied = []
    for index, entry in enumerate(e for e in catalog if not e.obsolete):
        if index % 2 == 0:
            entry.msgstr = ""
            emptied.append(entry.msgid)
    path.write_bytes(serialize(catalog))
    return emptied, blocks(path)


def blocks(path: Path) -> dict[str, str]:
    """Each entry's text in the file, keyed by msgid, exactly as written."""
    out = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        for entry in polib.pofile(block):
            out[entry.msgid] = block.strip("\n")
    return out


def configure(root: Path, provider: str, url: str, keep_glossary: bool = False, **extra) -> None:
    """Point ``provider`` at a fake service. Unless asked, drop the project glossary, so the
    expected texts depend on masking alone (its do-not-translate terms are masked too)."""
    config = root / "l10n.toml"
    text = config.read_text(encoding="utf-8")
    if not keep_glossary:
        text = "".join(line for line in text.splitlines(True) if not line.startswith("check.glossary"))
    lines = ["", "[translate]", "backoff = 0.01", f"[translate.{provider}]", f'url = "{url}"']
    lines += [f"{key} = {value!r}".replace("'", '"') for key, value in extra.items()]
    config.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")


def expected_translation(msgid: str, transform=fake_translate) -> str:
    masked = mask(msgid)
    return unmask(masked, transform(masked.text)) if masked.needs_translation else msgid


def machine_entries(root: Path, rel: Path = ES) -> list[polib.POEntry]:
    return [e for e in load_catalog(root / rel) if "machine translation:" in (e.comment or "")]


KEY_ENV = {"libre": "LIBRE_API_KEY", "deepl": "DEEPL_AUTH_KEY", "microsoft": "MICROSOFT_API_KEY"}


def scan_for_key(root: Path, outputs: list[str]) -> None:
    forms = {KEY, urllib.parse.quote(KEY, safe=""), urllib.parse.quote_plus(KEY)}
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for form in forms:
                assert form.encode() not in data, path
    for text in outputs:
        for form in forms:
            assert form not in text
