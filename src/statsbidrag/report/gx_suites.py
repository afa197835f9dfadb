"""Great Expectations suites generated from the Table Schemas and the package's data.

Nothing here is a rule typed by hand: every expectation comes from a constraint in
schemas/<resource>.json (translated by statsbidrag.tableschema.to_great_expectations), or
from the package's own data (the regions a region-level table must cover are the rows of
the regions resource). Each expectation's `meta.source` says where it came from.

`suite_specs()` is plain Python (fast, testable); only `run_suites()` imports Great
Expectations, which takes seconds.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag.errors import StatsbidragError
from statsbidrag.report.data import Package
from statsbidrag.tableschema import to_great_expectations
from statsbidrag.tableschema.to_great_expectations import ExpectationSpec

if TYPE_CHECKING:
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult


@dataclass
class SuiteSpec:
    name: str                  # also the GX data asset and validation definition: no "." (GX makes it a folder)
    resource: str
    description: str
    expectations: list[ExpectationSpec] = field(default_factory=list)
    rows: tuple[str, object] | None = None   # (column, value): only rows where column == value

    def frame(self, package: Package) -> Any:   # a pandas.DataFrame
        frame = package[self.resource].frame
        if self.rows is not None:
            column, value = self.rows
            frame = frame[frame[column] == value].reset_index(drop=True)
        return frame


def schema_expectations(package: Package, name: str) -> list[ExpectationSpec]:
    """One expectation per constraint of the resource's Table Schema (tableschema.to_great_expectations);
    a foreign key's values are those of the referenced resource's column."""
    def references(target: str, column: str) -> list:
        if target not in package:
            raise StatsbidragError(f"{package[name].schema_path}: expected a foreign key to a resource of "
                                   f"datapackage.json; found one to '{target}'. Correct the schema's foreignKeys.",
                                   code="SB302")
        return package[target].frame[column].dropna().unique().tolist()
    return to_great_expectations.schema_expectations(name, package[name].schema, references)


def _invariant(root: Path, name: str) -> str:
    """'check NAME: description', from the check's own header in checks/NAME.sql, so GX
    reports the invariant under the same name and words as `statsbidrag check`."""
    from statsbidrag.check.runner import load_check_definitions
    for definition in load_check_definitions(root):
        if definition.name == name:
            return f"check {name}: {definition.description}"
    raise LookupError(f"checks/{name}.sql: expected a check named {name}; found none")


def region_table_expectations(package: Package, table_id: str) -> list[ExpectationSpec]:
    """A region-level table (tables.kind = regions) has one row per region of the
    regions resource it does not declare absent (absences), numbered 1..n: derived from
    the data, not typed here."""
    absent = set()
    if "absences" in package:
        absent = {a["region_code"] for a in package.records("absences") if a["table_id"] == table_id}
    regions = [r for r in package["regions"].frame["region_code"].dropna().tolist() if r not in absent]
    n = len(regions)
    where = f"{_invariant(package.root, 'regions_complete')} (tables.csv: {table_id}.kind = regions)"
    return [
        ExpectationSpec("ExpectTableRowCountToEqual", {"value": n}, where),
        ExpectationSpec("ExpectColumnDistinctValuesToEqualSet",
                        {"column": "region_code", "value_set": sorted(regions)}, where),
        ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": "region_code"}, where),
        ExpectationSpec("ExpectColumnDistinctValuesToEqualSet",
                        {"column": "row_number", "value_set": list(range(1, n + 1))}, where),
    ]


def suite_specs(package: Package) -> list[SuiteSpec]:
    """One suite per resource (its Table Schema), and one per region-level table."""
    specs = [SuiteSpec(name=name, resource=name,
                       description=f"{resource.title}: every constraint of {resource.schema_path}",
                       expectations=schema_expectations(package, name))
             for name, resource in package.resources.items()]
    if "tables" in package and "allocations" in package and "regions" in package:
        for table in package.records("tables"):
            if table.get("kind") != "regions":
                continue
            table_id = table["table_id"]
            specs.append(SuiteSpec(
                name=f"allocations-{table_id}", resource="allocations",
                description=f"allocations of table {table_id}: one row per region of the regions resource",
                expectations=region_table_expectations(package, table_id),
                rows=("table_id", table_id)))
    return specs


@dataclass
class Failure:
    expectation: str           # snake_case GX type, e.g. expect_column_values_to_be_unique
    column: str | None
    source: str
    observed: str              # observed value or a sample of unexpected values


@dataclass
class SuiteResult:
    name: str
    resource: str
    description: str
    rows: int
    evaluated: int
    successful: int
    failures: list[Failure]
    expectations_page: str | None = None   # relative to the Data Docs folder
    validation_page: str | None = None

    @property
    def success(self) -> bool:
        return not self.failures and self.evaluated == self.successful


RUN_NAME = "statsbidrag"


def run_time(package: Package) -> datetime:
    """The run time GX prints and names its folders after. Not the clock: a report of
    an unchanged package must be byte-identical, so it is SOURCE_DATE_EPOCH when set
    (the reproducible-builds convention), else the newest publication date among the
    sources, else 1 January 2000 (UTC)."""
    import os
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    dates = sorted(str(s.get("date_published")) for s in package.records("sources") if s.get("date_published"))
    day = dates[-1] if dates else "2000-01-01"
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def _silence_gx() -> None:
    import logging
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def _failures(outcome: ExpectationSuiteValidationResult) -> list[Failure]:
    """What each failed expectation of a validation found."""
    failures = []
    for r in outcome.results:
        if r.success:
            continue
        cfg = r.expectation_config
        assert cfg is not None  # every result of a validation definition names its expectation
        info = r.result or {}
        if r.exception_info and r.exception_info.get("raised_exception"):
            observed = "error: " + str(r.exception_info.get("exception_message"))
        elif "observed_value" in info:
            observed = str(info["observed_value"])
        else:
            sample = info.get("partial_unexpected_list") or []
            observed = f"{info.get('unexpected_count', len(sample))} unexpected, e.g. " + \
                       ", ".join(repr(v) for v in sample[:5])
        failures.append(Failure(cfg.type, cfg.kwargs.get("column"), (cfg.meta or {}).get("source", ""), observed))
    return failures


def run_suites(package: Package, specs: list[SuiteSpec], docs_dir: Path | None) -> list[SuiteResult]:
    """Run every suite on its pandas frame in an ephemeral GX context; when docs_dir is
    given, build the Data Docs there (made offline: see make_docs_offline)."""
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _silence_gx()
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs_dir is not None:
        sites: Any = ctx.variables.data_docs_sites  # GX types it Optional; an ephemeral context has one
        site: Any = dict(sites["local_site"])
        site["store_backend"] = dict(site["store_backend"], base_directory=str(docs_dir))
        site["show_how_to_buttons"] = False
        ctx.update_data_docs_site("local_site", site)
    source = ctx.data_sources.add_pandas("statsbidrag")
    run_id = RunIdentifier(run_name=RUN_NAME, run_time=run_time(package))
    results: list[SuiteResult] = []
    for spec in specs:
        frame = spec.frame(package)
        asset = source.add_dataframe_asset(spec.name)
        batch = asset.add_batch_definition_whole_dataframe("whole table")
        suite = gx.ExpectationSuite(name=spec.name, meta={"description": spec.description})
        for e in spec.expectations:
            suite.add_expectation(getattr(gxe, e.type)(**e.kwargs, meta={"source": e.source},
                                                        notes=f"Generated from {e.source}"))
        suite = ctx.suites.add(suite)
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=spec.name, data=batch, suite=suite))
        outcome = vd.run(batch_parameters={"dataframe": frame}, result_format="COMPLETE", run_id=run_id)
        failures = _failures(outcome)
        stats = outcome.statistics
        results.append(SuiteResult(spec.name, spec.resource, spec.description, len(frame),
                                   stats["evaluated_expectations"], stats["successful_expectations"], failures))
    if docs_dir is not None:
        ctx.build_data_docs()
        make_docs_offline(docs_dir, results)
    return results


# -- Data Docs without the internet ------------------------------------------------
# GX's page templates load Bootstrap, jQuery, Vega, Font Awesome and a logo from CDNs,
# and its index page is drawn by those scripts. The report must work from a folder
# with no network, so every such reference is removed, a local stylesheet is linked
# instead, and the index is rewritten as plain HTML.

_REMOTE_TAG = re.compile(r"""<(?:script|link|img)\b[^>]*?(?:src|href)\s*=\s*["']https?://[^>]*>(?:\s*</script>)?""",
                         re.IGNORECASE | re.DOTALL)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)
