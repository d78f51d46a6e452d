"""``build``: each language's document reassembled from the source and its catalog.

``build_dir`` is deployed as it is, so it holds exactly the editions published now:
what ``build`` writes is listed in a manifest, and the files of editions no longer
published are removed (only those). What is published, and why not, is decided in
``decide.py``; a document whose inputs did not change since the last build is neither
decided nor rendered again (``incremental.py``): its record is the report's.

Pages are rendered a document at a time (in worker processes) and staged beside their
targets as they are produced, so memory holds one document's pages, not the project's;
they are renamed into place together at the end, so bad input leaves the build folder
as it was.
"""

from __future__ import annotations

from ..cache import digest
from ..errors import L10nError
from ..fsutil import Staging, project_lock
from ..parallel import fork_map
from ..workspace import Workspace
from .incremental import BuildMemory, linked_of, outputs, publications
from .manifest import MANIFEST_NAME, Manifest, remove_files
from .model import DEFAULT_MIN_PERCENT, Asset, BuildOutput, BuildReport, BuildSettings, Registry, SiteFile, as_page

__all__ = ["DEFAULT_MIN_PERCENT", "available_formats", "build"]


def available_formats() -> list[str]:
    from .writers import default_registry

    return default_registry().formats()


def build(ws: Workspace, language: str | None = None, formats: list[str] | None = None,
          min_percent: float = DEFAULT_MIN_PERCENT, outdated: str | None = None,
          document: str | None = None, registry: Registry | None = None) -> BuildReport:
    """``outdated``: what an edition behind its source shows; None: ``[build] outdated``."""
    if registry is None:
        from .writers import default_registry

        registry = default_registry()
    settings = BuildSettings(min_percent, outdated or ws.config.build.outdated, ws.config.build.markdown_notice)
    with project_lock(ws.config.root):  # a concurrent update cannot change catalogs mid-build
        return _build(ws, language, formats, settings, document, registry)


def _build(ws: Workspace, language: str | None, formats: list[str] | None, settings: BuildSettings,
           document: str | None, registry: Registry) -> BuildReport:
    formats = formats or registry.formats()
    for name in formats:
        if name not in registry.pages:
            raise L10nError(f"unknown format {name!r}; available: {', '.join(registry.formats())}")
    languages = ws.config.selected_languages(language)
    chosen = {d.name for d in ws.documents(document)}
    build_path = ws.config.build_path
    manifest = Manifest.read(build_path)
    memory = BuildMemory(ws, settings, formats, registry, languages)

    def linked(document: str, language: str, published: bool) -> bool:
        # Pages link only to pages there will be: built now, or built before and still published.
        built_now = document in chosen and language in languages and "html" in formats
        return published and (built_now or (build_path / language / f"{document}.html").is_file())

    # Every document is decided (the dashboard shows every document x language whatever was
    # selected), from its record when its inputs are unchanged; only what changed is rendered.
    entries: dict[str, dict] = {}
    jobs = []
    for doc in ws.documents():
        key = memory.decisions_key(doc)  # reads the source and every catalog of it: once per build
        entry = memory.recall(doc, key)
        if entry is not None:
            entry["linked"] = [linked(doc.name, p.language, p.published) for p in publications(entry)]
            if doc.name not in chosen or memory.pages_intact(entry, entry["linked"]):
                entries[doc.name] = entry
                continue
        jobs.append((doc, key))

    gate = None
    if jobs:
        from ..checks.entries import EntryGate
        from . import dashboard, decide, edition, html_page  # noqa: F401 - imported once, before the workers fork

        gate = EntryGate.for_workspace(ws)  # each entry's findings shared with check through the cache

    def work(job):
        doc, key = job
        # A worker returns its error rather than raising it: the parent then discards every
        # worker's staged files, not only those of the worker that failed.
        staging = Staging(root=ws.config.root)
        try:
            entry, written = _document(ws, doc, key, memory, settings, gate, staging, linked,
                                       doc.name in chosen, languages, formats, registry)
            return entry, written, staging.detach()
        except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
            staging.discard()
            return error

    staging = Staging(root=ws.config.root)
    written_now: set[str] = set()
    fresh = []
    failure = None
    for (doc, _), result in zip(jobs, fork_map(work, jobs)):
        if isinstance(result, BaseException):
            failure = failure or result
            continue
        entry, written, staged = result
        staging.adopt(staged)
        entries[doc.name] = entry
        written_now |= written
        fresh.append(entry)
    if failure is not None:
        staging.discard()
        raise failure

    try:
        report = _report(ws, entries, chosen, written_now)
        for name in (name for name in formats if name in registry.site):
            filename, writer = registry.site[name]
            path = build_path / filename
            site_file = SiteFile(ws.relative(path))
            key = memory.site_key([entries[doc.name] for doc in ws.documents()])
            if not memory.site_intact(key, path):
                summaries = {name: entry["shown"] for name, entry in entries.items()}
                data = as_page(writer(report.publications, ws, settings, summaries)).text.encode("utf-8")
                site_file.written = staging.stage(path, data)
                memory.remember_site(key, data)
            manifest.files[path.relative_to(build_path).as_posix()] = None
            report.site.append(site_file)
        # Files of editions no longer published leave the manifest and the folder, unless
        # another edition writes them now (a photo two documents of one folder show).
        current = {}
        for item in [o for o in report.outputs if not o.held_back] + report.assets:
            current[(ws.config.root / item.path).relative_to(build_path).as_posix()] = (item.document, item.language)
        published = {(p.document, p.language) for p in report.publications if p.published}
        gone = sorted(name for name, owner in manifest.files.items()
                      if owner is not None and owner not in published and name not in current)
        for name in gone:
            del manifest.files[name]
        manifest.files.update(current)
        staging.stage(build_path / MANIFEST_NAME, manifest.encode())
    except BaseException:
        staging.discard()
        raise
    staging.commit()
    report.removed = [ws.relative(build_path / name) for name in remove_files(build_path, gone)]
    for entry in fresh:
        memory.remember(entry)
    ws.cache.save()
    return report


