"""The ``l10n`` command line: parse options, call one core function, print its result.

Exit codes are decided here and only here: 0 done, 1 a gate failed, 2 bad input.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import api
from .version import __version__
from .errors import L10nError, UsageError
from .wording import counted

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


# Text from catalogs and sources may hold escape sequences, carriage returns or bidi overrides
# that would rewrite what a terminal shows; they are printed as escapes instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(_CONTROL.pattern[:-1] + r"\n]")


def _visible(text: str, *, one_line: bool = False) -> str:
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# What a shell reports for a Unix tool that SIGPIPE ended: ``l10n status | head -1`` under
# ``set -o pipefail`` fails the way ``yes | head -1`` does, and says nothing.
EXIT_BROKEN_PIPE = 128 + 13


def _discard_stdout() -> None:
    """Send what is still buffered for a closed pipe nowhere, so that exiting stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no file descriptor (an in-process test runner)
        pass


class _Command(click.Command):
    """A core ``UsageError`` (``--lang xx``) becomes click's usage error of that option, under the
    command's own usage line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.BadParameter(exc.message, ctx=ctx, param_hint=f"'{exc.option}'" if exc.option else None)


class _Group(click.Group):
    """Turns every L10nError into one line on stderr and exit code 2; a closed pipe into a quiet exit."""

    command_class = _Command
    group_class = type  # subgroups (tm) are _Group too

    def invoke(self, ctx):
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a reader that went away shows here, not at interpreter exit
        except BrokenPipeError:
            _discard_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except L10nError as exc:
            click.echo(_visible(f"l10n: error: {exc}", one_line=True), err=True)
            ctx.exit(2)
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.echo(_visible(f"l10n: error: {where}{exc.strerror or exc}", one_line=True), err=True)
            ctx.exit(2)


class _Settings:
    def __init__(self, root: Path | None, quiet: bool, verbose: bool):
        self.root = root
        self.quiet = quiet
        self.verbose = verbose

    def workspace(self):
        from .workspace import Workspace

        ws = Workspace.open(self.root)
        click.get_current_context().call_on_close(lambda: _say_warnings(ws))
        self.note(f"read {ws.config.config_path}")
        for pattern in ws.unmatched_sources():
            click.echo(f"l10n: warning: {ws.relative(ws.config.config_path)}: sources: {pattern!r} matches no file",
                       err=True)
        for doc in ws.documents():
            self.note(f"source {doc.relpath} (document {doc.name})")
        return ws

    def say(self, message: str = "", **style) -> None:
        if not self.quiet:
            click.echo(click.style(message, **style) if style else message)

    def note(self, message: str) -> None:
        """What a command read or skipped, shown with -v."""
        if self.verbose:
            click.echo(f"l10n: {message}", err=True)


pass_settings = click.make_pass_decorator(_Settings)


def _set_color(ctx: click.Context, color: bool | None) -> None:
    # --color/--no-color wins; otherwise NO_COLOR (https://no-color.org) turns colour off.
    if color is None and os.environ.get("NO_COLOR"):
        color = False
    if color is not None:
        while ctx is not None:
            ctx.color = color
            ctx = ctx.parent


def _global(name: str):
    """A callback that lets a global option also follow the command: ``l10n build -q``."""

    def callback(ctx: click.Context, param, value):
        settings = ctx.find_object(_Settings)
        if name == "color":
            if value is not None:
                _set_color(ctx, value)
        elif value and settings is not None:
            setattr(settings, name, value)
        return value

    return callback


def global_options(command):
    """The group's options again on every command, where they also make sense after its name."""
    options = [
        click.option("--root", type=click.Path(file_okay=False, path_type=Path), expose_value=False,
                     callback=_global("root"), help="Project folder (default: found by walking up to l10n.toml)."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_global("quiet"),
                     help="Print only errors and requested reports."),
        click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_global("verbose"),
                     help="Also print what was read and skipped."),
        click.option("--color/--no-color", default=None, expose_value=False, callback=_global("color"),
                     help="Colour the output (default: on a terminal, unless NO_COLOR is set)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _split(ctx, param, values) -> list[str] | None:
    """Repeatable and comma-separated: ``--lang es --lang de`` = ``--lang es,de``.

    An empty value (``--lang ""``, from an unset shell variable) is a usage error: taken as
    "no selection" it would silently mean every language.
    """
    items = [part.strip() for value in values or () for part in value.split(",") if part.strip()]
    if values and not items:
        raise click.BadParameter("empty value; name at least one", ctx=ctx, param=param)
    return items or None


def _project_values(what: str):
    """A ``shell_complete`` callback offering the project's languages or documents (README:
    "Shell completion"); the project is found as every command finds it (``--root`` or the
    current folder). After ``es,`` the next value is completed."""

    def complete(ctx: click.Context, param, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from .workspace import Workspace

        root = next((c.params.get("root") for c in _contexts(ctx) if c.params.get("root")), None)
        try:
            ws = Workspace.open(root)
            values = list(ws.config.languages) if what == "languages" else [d.name for d in ws.documents()]
        except (L10nError, OSError):
            return []  # no project here: nothing to offer, and nothing printed into the prompt
        done, _, last = incomplete.rpartition(",")
        prefix = f"{done}," if done else ""
        taken = {part.strip() for part in done.split(",")}
        return [CompletionItem(prefix + value) for value in values
                if value.startswith(last.strip()) and value not in taken]

    return complete


def _contexts(ctx: click.Context | None):
    while ctx is not None:
        yield ctx
        ctx = ctx.parent


complete_languages, complete_documents = _project_values("languages"), _project_values("documents")
lang_option = click.option("--lang", multiple=True, callback=_split, shell_complete=complete_languages,
                           help="Only these languages (repeat the option or separate with commas).")
doc_option = click.option("--doc", multiple=True, callback=_split, shell_complete=complete_documents,
                          help="Only these documents, by name or source path (repeat or comma-separate).")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Project folder (default: found by walking up to l10n.toml).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and requested reports.")
@click.option("-v", "--verbose", is_flag=True, help="Also print what was read and skipped.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal, unless NO_COLOR is set).")
@click.version_option(__version__, prog_name="l10n")
@click.pass_context
def main(ctx, root, quiet, verbose, color):
    """Localize Markdown articles through gettext catalogs."""
    ctx.obj = _Settings(root, quiet, verbose)
    _set_color(ctx, color)


@main.command()
@click.option("--source-language", default="en", show_default=True, help="The language of the sources.")
@click.option("--lang", "languages", multiple=True, callback=_split,
              help="A target language (repeat or comma-separate; default: es, de). In an existing project: "
                   "add it to the configuration and create its catalogs.")
@global_options
@pass_settings
def init(settings, source_language, languages):
    """Create l10n.toml, source/, locales/, .gitignore and .gitattributes here (or in --root);
    in an existing project, add the languages given with --lang."""
    result = api.init(settings.root, source_language=source_language, languages=languages or ())
    for path in result.created:
        settings.say(f"created {path}")
    for path in result.updated:
        settings.say(f"updated {path}")
    for code in result.added:
        settings.say(f"added language {code}")
    for code in result.present:
        settings.say(f"{code}: already configured")
    for path in result.catalogs:
        settings.say(f"created {path}")
    if result.merge_driver:
        settings.say("set git config merge.l10n.driver (catalogs merged entry by entry)")
    if result.next_steps:
        settings.say("next steps:")
        for number, step in enumerate(result.next_steps, 1):
            settings.say(f"  {number}. {step}")


def _say_warnings(ws) -> None:
    """The problems a command went on without, said when it ends: unless the command stopped on
    the same problem (then its error line says it, once)."""
    stopped = sys.exc_info()[1]
    for warning in ws.warnings:
        if not (isinstance(stopped, L10nError) and str(stopped) in warning):
            click.echo(_visible(f"l10n: warning: {warning}", one_line=True), err=True)


def _warn_unlisted(unlisted) -> None:
    """A language's catalogs that no command reads: said on stderr, whatever the output format."""
    for item in unlisted:
        click.echo(_visible(f"l10n: warning: {item.message}", one_line=True), err=True)


def _print_changes(settings, changes, *, dry_run: bool = False) -> None:
    for change in changes:
        if change.language is None:
            what = f"{change.entries} entries"
        else:
            what = f"{change.new} new, {change.stale} stale, {change.obsolete} obsolete"
            if change.revived:
                what += f", {change.revived} revived"
            if change.carried > change.auto_updated:
                what += f", {change.carried - change.auto_updated} carried"
            if change.auto_updated:
                what += f", {change.auto_updated} updated automatically"
            if change.prefilled:
                what += f", {change.prefilled} from translation memory"
            if change.dropped:
                what += f", {change.dropped} obsolete dropped (kept in translation memory)"
        if dry_run:
            state = ("would be created" if change.created else "would be updated") if change.changed \
                else "unchanged"
        else:
            state = "created" if change.created else ("updated" if change.written else "unchanged")
        if change.written or settings.verbose or (dry_run and change.changed):
            settings.say(f"{change.path}: {what} ({state})")
        elif not settings.quiet and change.language is not None and (change.new or change.stale):
            settings.say(f"{change.path}: {what} ({state})")
    if dry_run:
        settings.say(f"{sum(c.changed for c in changes)} of {len(changes)} files would be written (dry run)")
        return
    written = sum(c.written for c in changes)
    settings.say(f"{written} of {len(changes)} files written")


@main.command()
@global_options
@pass_settings
def extract(settings):
    """Segment every source document into its .pot template."""
    _print_changes(settings, api.extract(settings.workspace()))


@main.command()
@lang_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when any file would change, listing them.")
@click.option("--dry-run", is_flag=True, help="Print the summary without writing anything.")
@click.option("--no-obsolete", is_flag=True,
              help="Drop obsolete entries, after adding their translations to the translation memory.")
@click.option("-N", "--no-fuzzy-matching", is_flag=True,
              help="No similarity matching: a changed segment is new, its old entry obsolete (msgmerge -N).")
@global_options
@pass_settings
def update(settings, lang, check, dry_run, no_obsolete, no_fuzzy_matching):
    """Extract, then merge into every catalog (stale tracking, nothing lost)."""
    changes = api.update(settings.workspace(), languages=lang, check=check, dry_run=dry_run,
                         drop_obsolete=no_obsolete, fuzzy_matching=False if no_fuzzy_matching else None)
    if check:
        stale = [c.path for c in changes if c.changed]
        for path in stale:
            click.echo(f"would change: {path}")
        if not settings.quiet:
            settings.say(f"{len(stale)} of {len(changes)} files would change")
        if stale:
            sys.exit(1)
        return  # nothing was written: no "files written" summary
    if dry_run:
        for change in changes:
            change.written = False
        _print_changes(settings, changes, dry_run=True)
        return
    _print_changes(settings, changes)


@main.command()
@lang_option
@doc_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@global_options
@pass_settings
def status(settings, lang, doc, fmt):
    """Counts per document and language: translated, fuzzy, stale, untranslated."""
    report = api.status(settings.workspace(), languages=lang, documents=doc)
    _warn_unlisted(report.unlisted)
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    # Stale entries are fuzzy entries (INTERFACE.md): shown inside the fuzzy count, "2 (1 stale)",
    # so that nobody adds the two columns up.
    header = f"{'document':<28} {'lang':<6} {'percent':>7} {'transl':>6} {'fuzzy':>13} " \
             f"{'untr':>5} {'obs':>4} {'words':>11}"
    click.echo(header)
    for row in report.catalogs:
        c = row.counts
        percent = f"{c.percent:.2f}%"
        colour = "green" if c.percent == 100 else ("yellow" if c.percent >= 80 else "red")
        words = f"{c.words_translated}/{c.words_total}"
        fuzzy = f"{c.fuzzy} ({c.stale} stale)" if c.stale else str(c.fuzzy)
        line = (f"{row.document:<28} {row.language:<6} {click.style(f'{percent:>7}', fg=colour)} "
                f"{c.translated:>6} {fuzzy:>13} {c.untranslated:>5} {c.obsolete:>4} {words:>11}")
        if not row.exists:
            line += "  (no catalog yet)"
        if c.auto_updated:
            line += f"  ({c.auto_updated} updated automatically)"
        click.echo(line)


@main.command()
@lang_option
@doc_option
@global_options
@pass_settings
def diff(settings, lang, doc):
    """Every stale entry: what changed in the source, word by word, and the kept translation."""
    entries = api.diff(settings.workspace(), languages=lang, documents=doc)
    for entry in entries:
        where = f"{entry.path}:{entry.line}" if entry.line else entry.path
        click.echo(click.style(_visible(where), bold=True) + ("" if entry.kind == "stale" else f"  ({entry.kind})"))
        parts = []
        for op, text in entry.changes:
            text = _visible(text)
            if op == "equal":
                parts.append(text)
            elif op == "delete":
                parts.append(click.style(f"[-{text}-]", fg="red"))
            else:
                parts.append(click.style(f"{{+{text}+}}", fg="green"))
        click.echo("  source:      " + "".join(parts))
        click.echo("  translation: " + _visible(entry.translation))
        click.echo()
    auto = sum(e.kind != "stale" for e in entries)
    settings.say(counted(len(entries) - auto, "stale entry", "stale entries")
                 + (f", {auto} updated automatically" if auto else ""))


def _formats(ctx, param, value: str | None) -> list[str] | None:
    """``md,html`` as a list; a format no writer is registered for is a usage error of the option."""
    if value is None:
        return None
    from .publish.build import available_formats

    chosen = [f.strip() for f in value.split(",") if f.strip()]
    known = available_formats()
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        what = f"unknown format {unknown[0]!r}" if unknown else "empty value"
        raise click.BadParameter(f"{what}; available: {', '.join(known)}", ctx=ctx, param=param)
    return chosen


@main.command()
@lang_option
@doc_option
@click.option("--format", "formats", default=None, callback=_formats,
              help="Comma-separated formats (default: every format, md,html).")
@click.option("--min-percent", type=click.FloatRange(0, 100), default=None,
              help="Hold back a language below this percent translated or stale (default 80).")
@click.option("--outdated", type=click.Choice(["keep", "source", "hold"]), default=None,
              help="What an edition behind its source shows (default: [build] outdated, keep).")
@click.option("--use-stale", is_flag=True, help="Same as --outdated keep (kept for older scripts).")
@click.option("--strict", is_flag=True, help="Exit 1 when anything was held back, outdated or fell back.")
@global_options
@pass_settings
def build(settings, lang, doc, formats, min_percent, outdated, use_stale, strict):
    """Reassemble the localized documents under build/."""
    from .publish.model import outdated_reason

    report = api.build(settings.workspace(), languages=lang, documents=doc, formats=formats,
                       min_percent=min_percent, outdated=outdated, use_stale=use_stale)
    reported: set[tuple[str, str]] = set()
    for output in report.outputs:
        edition = (output.document, output.language)
        if output.held_back:
            if edition not in reported:
                settings.say(f"held back {output.document} [{output.language}]: {output.reason}", fg="yellow")
            reported.add(edition)
            continue
        note = f", {output.fallbacks} segments in the source language" if output.fallbacks else ""
        if output.behind or output.left_out:
            note += f", outdated: {outdated_reason(output.behind, output.left_out)}"
        state = "written" if output.written else "unchanged"
        if output.written or output.fallbacks or output.behind or settings.verbose:
            settings.say(f"{output.path}: {state} ({output.percent:g}%{note})")
        if edition not in reported:
            for source, why in output.failed:
                shown = "fallback" if output.fallbacks else "left out"
                settings.say(f"  {shown} {source[:60]!r}: {why}", fg="yellow")
        reported.add(edition)
        for item in output.neutralized:
            # Always shown, even with --quiet: a translation tried to publish something unsafe.
            click.echo(click.style(f"{output.path}: neutralized {item}", fg="red"), err=True)
    for asset in report.assets:
        if asset.written or settings.verbose:
            settings.say(f"{asset.path}: {'written' if asset.written else 'unchanged'} (linked by its edition)")
    published: dict[str, list[str]] = {}
    for output in report.outputs:
        if not output.held_back and output.language not in published.setdefault(output.document, []):
            published[output.document].append(output.language)
    for document, codes in published.items():
        settings.say(f"published {document} [{', '.join(codes)}]")
    for path in report.removed:
        settings.say(f"{path}: removed (its edition is no longer published)")
    for site_file in report.site:
        if site_file.written or settings.verbose:
            settings.say(f"{site_file.path}: {'written' if site_file.written else 'unchanged'}")
    counts = report.edition_counts()
    summary = (f"{counts['published']} published, {counts['outdated']} outdated, {counts['held back']} held back, "
               f"{counts['with fallbacks']} with fallbacks")
    if report.neutralized:
        summary += f", {len({(o.document, o.language) for o in report.neutralized})} with neutralized markup"
    if report.removed:
        summary += f", {len(report.removed)} files removed"
    settings.say(summary)
    for error in report.errors:
        # The other languages were published; this one was held back.
        click.echo(f"l10n: error: {error}", err=True)
    if report.errors:
        sys.exit(2)
    if strict and report.strict_failures:
        # Even with --quiet: a gate that fails says why.
        for line in report.reasons():
            click.echo(f"l10n: strict: {line}", err=True)
        sys.exit(1)


@main.command()
@lang_option
@global_options
@pass_settings
def compile(settings, lang):  # noqa: A001 - the command's public name
    """Write a .mo file next to each .po."""
    for path, written in api.compile(settings.workspace(), languages=lang):
        if written or settings.verbose:
            settings.say(f"{path}: {'written' if written else 'unchanged'}")


@main.command()
@lang_option
@doc_option
@click.option("--min-percent", type=click.FloatRange(0, 100), default=None,
              help="Minimum percent translated per catalog (default: [check] min_percent, else 100).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]), default="text",
              show_default=True)
@click.option("--no-completeness", is_flag=True,
              help="Check syntax and translation quality only, not completeness or staleness (pre-commit).")
@global_options
@pass_settings
def check(settings, lang, doc, min_percent, fmt, no_completeness):
    """The CI gate: completeness and quality checks; exit 1 when one fails."""
    from .checks.output import as_text, render

    report = api.check(settings.workspace(), languages=lang, documents=doc, min_percent=min_percent,
                       completeness=not no_completeness)
    _warn_unlisted(report.unlisted)
    if fmt == "text" and settings.quiet and report.passed:
        return
    if fmt == "text":  # coloured like the other commands' output, where colour is on
        click.echo(as_text(report, verbose=settings.verbose, quiet=settings.quiet, clean=_visible,
                           style=lambda text, role: click.style(text, **_CHECK_STYLES[role])))
    else:
        output = render(report, fmt)
        click.echo(_visible(output) if fmt == "github" else output)
    for problem in report.malformed:
        # Bad input: the report names it for CI, and stderr says it as every command does.
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        click.echo(_visible(f"l10n: error: {where}: {problem.message}", one_line=True), err=True)
    if report.malformed:
        sys.exit(2)
    if not report.passed:
        sys.exit(1)


_CHECK_STYLES = {"error": {"fg": "red"}, "warning": {"fg": "yellow"}, "path": {"bold": True},
                 "passed": {"fg": "green", "bold": True}, "failed": {"fg": "red", "bold": True}}


def _provider(ctx, param, value: str | None) -> str | None:
    """A provider no plug-in registered is a usage error of ``--provider``, not of l10n.toml."""
    from .plugins import provider_names

    if value is not None and value not in provider_names():
        raise click.BadParameter(f"unknown provider {value!r}; known: {', '.join(provider_names())}",
                                 ctx=ctx, param=param)
    return value


class ProviderOption(click.Option):
    """``--provider``, whose help lists the registered providers when it is shown."""

    def get_help_record(self, ctx):
        from .plugins import provider_names

        record = super().get_help_record(ctx)
        return record and (record[0], f"One of: {', '.join(provider_names())} {record[1]}")


@main.command()
@click.option("--lang", required=True, shell_complete=complete_languages, help="The language to pre-translate.")
@click.option("--provider", cls=ProviderOption, callback=_provider, help="(default: provider in [translate]).")
@doc_option
@click.option("--include-stale", is_flag=True,
              help="Also suggest for stale entries (their translation is kept as a comment).")
@global_options
@pass_settings
def translate(settings, lang, provider, doc, include_stale):
    """Machine suggestions for untranslated entries, written as fuzzy for review."""
    bar = None

    def progress(done, total):
        nonlocal bar
        # A bar only where a person watches: on a terminal, for runs long enough to wait for.
        if settings.quiet or total < 10 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="translating", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        report = api.translate(settings.workspace(), language=lang, provider=provider, documents=doc,
                               include_stale=include_stale, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for rejection in report.rejected:
        where = f"{rejection.path}:{rejection.line}" if rejection.line else rejection.path
        click.echo(f"l10n: warning: {where}: suggestion rejected, not written: {rejection.reason}", err=True)
    for result in report.catalogs:
        if result.selected or settings.verbose:
            state = "written" if result.written else "unchanged"
            settings.say(f"{result.path}: {result.suggested} of {result.selected} entries suggested ({state})")
    settings.say(f"{report.suggested} suggestions from {report.provider}, {len(report.rejected)} rejected; "
                 f"{report.requests} requests, {report.cached} from the cache")


@main.command("import")
@click.option("--lang", required=True, shell_complete=complete_languages, help="The language FILE is written in.")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--doc", default=None, help="The document FILE translates (default: the one named like FILE).")
@click.option("--reviewed", is_flag=True, help="Write the imported translations as reviewed, not fuzzy.")
@global_options
@pass_settings
def import_(settings, lang, file, doc, reviewed):
    """Align FILE, an existing translation of one document, with its source and fill the catalog."""
    ws = settings.workspace()
    result = api.import_translation(ws, language=lang, file=file, document=doc, reviewed=reviewed)
    for item in result.unaligned:
        where = (f"{ws.relative(ws.document_named(result.document).path)}:{item.source_line}, "
                 f"{result.file}:{item.file_line}")
        what = "in the source, not in the file" if item.side == "source" else "in the file, not in the source"
        settings.say(_visible(f"{where}: unaligned {item.kind} ({what}): {item.text[:60]!r}", one_line=True))
    for kept in result.kept:
        settings.say(_visible(f"{result.path}:{kept.line}: kept the existing translation of {kept.msgid[:50]!r} "
                              f"(the file has {kept.imported[:50]!r})", one_line=True))
    state = "written" if result.written else "unchanged"
    settings.say(f"{result.path}: {result.imported} translations imported"
                 f"{'' if reviewed else ' as fuzzy'}, {result.same} already there, {len(result.kept)} existing "
                 f"kept, {len(result.untranslated)} left untranslated ({state})")


@main.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("name", required=False)
@global_options
@pass_settings
def merge_driver(settings, base, ours, theirs, name):
    """Git merge driver for catalogs: merge THEIRS into OURS against BASE, entry by entry.

    Set up by 'l10n init'; by hand: '*.po merge=l10n' in .gitattributes and
    git config merge.l10n.driver "l10n merge-driver %O %A %B %P". Exit 1 when both
    sides translated an entry differently (ours kept and fuzzy, theirs in a comment)."""
    from .catalogs.threeway import merge_driver as run

    result = run(base, ours, theirs, name)
    for msgid in result.conflicts:
        click.echo(_visible(f"l10n: merge conflict: {result.path}: {msgid[:60]!r}: both branches translated it; "
                            "ours kept as fuzzy, theirs in a translator comment", one_line=True), err=True)
    if result.carried or result.kept_obsolete:
        settings.note(f"{result.path}: {result.carried} translations moved to their stale entries, "
                      f"{result.kept_obsolete} kept as obsolete")
    if result.conflicts:
        sys.exit(1)


@main.group()
@global_options
def tm():
    """Translation memory exchange with CAT tools (TMX 1.4)."""


@tm.command("export")
@click.option("--lang", required=True, shell_complete=complete_languages, help="The target language to export.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@global_options
@pass_settings
def tm_export(settings, lang, file):
    """Write every reviewed translation of a language to FILE.tmx."""
    result = api.tm_export(settings.workspace(), language=lang, file=file)
    settings.say(f"{result.path}: {result.units} units ({'written' if result.written else 'unchanged'})")


@tm.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@global_options
@pass_settings
def tm_import(settings, file):
    """Add the units of FILE.tmx to the project's translation memory."""
    result = api.tm_import(settings.workspace(), file=file)
    for path, written in result.files:
        settings.say(f"{path}: {'written' if written else 'unchanged'}")
    for language, added in sorted(result.added.items()):
        settings.say(f"{language}: {added} new units")
    if result.skipped:
        settings.say(f"skipped {result.skipped} units in languages the project does not have: "
                     f"{', '.join(result.skipped_languages)}")
