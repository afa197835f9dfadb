"""The static report site: HTML from Jinja2 templates, one local stylesheet, inline SVG.

    index.html               what the package is: headline figures, grants by year, regions
    regions/<code>.html      one page per region: its money per year and grant, each amount linked
    families/<id>.html       one page per grant family: the series and a tile map
    tables/<table_id>.html   one page per printed table: chart, rows, provenance
    checks.html, checks/<name>.html   the checks suite and Great Expectations, with evidence
    claims.html, anomalies.html, sources.html, sources/<id>.html, downloads.html
    en/...                   the same pages in English (the root is Swedish)
    sources/<file>.txt, downloads/...  the archived documents and the package's files
    gx/                      Great Expectations Data Docs, when GX is installed

Every page is written into a fresh temporary folder that replaces the old site only
when the whole site is done. The output depends only on the package: no time stamp,
no absolute path, sorted everything, so two runs write the same bytes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag._version import __version__
from statsbidrag.errors import StatsbidragError
from statsbidrag.report import pages
from statsbidrag.report.data import read_package
from statsbidrag.report.formatting import nobreak, numbers_nowrap
from statsbidrag.report.i18n import LANGUAGES
from statsbidrag.report.pages import CheckRow

if TYPE_CHECKING:
    from jinja2 import Environment

    from statsbidrag.report.data import Package
    from statsbidrag.report.gx_suites import SuiteResult

TEMPLATES = Path(__file__).with_name("templates")
MARKER = ".statsbidrag-report"   # marks a folder this command wrote (and may replace)
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
Progress = Callable[[str], None]


@dataclass
class SiteSummary:
    out: Path
    pages: list[str] = field(default_factory=list)
    checks: list[CheckRow] | None = None
    checks_error: str | None = None
    check_counts: dict | None = None   # check.runner.Report.counts(): checks, passed, failed, warnings, anomalies
    gx: list[SuiteResult] | None = None   # when GX ran
    gx_error: str | None = None

    @property
    def failing_checks(self) -> list[CheckRow]:
        return [c for c in self.checks or [] if c.status == "fail"]


def _relative(text: Any, root: Path) -> Any:
    """A check's text without the builder's folder: pages show package paths only."""
    if not isinstance(text, str):
        return text
    for prefix in {str(root) + "/", root.as_posix() + "/", str(root)}:
        text = text.replace(prefix, "")
    return text


# -- checks ----------------------------------------------------------------------

def run_checks(root: Path) -> tuple[list[CheckRow] | None, str | None, dict | None]:
    """The checks suite's results and its counts (as `statsbidrag check` counts them:
    check.runner.Report.counts), or (None, why, None) when it cannot run here."""
    try:
        from statsbidrag.check.findings import from_result
        from statsbidrag.check.runner import load_check_definitions, run_suite
    except ImportError as error:
        return None, f"the checks suite (statsbidrag.check.runner) is not available: {error}", None
    try:
        report = run_suite(root)
        definitions = {d.name: d for d in load_check_definitions(root)}
    except StatsbidragError as error:
        return None, f"the checks suite could not run: {_relative(str(error), root)}", None
    rows = []
    for r in report.results:
        d = definitions.get(r.name)
        path = getattr(d, "path", None)
        if path:
            path = Path(path)
            path = path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else str(path)
        finding = from_result(r)
        if finding is not None:  # pages show package paths, never the builder's folder
            finding = replace(finding, message=_relative(finding.message, root), evidence=[
                {k: _relative(v, root) for k, v in row.items()} for row in finding.evidence])
        rows.append(CheckRow(
            name=r.name, description=r.description, severity=r.severity, status=r.status, finding=finding,
            seconds=getattr(r, "seconds", None), sql=getattr(d, "sql", None), path=path or None))
    return rows, None, report.counts()


def _gx_installed() -> bool:
    import importlib.util
    return importlib.util.find_spec("great_expectations") is not None


# -- writing ---------------------------------------------------------------------

def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      extensions=["jinja2.ext.i18n"], trim_blocks=False, keep_trailing_newline=True)
    env.filters["nobreak"] = nobreak
    env.filters["numbers_nowrap"] = numbers_nowrap
    return env


class Writer:
    """Renders each page once per language: Swedish at the root, the others in <lang>/."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.env = _environment()
        self.pages: list[str] = []

    def write(self, page: pages.Page) -> None:
        from statsbidrag.report.i18n import gettext_for, term
        for lang in LANGUAGES:
            gettext, ngettext = gettext_for(lang)
            # added to the Environment by the jinja2.ext.i18n extension, which its type does not know
            self.env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
            self.env.globals["term"] = partial(term, lang)
            context = page.context(lang)
            prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
            depth = page.rel.count("/")
            home = "../" * depth
            assets = home + "../" * prefix.count("/")
            alternates = [(other, assets + ("" if other == LANGUAGES[0] else f"{other}/") + page.rel)
                          for other in LANGUAGES if other != lang]
            html = self.env.get_template(page.template).render(
                lang=lang, home=home, assets=assets, alternates=alternates, language_names=LANGUAGE_NAMES,
                version=__version__, page_class=page.page_class, **context)
            target = self.out / prefix / page.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            self.pages.append(prefix + page.rel)


