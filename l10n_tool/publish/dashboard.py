"""``build/index.html``: the editors' dashboard, every document x language and its state.

The numbers are ``l10n status``'s and the stale entries ``l10n diff``'s, so the
dashboard and the command line never disagree; whether an edition is published
is the build's own decision.
"""

from __future__ import annotations

from html import escape

from .build import SITE_WRITERS, BuildSettings, Publication
from ..sources.frontmatter import read_front_matter
# building imports html_page and this module at its end, so html_page may still be loading when
# this module is imported: its names are looked up at call time.
from . import html_page
from ..reporting import CatalogStatus, StaleEntry, diff, status
from ..workspace import Workspace


def write_dashboard(publications: list[Publication], ws: Workspace, settings: BuildSettings) -> str:
    rows = status(ws).catalogs
    # Entries status counts as stale: a stale entry without a kept translation counts as untranslated.
    stale = [entry for entry in diff(ws) if entry.translation]
    decided = {(p.document, p.language): p for p in publications}
    titles = {doc.name: _title(ws, doc) for doc in ws.documents()}
    published = sum(p.published for p in publications)
    held = len(publications) - published
    stale_policy = ("stale entries use their kept translation (--use-stale)" if settings.use_stale
                    else "stale entries fall back to the source text")

    body = [
        "<h1>Localization dashboard</h1>",
        f'<p class="summary"><strong>{published}</strong> published, <strong>{held}</strong> held back. '
        f"A language is published at {settings.min_percent:g}% translated or more; {stale_policy}.</p>",
        '<div class="table-wrap">',
        "<table>",
        "<thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Language</th>"
        "<th scope=\"col\">Translated</th><th scope=\"col\">Stale</th><th scope=\"col\">Fuzzy</th>"
        "<th scope=\"col\">Untranslated</th><th scope=\"col\">State</th></tr></thead>",
    ]
    for doc in ws.documents():
        mine = [r for r in rows if r.document == doc.name]
        body.append("<tbody>")
        for index, row in enumerate(mine):
            counts_of = sum(1 for e in stale if e.document == doc.name and e.language == row.language)
            body.append(_row(row, decided.get((row.document, row.language)), titles[doc.name],
                             len(mine) if index == 0 else 0, counts_of))
        body.append("</tbody>")
    body += ["</table>", "</div>"]
    if stale:
        body.append("<h2>Stale entries</h2>")
        body.append('<p class="hint">The source changed after these were translated. '
                    "Deleted words are struck through, new words underlined.</p>")
        for doc in ws.documents():
            for row in (r for r in rows if r.document == doc.name):
                entries = [e for e in stale if e.document == doc.name and e.language == row.language]
                if entries:
                    body.append(_stale_section(row, entries, titles[doc.name]))

    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Localization dashboard</title>",
        f"<style>\n{DASHBOARD_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def _title(ws: Workspace, doc) -> str:
    data, _ = read_front_matter(ws.source(doc).text, doc.relpath)
    title = data.get("title")
    return " ".join(str(title).split()) if title else doc.name


def _anchor(row: CatalogStatus) -> str:
    return f"stale-{row.document}-{row.language}"


def _row(row: CatalogStatus, decision: Publication | None, title: str, rowspan: int, stale: int) -> str:
    c = row.counts
    state = "published" if decision is not None and decision.published else "held-back"
    attrs = (f'data-document="{escape(row.document)}" data-language="{escape(row.language)}" '
             f'data-state="{state}" data-percent="{c.percent}" data-translated="{c.translated}" '
             f'data-total="{c.total}" data-fuzzy="{c.fuzzy}" data-stale="{c.stale}" '
             f'data-untranslated="{c.untranslated}"')
    cells = []
    if rowspan:
        cells.append(f'<th scope="rowgroup" rowspan="{rowspan}" class="document">{escape(title)}'
                     f'<code>{escape(row.document)}</code></th>')
    name, tag = html_page.language_name(row.language), html_page.language_tag(row.language)
    cells.append(f'<td class="language" data-label="Language"><span lang="{tag}">{escape(name)}</span> '
                 f'<code>{escape(row.language)}</code></td>')
    level = "complete" if c.percent >= 100 else ("ok" if state == "published" else "low")
    cells.append(
        f'<td class="progress" data-label="Translated">'
        f'<span class="bar {level}" role="img" aria-label="{c.percent:g}% translated">'
        f'<span style="width: {c.percent:g}%"></span></span>'
        f'<span class="percent">{c.percent:g}%</span> <span class="of">{c.translated}/{c.total}</span></td>')
    stale_cell = (f'<a href="#{_anchor(row)}">{c.stale}</a>' if stale else str(c.stale))
    cells.append(f'<td class="number{" warn" if c.stale else ""}" data-label="Stale">{stale_cell}</td>')
    cells.append(f'<td class="number" data-label="Fuzzy">{c.fuzzy}</td>')
    cells.append(f'<td class="number{" warn" if c.untranslated else ""}" data-label="Untranslated">'
                 f"{c.untranslated}</td>")
    if decision is not None and decision.edition is not None:
        href = html_page.site_path(row.document, row.language)
        note = ""
        if decision.edition.fallbacks:
            note = (f'<span class="why">{decision.edition.fallbacks} segments shown in the source '
                    f"language</span>")
        cells.append(f'<td class="state" data-label="State">'
                     f'<a class="published" href="{escape(href)}">Published</a>{note}</td>')
    else:
        reason = decision.reason if decision is not None else "not built"
        cells.append(f'<td class="state" data-label="State"><span class="held">Held back</span>'
                     f'<span class="why">{escape(reason)}</span></td>')
    return f"<tr {attrs}>{''.join(cells)}</tr>"


