"""``civledger check FILE...``: load ledgers, run the rules, print the findings."""

from __future__ import annotations

import argparse
import concurrent.futures
import sys
from datetime import date
from pathlib import Path

import attrs

from civledger.checks import Report, check
from civledger.checks.config import CheckConfig, find_config
from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of, add_format, jobs_count
from civledger.cli.output import Style, check_output, emit, suffix_of
from civledger.errors import LedgerFileError, RuleError
from civledger.findings import Issue, Severity
from civledger.i18n import N_, _, gettext, join, language, use_language
from civledger.io import load
from civledger.io.documents import detect_format
from civledger.progress import for_stream
from civledger.text import printable, truncate

__all__ = ["add_parser", "format_issue"]


def selectors(text: str) -> list[str]:
    """An argparse type for comma-separated rule selectors."""
    return [part.strip() for part in text.split(",") if part.strip()]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "check",
        help=_("check ledgers and print located, coded findings"),
        description=(
            _(
                "Load each ledger and run the selected rules. Exit 0 when clean, 1 when "
                "there are errors or warnings, 2 when a file cannot be read or the "
                "arguments are wrong."
            )
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("ledger files (.yaml, .json)"))
    parser.add_argument(
        "--select",
        type=selectors,
        action="extend",
        metavar="CODES",
        help=_("rules to run: ALL, a family (LDG), a prefix, a code or a name; comma-separated"),
    )
    parser.add_argument(
        "--ignore",
        type=selectors,
        action="extend",
        default=[],
        metavar="CODES",
        help=_("rules not to run (the most specific selector wins)"),
    )
    parser.add_argument("--strict", action="store_true", help=_("also run the strict tier"))
    add_as_of(parser, N_("check as on this date"))
    add_format(parser)
    parser.set_defaults(format=None)  # from the suffix of -o, else text
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write the report to a file (.txt or .json; without --format, .json writes JSON)"),
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help=_("exit 0 even when there are findings")
    )
    parser.add_argument(
        "--no-config", action="store_true", help=_("ignore civledger.toml beside the ledgers")
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_count,
        default=1,
        metavar="N",
        help=_("check up to N files at once, in separate processes (one combined report)"),
    )
    add_allow_outside(parser)
    parser.set_defaults(run=run)


@attrs.frozen(kw_only=True)
class _Options:
    """What a worker needs to check one file (picklable, for --jobs)."""

    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    strict: bool
    as_of: date | None
    no_config: bool
    show_progress: bool
    language: str = "zh"  # a worker process words its one-line errors in the command's language
    allow_outside: bool = False


def _check_file(file: str, options: _Options) -> tuple[Report | None, str | None]:
    """Check one file: its report, or the one line saying why it could not be checked."""
    with use_language(options.language):
        return _check_one(file, options)


def _check_one(file: str, options: _Options) -> tuple[Report | None, str | None]:
    progress = for_stream() if options.show_progress else None
    try:
        ledger = load(file, progress=progress, allow_outside=options.allow_outside)
        config = CheckConfig() if options.no_config else find_config(file)
    except LedgerFileError as exc:
        return None, f"civledger: {exc}"
    select = options.select if options.select is not None else config.select
    try:
        report = check(
            ledger,
            select=list(select) if select is not None else None,
            ignore=[*config.ignore, *options.ignore],
            strict=options.strict or config.strict,
            as_of=options.as_of,
            progress=progress,
        )
    except RuleError as exc:
        if config.file is None:
            raise  # the command line's own selectors are wrong: nothing can run
        # Bad selectors from one folder's civledger.toml must not hide the other files.
        return None, "civledger: " + _("{config}: {error} (checking {file})").format(
            config=config.file, error=exc, file=file
        )
    return report, None


def _check_all(
    files: list[str], options: _Options, jobs: int
) -> list[tuple[Report | None, str | None]]:
    if jobs <= 1 or len(files) <= 1:
        return [_check_file(file, options) for file in files]
    quiet = attrs.evolve(options, show_progress=False)
    progress = for_stream() if options.show_progress else None
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
        futures = [pool.submit(_check_file, file, quiet) for file in files]
        if progress is not None:
            progress.stage(N_("checking files"), len(files))
            for _ in concurrent.futures.as_completed(futures):
                progress.advance()
            progress.done()
        return [future.result() for future in futures]


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    check_output(args.output, (".txt", ".log", ".json", ""), "check")
    if args.format is None:
        json_file = args.output not in (None, "-") and suffix_of(args.output) == ".json"
        args.format = "json" if json_file else "text"
    options = _Options(
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore),
        strict=args.strict,
        as_of=args.as_of,
        no_config=args.no_config,
        show_progress=True,
        language=language(),
        allow_outside=args.allow_outside,
    )
    reports: list[Report] = []
    unreadable = 0
    for found, error in _check_all(list(args.files), options, args.jobs):
        if error is not None:
            print(error, file=sys.stderr)
            unreadable += 1
        elif found is not None:
            reports.append(found)
    report = Report.merge(reports)
    if reports:
        if args.format == "json":
            emit(report.to_json(), args.output)
        else:
            style = Style(sys.stdout if args.output is None else None)
            emit(render_text(report, style), args.output)
    if unreadable:
        return ExitCode.ERROR
    if report.valid or args.exit_zero:
        return ExitCode.OK
    return ExitCode.FINDINGS