def _report(ws: Workspace, entries: dict[str, dict], chosen: set[str], written: set[str]) -> BuildReport:
    report = BuildReport()
    for doc in ws.documents():
        entry = entries[doc.name]
        report.publications += publications(entry)
        report.errors += entry["errors"]
        if doc.name in chosen:
            pages, assets = outputs(entry, written)
            report.outputs += pages
            report.assets += assets
    return report


def _document(ws: Workspace, doc, key: str | None, memory: BuildMemory, settings: BuildSettings, gate, staging: Staging, linked,
              render: bool, languages, formats, registry: Registry) -> tuple[dict, set[str]]:
    """Decide one document again and, when it is built now, stage its pages: its record, and the
    (root-relative) paths staged; ``key``: its ``decisions_key``, taken before deciding."""
    from .dashboard import shown
    from .decide import decide
    from .edition import referenced_files

    with gate.document(doc.name):
        decisions, errors = decide(ws, doc, settings, gate)
    for decision in decisions:
        decision.linked = linked(doc.name, decision.language, decision.published)
    entry = memory.record(doc, key, decisions, [str(e) for e in errors], shown(ws, doc),
                          referenced_files(ws.source(doc), ws.config.root))
    entry["linked"] = [d.linked for d in decisions]
    written: set[str] = set()
    if render:
        pages, held, files = _document_outputs(ws, doc, decisions, languages, formats, registry)
        digests = {}
        for item, path, data in files:
            digests[path.relative_to(ws.config.build_path).as_posix()] = digest(data)
            if staging.stage(path, data):
                written.add(item.path)
        memory.record_pages(entry, pages + held, [item for item, _, _ in files if isinstance(item, Asset)],
                            digests)
    ws.forget(doc)
    return entry, written


def _document_outputs(ws: Workspace, doc, decisions, languages, formats, registry: Registry):
    """One document's pages in every selected language and format, and what was held back."""
    from .edition import local_files

    mine = [p for p in decisions if p.document == doc.name]
    outputs: list[BuildOutput] = []
    held: list[BuildOutput] = []
    files = []
    for decision in mine:
        if decision.language not in languages:
            continue
        if decision.edition is None:
            held += [BuildOutput(doc.name, decision.language, f, None, held_back=True,
                                 reason=decision.reason, percent=decision.percent) for f in formats]
            continue
        edition = decision.edition
        linked = [p.edition for p in mine if p.edition is not None and (p.linked or p.edition is edition)]
        for name in formats:
            suffix, writer = registry.pages[name]
            path = ws.config.build_path / edition.language / f"{doc.name}{suffix}"
            page = as_page(writer(edition, linked, ws))
            output = BuildOutput(doc.name, edition.language, name, ws.relative(path),
                                 percent=edition.percent, fallbacks=edition.fallbacks,
                                 neutralized=page.neutralized, failed=edition.failed,
                                 behind=edition.behind, left_out=edition.left_out)
            files.append((output, path, page.text.encode("utf-8")))
            outputs.append(output)
        # Relative links and images of the Markdown edition resolve from its folder: copy them there.
        for relative, original in local_files(edition.source, ws.config.root):
            path = ws.config.build_path / edition.language / relative
            files.append((Asset(doc.name, edition.language, ws.relative(path)), path, original.read_bytes()))
    return outputs, held, files
