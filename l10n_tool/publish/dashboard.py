"""``build/index.html``: the editors' dashboard, every document x language and its state.

The numbers are ``l10n status``'s and the stale entries ``l10n diff``'s, so the
dashboard and the command line never disagree; whether an edition is published
is the build's own decision.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..catalogs.pofile import Counts
from ..reporting import CatalogStatus, diff, status
from ..sources.frontmatter import read_front_matter
from ..workspace import Workspace
from ..languages import bcp47, display_name
from .urls import site_path
from .model import BuildSettings, Publication
from .templating import render, stylesheet


@dataclass
class Row:
    """One catalog's line of the table, with the build's decision."""

    document: str
    language: str
    counts: object
    state: str
    level: str
    tag: str
    language_name: str
    anchor: str
    stale_entries: int
    href: str | None
    fallbacks: int
    reason: str
    error: str = ""  # a malformed catalog: no counts to show


def write_dashboard(publications: list[Publication], ws: Workspace, settings: BuildSettings,
                    summaries: dict[str, dict] | None = None) -> str:
    """The dashboard; ``summaries``: what ``shown`` returned for each document, when the build has it."""
    if summaries is None:
        summaries = {doc.name: shown(ws, doc) for doc in ws.documents()}
    decided = {(p.document, p.language): p for p in publications}
    published = sum(p.published for p in publications)
    documents, sections = [], []
    for doc in ws.documents():
        summary = summaries[doc.name]
        title = summary["title"]
        rows = []
        for language, path, counts, exists, error in summary["rows"]:
            line = CatalogStatus(doc.name, language, path, Counts(**counts), exists, error)
            entries = [e for e in summary["stale"] if e[0] == language]
            row = _row(line, decided.get((doc.name, language)), len(entries))
            rows.append(row)
            if entries:
                sections.append({"row": row, "title": title, "entries": [
                    {"where": f"{where}:{number}" if number else where, "changes": changes, "translation": text}
                    for _, where, number, changes, text in entries]})
        documents.append({"name": doc.name, "title": title, "rows": rows})
    return render(
        "dashboard.html.j2", css=stylesheet("dashboard.css"), documents=documents, stale_sections=sections,
        published=published, held=len(publications) - published, min_percent=settings.min_percent,
        stale_policy=("stale entries use their kept translation (--use-stale)" if settings.use_stale
                      else "stale entries fall back to the source text"))


def shown(ws: Workspace, doc) -> dict:
    """What the dashboard shows of one document apart from the build's decisions: its title, its
    catalogs' counts and their stale entries (as JSON values: the build keeps them). The dashboard
    is rebuilt only when this (or a decision) changed, not whenever a catalog's bytes did."""
    # A malformed catalog is a row with the build's reason, not the end of the dashboard.
    rows = [[line.language, line.path, asdict(line.counts), line.exists, line.error]
            for line in status(ws, document=doc.name, skip_malformed=True).catalogs]
    # Entries status counts as stale: a stale entry without a kept translation counts as untranslated.
    stale = [[e.language, e.path, e.line, [list(change) for change in e.changes], e.translation]
             for e in diff(ws, document=doc.name, skip_malformed=True) if e.translation and e.kind == "stale"]
    return {"title": _title(ws, doc), "rows": rows, "stale": stale}


def _title(ws: Workspace, doc) -> str:
    data, _ = read_front_matter(ws.source(doc).text, doc.relpath)
    title = data.get("title")
    return " ".join(str(title).split()) if title else doc.name


def _row(line: CatalogStatus, decision: Publication | None, stale_entries: int) -> Row:
    c = line.counts
    published = decision is not None and decision.published
    state = "published" if published else "held-back"
    return Row(
        document=line.document, language=line.language, counts=c, state=state,
        level="complete" if c.percent >= 100 else ("ok" if state == "published" else "low"),
        tag=bcp47(line.language), language_name=display_name(line.language),
        anchor=f"stale-{line.document}-{line.language}", stale_entries=stale_entries,
        href=site_path(line.document, line.language) if published and decision.linked else None,
        fallbacks=decision.fallbacks if published else 0,
        reason=decision.reason if decision is not None else "not built", error=line.error)