_REMOTE_URL = re.compile(r"""url\(\s*['"]?https?://[^)]*\)""", re.IGNORECASE)
OFFLINE_CSS = "statsbidrag-gx.css"


# The "Validation Filter" card: its buttons call functions from the removed scripts
# (clicking "Failed Only" threw "hideSucceededValidations is not defined").
_FILTER_CARD = re.compile(r'<div class="card mb-3">\s*<div class="card-header p-2">\s*<strong>Actions</strong>.*?'
                          r'</label>\s*</div>\s*</div>\s*</div>\s*</div>\s*</div>', re.DOTALL)
_EMPTY_OVERVIEW = re.compile(r'(<div id="section-1-content-block-1-header" class="alert alert-secondary" >\s*<div>\s*'
                             r'<h5 class="m-0" >\s*Overview\s*</h5>\s*</div>)(\s*</div>)')
_FAVICON = re.compile(r'<link rel="shortcut icon"[^>]*>')
_EMPTY_BRAND = re.compile(r'<div class="float-left navbar-brand[^"]*">\s*<a href="[^"]*">\s*</a>\s*</div>')


# The batch's load time (the clock, as GX read the frame)
_LOAD_TIME = re.compile(r"(>ge_load_time</span>(?:(?!</tr>).)*?>)\d{8}T\d{6}\.\d+Z", re.DOTALL)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _stable_ids(text: str) -> str:
    """GX names some elements with random UUIDs: number them per page instead, so two
    reports of the same package are byte-identical (links within a page still match)."""
    numbers: dict[str, str] = {}
    return _UUID.sub(lambda m: numbers.setdefault(m.group(0), f"id{len(numbers) + 1}"), text)