def page_groups(site: pages.Site) -> Iterator[tuple[str, list[pages.Page]]]:
    """Every page, in groups the progress names: each kind of page is built by its module."""
    from statsbidrag.report import check_pages, family_page, front, region_page, source_pages, table_page
    from statsbidrag.report.downloads import copy_downloads
    from statsbidrag.report.reader_files import write_reader_files
    site.copy_files()
    downloads = site.out / pages.RESOURCE_DOWNLOADS
    copied = copy_downloads(site.package, downloads)    # copied first; the reader's files are written beside them
    site.download_groups = [write_reader_files(site, downloads), *copied]
    yield "the index, regions and grant families", (
        [front.index_page(site), front.regions_page(site), family_page.families_page(site),
         front.tables_page(site)]
        + [region_page.region_page(site, code) for code in sorted(site.regions)]
        + [family_page.family_page(site, f) for f in site.families])
    yield f"{len(site.tables)} table pages", [table_page.table_page(site, t) for t in site.tables]
    yield "checks, claims and anomalies", (
        [check_pages.checks_page(site), check_pages.claims_page(site), check_pages.anomalies_page(site)]
        + [check_pages.check_page(site, c) for c in site.checks or []])
    yield f"{len(site.sources)} source pages and downloads", (
        [source_pages.sources_page(site), source_pages.downloads_page(site)]
        + [source_pages.source_page(site, s) for s in site.sources.values()])


# -- entry point -------------------------------------------------------------------

def _prepare_out(out: Path) -> Path:
    if out.exists() and not (out / MARKER).is_file() and (not out.is_dir() or any(out.iterdir())):
        raise StatsbidragError(f"{out} exists and was not written by 'statsbidrag report'; "
                               "remove it or choose another --out", code="SB607")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _quiet(message: str) -> None:
    pass


def _run_gx(package: Package, work: Path, wanted: bool, say: Progress) -> tuple[list[SuiteResult] | None, str | None]:
    """The Great Expectations suites' results and their Data Docs in work/gx/, or (None, why)."""
    if not wanted:
        return None, "skipped (--no-gx)"
    if not _gx_installed():
        from statsbidrag._version import install_hint
        return None, f"Great Expectations is not installed ({install_hint('report')})"
    from statsbidrag.report.gx_suites import run_suites, suite_specs
    specs = suite_specs(package)
    say(f"running {len(specs)} Great Expectations suites and writing their Data Docs")
    (work / "gx").mkdir()
    return run_suites(package, specs, work / "gx"), None


def build_site(root: Path, out: Path, *, gx: bool = True, checks: bool = True,
               progress: Progress | None = None) -> SiteSummary:
    """Write the report for the package at `root` into `out` (replaced as a whole).

    `gx`: run Great Expectations when it is installed (it is optional). `progress`
    receives a line per step (the command prints them on stderr).
    """
    say = progress or _quiet
    out, root = out.resolve(), root.resolve()
    say(f"reading the package in {root.name}/")
    package = read_package(root)
    work = _prepare_out(out)
    try:
        if checks:
            say("running the checks suite")
            check_rows, checks_error, check_counts = run_checks(root)
        else:
            check_rows, checks_error, check_counts = None, "skipped (--no-checks)", None
        gx_results, gx_error = _run_gx(package, work, gx, say)
        say("reading the views (grant_allocations, region_year_totals, allocation_shares)")
        site = pages.Site(package, work, check_rows, checks_error, gx_results, gx_error, check_counts)
        writer = Writer(work)
        shutil.copyfile(TEMPLATES / "style.css", work / "style.css")
        for group, page_list in page_groups(site):
            say(f"writing {group}")
            for page in page_list:
                writer.write(page)
        (work / MARKER).write_text("written by statsbidrag report; the whole folder is replaced on the next run\n",
                                   encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    say(f"wrote {len(writer.pages)} pages ({len(LANGUAGES)} languages) to {out}")
    return SiteSummary(out=out, pages=writer.pages, checks=check_rows, checks_error=checks_error,
                       check_counts=check_counts,
                       gx=gx_results, gx_error=gx_error)