_YAML_BREAKS = str.maketrans("\r\x85\u2028\u2029", "\n\n\n\n")


class _Excerpts:
    """Lines of the ledger files, read once, for showing the line of each finding."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def line(self, file: str | None, number: int | None) -> str | None:
        if file is None or number is None:
            return None
        if file not in self._lines:
            try:
                text = Path(file).read_bytes().decode("utf-8-sig")
                # Count lines as the locators do (str.splitlines also breaks on \f, \x1c...):
                # JSON on \n only; YAML also on NEL, LS, PS and a lone \r.
                if detect_format(file, text) == "yaml":
                    text = text.replace("\r\n", "\n").translate(_YAML_BREAKS)
                self._lines[file] = text.split("\n")
            except (OSError, UnicodeDecodeError):
                self._lines[file] = None
        lines = self._lines[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


# How a finding's line names its severity (``note`` for info: what readers call it).
_SEVERITY_WORDS = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("note"),
}


def format_issue(issue: Issue, style: Style, excerpt: str | None = None) -> str:
    """A finding for people: ``FILE:LINE:COL: severity CODE message``, the line, the path, a hint.

    Worded in the language of the moment; the location, the code and the path never change.

    Examples
    --------
    >>> import io
    >>> from civledger.findings import Location
    >>> issue = Issue(code="LDG008", name="unknown-reference", severity=Severity.ERROR,
    ...               message="lead refers to unit 'zc-xx', which the ledger does not define",
    ...               location=Location(file="a.yaml", path=("tasks", 0, "lead"), line=9, column=5),
    ...               subjects=("T-001",), hint="did you mean 'zc'?")
    >>> print(format_issue(issue, Style(io.StringIO()), "- {id: T-001, lead: zc-xx}"))
    a.yaml:9:5: error LDG008 lead refers to unit 'zc-xx', which the ledger does not define
        9 | - {id: T-001, lead: zc-xx}
      at $.tasks[0].lead (T-001)
      hint: did you mean 'zc'?
    """
    loc = issue.location
    where = loc.file or ""
    if loc.file and loc.line is not None:
        where += f":{loc.line}" + (f":{loc.column}" if loc.column is not None else "")
    elif loc.cell:
        where = f"{where}: {loc.cell}" if where else str(loc.cell)
    label = {"error": style.red, "warning": style.yellow, "info": style.cyan}[issue.severity.value](
        gettext(_SEVERITY_WORDS[issue.severity])
    )
    head = f"{style.bold(where)}: " if where else ""
    # Text from the ledger is printed with its control characters escaped (no terminal tricks).
    first = f"{head}{label} {issue.code} {printable(issue.message)}"
    if issue.waived_by:
        first = _("{finding} (waived by {waiver})").format(
            finding=first, waiver=printable(issue.waived_by)
        )
    lines = [first]
    if excerpt is not None and loc.line is not None:
        shown = printable(truncate(excerpt[:1000].strip(), 100))
        lines.append(style.dim(f"  {loc.line:>3} | {shown}"))
    if loc.path:
        at = _("at {path}").format(path=printable(loc.json_path))
        if issue.subjects:
            at = _("{where} ({subjects})").format(
                where=at, subjects=printable(join(issue.subjects))
            )
        lines.append(f"  {at}")
    if issue.hint:
        lines.append(style.dim("  " + _("hint: {hint}").format(hint=printable(issue.hint))))
    return "\n".join(lines)


def render_text(report: Report, style: Style) -> str:
    """The whole report for people, ending with a summary line."""
    excerpts = _Excerpts()
    blocks = [
        format_issue(issue, style, excerpts.line(issue.location.file, issue.location.line))
        for issue in report.issues
    ]
    blocks.append(report.summary())
    return "\n".join(blocks)