def _offline_html(text: str, css_href: str, up: str) -> str:
    text = _REMOTE_TAG.sub("", text)
    text = _SCRIPT.sub("", text)
    text = _REMOTE_URL.sub("none", text)
    text = _FILTER_CARD.sub("", text)
    text = _FAVICON.sub("", text)  # GX's icon is remote; its index page has none (a browser asks /favicon.ico)
    text = _EMPTY_BRAND.sub("", text)
    text = _stable_ids(text)
    text = _LOAD_TIME.sub(r"\1(not shown: the report is reproducible)", text)
    back = (f'<p class="statsbidrag-back"><a class="statsbidrag-back" href="{up}../checks.html">'
            "← statsbidrag: checks and Great Expectations</a></p>")
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + back, text, count=1)
    # GX writes <html> with no language: its pages are in English
    text = re.sub(r"<html(?![^>]*\blang=)", '<html lang="en"', text, count=1)
    return text.replace("</head>", f'<link rel="icon" href="data:,">\n<link rel="stylesheet" href="{css_href}">\n</head>', 1)


def make_docs_offline(docs_dir: Path, results: list[SuiteResult]) -> None:
    css = Path(__file__).with_name("templates") / OFFLINE_CSS
    shutil.copyfile(css, docs_dir / OFFLINE_CSS)
    for sheet in docs_dir.rglob("*.css"):   # GX's unused stylesheet templates name CDN fonts too
        sheet.write_text(_REMOTE_URL.sub("none", sheet.read_text(encoding="utf-8")), encoding="utf-8")
    described = {f"expectations/{r.name}.html": r.description for r in results}
    for page in sorted(docs_dir.rglob("*.html")):
        relative = page.relative_to(docs_dir)
        depth = len(relative.parts) - 1
        text = _offline_html(page.read_text(encoding="utf-8"), "../" * depth + OFFLINE_CSS, "../" * depth)
        if relative.as_posix() in described:       # GX leaves a suite's Overview box empty
            overview = f"<p>{escape(described[relative.as_posix()])}</p>"
            # the lambda runs inside re.sub, in this iteration
            text = _EMPTY_OVERVIEW.sub(lambda m: m.group(1) + overview + m.group(2), text, count=1)  # noqa: B023
        page.write_text(text, encoding="utf-8")
    for result in results:
        expectations = docs_dir / "expectations" / f"{result.name}.html"
        if expectations.is_file():
            result.expectations_page = expectations.relative_to(docs_dir).as_posix()
        # validations/<suite>/<run name>/<run time>/<asset>.html (a "." in a name would nest folders)
        runs = sorted((docs_dir / "validations" / result.name).glob("*/*/*.html"))
        if runs:
            result.validation_page = runs[-1].relative_to(docs_dir).as_posix()
    _write_docs_index(docs_dir, results)


def _write_docs_index(docs_dir: Path, results: list[SuiteResult]) -> None:
    rows = []
    for r in results:
        status = '<span class="ok">passed</span>' if r.success else '<span class="bad">failed</span>'
        links = " · ".join(f'<a href="{escape(href)}">{text}</a>' for text, href in
                           (("expectation suite", r.expectations_page), ("validation result", r.validation_page))
                           if href)
        rows.append(f"<tr><td>{escape(r.name)}</td><td>{status}</td><td class=num>{r.successful} of {r.evaluated}</td>"
                    f"<td class=num>{r.rows}</td><td>{links}</td></tr>")
    html = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Great Expectations Data Docs: statsbidrag</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{OFFLINE_CSS}"></head>
<body class="statsbidrag-gx-index">
<p class="statsbidrag-back"><a class="statsbidrag-back" href="../checks.html">← statsbidrag: checks and Great Expectations</a></p>
<h1>Great Expectations Data Docs</h1>
<p>The expectation suites are generated from the package's Table Schemas and data;
each expectation's note (and its <code>meta.source</code>) says which constraint it comes from.
This index replaces the one GX draws with scripts from the internet, so the Data Docs
open from a folder with no network. The run time shown is fixed (SOURCE_DATE_EPOCH, else the
newest source's publication date), so that two reports of the same package are byte-identical.</p>
<table>
<thead><tr><th>suite</th><th>status</th><th>expectations met</th><th>rows</th><th>pages</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
    (docs_dir / "index.html").write_text(html, encoding="utf-8")