def _stale_section(row: CatalogStatus, entries: list[StaleEntry], title: str) -> str:
    items = []
    for entry in entries:
        where = f"{entry.path}:{entry.line}" if entry.line else entry.path
        changes = []
        for op, text in entry.changes:
            tag = {"delete": "del", "insert": "ins"}.get(op)
            changes.append(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text))
        items.append(
            "<li>"
            f'<p class="where"><code>{escape(where)}</code></p>'
            f'<p class="change">{"".join(changes)}</p>'
            f'<p class="kept"><span class="label">Kept translation</span> '
            f'<span lang="{html_page.language_tag(row.language)}">{escape(entry.translation)}</span></p>'
            "</li>")
    return (f'<section id="{escape(_anchor(row))}" class="stale">'
            f"<h3>{escape(title)} — {escape(html_page.language_name(row.language))} "
            f"<code>{escape(row.language)}</code></h3>"
            f'<ol>{"".join(items)}</ol></section>')


DASHBOARD_CSS = """\
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5c5f66; --rule: #d9dce1; --accent: #0b5cad;
  --good: #1f7a3a; --ok: #3a78c2; --low: #b3261e; --warn: #8a5a00; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .25rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.summary, .hint { color: var(--muted); margin: 0 0 1.25rem; }
.summary strong { color: var(--ink); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .55rem .6rem; border-bottom: 1px solid var(--rule); text-align: start; vertical-align: top; }
thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  border-bottom: 2px solid var(--ink); }
tbody + tbody { border-top: 2px solid var(--rule); }
th.document { font-weight: 600; max-width: 16rem; }
td.language { white-space: nowrap; }
code { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .8rem;
  color: var(--muted); }
th.document code { display: block; font-weight: normal; margin-top: .2rem; }
.number { text-align: end; font-variant-numeric: tabular-nums; }
.number.warn, .number.warn a { color: var(--warn); font-weight: 600; }
.progress { min-width: 12rem; white-space: nowrap; }
.bar { display: inline-block; vertical-align: middle; width: 7rem; height: .6rem; background: #e8eaee;
  border-radius: 1rem; overflow: hidden; margin-inline-end: .5rem; }
.bar > span { display: block; height: 100%; background: var(--ok); }
.bar.complete > span { background: var(--good); }
.bar.low > span { background: var(--low); }
.percent { font-variant-numeric: tabular-nums; font-weight: 600; }
.of { color: var(--muted); font-size: .85rem; }
.state a.published { color: var(--good); font-weight: 600; }
.state .held { color: var(--low); font-weight: 600; }
.why { display: block; color: var(--muted); font-size: .85rem; }
.stale ol { padding-inline-start: 1.25rem; }
.stale li { margin-bottom: 1rem; }
.stale p { margin: .15rem 0; }
del { color: var(--low); background: #fdecea; }
ins { color: var(--good); background: #e7f4ea; text-decoration: underline; }
.kept .label { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
@media (max-width: 40rem) {
  /* On a phone each row becomes a card: label, then value. */
  thead { display: none; }
  table, tbody, tr, th, td { display: block; }
  tbody + tbody { border-top: 0; }
  th.document { max-width: none; padding: 1rem 0 .25rem; border-bottom: 0; font-size: 1.05rem; }
  tr[data-language] { border: 1px solid var(--rule); border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; }
  td { display: flex; gap: .5rem; align-items: baseline; border-bottom: 0; padding: .2rem 0; }
  td::before { content: attr(data-label); color: var(--muted); font-size: .85rem; margin-inline-end: auto; }
  td.state { display: block; text-align: start; }
  td.state::before { display: none; }
  .progress { min-width: 0; }
}
@media print {
  main { max-width: none; padding: 0; }
  .bar { border: 1px solid #999; }
  a { color: inherit; }
}
"""


SITE_WRITERS["html"] = ("index.html", write_dashboard)
