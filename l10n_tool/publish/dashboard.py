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
from .model import BuildSettings, Publication, outdated_reason
from .templating import render, stylesheet


@dataclass
class Row:
    """One catalog's line of the table, with the build's decision."""

    document: str
    language: str
    counts: object
    state: str  # "published", "outdated" or "held-back"
    level: str
    tag: str
    language_name: str
    anchor: str
    stale_entries: int
    href: str | None
    fallbacks: int
    reason: str  # why it is held back or outdated ("" when published and up to date)
    error: str = ""  # a malformed catalog: no counts to show
    new_entries: int = 0


_POLICIES = {
    "keep": "stale entries show their previous translation while their numbers still agree; new ones are left out",
    "source": "stale and new entries show the source text",
    "hold": "an edition with stale or new entries is held back",
}


def write_dashboard(publications: list[Publication], ws: Workspace, settings: BuildSettings,
                    summaries: dict[str, dict] | None = None) -> str:
    """The dashboard; ``summaries``: what ``shown`` returned for each document, when the build has it.

    The headline counts the rows below it, so the two cannot disagree whatever was built.
    """
    if summaries is None:
        summaries = {doc.name: shown(ws, doc) for doc in ws.documents()}
    decided = {(p.document, p.language): p for p in publications}
    documents, sections = [], []
    for doc in ws.documents():
        summary = summaries[doc.name]
        title = summary["title"]
        rows = []
        for language, path, counts, exists, error in summary["rows"]:
            line = CatalogStatus(doc.name, language, path, Counts(**counts), exists, error)
            entries = [e for e in summary["stale"] if e[0] == language]
            new = [e for e in summary.get("new", []) if e[0] == language]
            row = _row(line, decided.get((doc.name, language)), len(entries), len(new))
            rows.append(row)
            if entries or new:
                sections.append({"row": row, "title": title, "entries": [
                    {"where": f"{where}:{number}" if number else where, "changes": changes, "translation": text}
                    for _, where, number, changes, text in entries],
                    "new": [{"where": f"{where}:{number}" if number else where, "text": text}
                            for _, where, number, text in new]})
        documents.append({"name": doc.name, "title": title, "rows": rows})
    states = [row.state for document in documents for row in document["rows"]]
    return render(
        "dashboard.html.j2", css=stylesheet("dashboard.css"), documents=documents, stale_sections=sections,
        published=states.count("published"), outdated=states.count("outdated"), held=states.count("held-back"),
        min_percent=settings.min_percent, stale_policy=f"outdated = \"{settings.outdated}\": "
                                                          f"{_POLICIES[settings.outdated]}")


def shown(ws: Workspace, doc) -> dict:
    """What the dashboard shows of one document apart from the build's decisions: its title, its
    catalogs' counts, their stale entries and the entries new in the source (as JSON values: the
    build keeps them). The dashboard is rebuilt only when this (or a decision) changed, not
    whenever a catalog's bytes did."""
    # A malformed catalog is a row with the build's reason, not the end of the dashboard.
    lines = status(ws, document=doc.name, skip_malformed=True).catalogs
    rows = [[line.language, line.path, asdict(line.counts), line.exists, line.error] for line in lines]
    # Entries status counts as stale: a stale entry without a kept translation counts as untranslated.
    stale = [[e.language, e.path, e.line, [list(change) for change in e.changes], e.translation]
             for e in diff(ws, document=doc.name, skip_malformed=True) if e.translation and e.kind == "stale"]
    return {"title": _title(ws, doc), "rows": rows, "stale": stale, "new": _new_entries(ws, doc, lines)}


def _new_entries(ws: Workspace, doc, lines: list[CatalogStatus]) -> list[list]:
    """Entries with no translation at all (new in the source, or emptied): [language, path, line, msgid]."""
    found = []
    with ws.reading(doc):
        for line in lines:
            if line.error or not line.exists or not line.counts.untranslated:
                continue  # parsed only when it has some
            catalog = ws.catalog(ws.config.root / line.path, required=False)
            found += [[line.language, line.path, e.linenum, e.msgid] for e in catalog or []
                      if not e.obsolete and not e.msgstr and not e.msgstr_plural]
    return found


def _title(ws: Workspace, doc) -> str:
    data, _ = read_front_matter(ws.source(doc).text, doc.relpath)
    title = data.get("title")
    return " ".join(str(title).split()) if title else doc.name


def _row(line: CatalogStatus, decision: Publication | None, stale_entries: int, new_entries: int = 0) -> Row:
    c = line.counts
    published = decision is not None and decision.published
    if not published:
        state = "held-back"
        reason = (decision.reason if decision is not None else "") or "not built yet"
    elif decision.behind or decision.left_out:
        state, reason = "outdated", outdated_reason(decision.behind, decision.left_out)
    else:
        state, reason = "published", ""
    return Row(
        document=line.document, language=line.language, counts=c, state=state,
        level="complete" if c.percent >= 100 else ("ok" if published else "low"),
        tag=bcp47(line.language), language_name=display_name(line.language),
        anchor=f"stale-{line.document}-{line.language}", stale_entries=stale_entries,
        href=site_path(line.document, line.language) if published and decision.linked else None,
        fallbacks=decision.fallbacks if published else 0,
        reason=reason, error=line.error, new_entries=new_entries)
