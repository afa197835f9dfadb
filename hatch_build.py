"""Wheel build hook: ship the data package inside the wheel, as statsbidrag/_data/.

An installed wheel then finds datapackage.json, resources/, schemas/ ... next to its
code (statsbidrag.paths.project_root). A static `force-include` table would fail the
whole build, even `pip install -e .`, whenever a listed folder does not exist yet;
here the package's own parts and its checks are required and the optional SQL views
are shipped when present. An editable install reads the checkout and ships nothing.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "statsbidrag/_data"
# checks/ is required: `check` and `verify` run the installed tool's own checks, never a
# package's (statsbidrag.toolchecks).
REQUIRED = ["datapackage.json", "resources", "schemas", "sources", "metadata", "CHANGELOG.md", "checks"]
# The DCAT-AP-SE catalogue the build writes (statsbidrag.publish.catalog), shipped with the package.
OPTIONAL = ["sql", "catalog.ttl", "catalog.rdf"]


def _files(path: Path) -> list[Path]:
    """The files to ship under `path`: never byte code, caches or half-written temp files.
    (Files are listed one by one: force-include bypasses the `exclude` option.)"""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc" and not (p.name.startswith(".") and p.name.endswith(".tmp")))


class DataPackageHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        missing = [part for part in REQUIRED if not _files(root / part)]
        if missing:
            raise FileNotFoundError(f"cannot build the wheel: {', '.join(missing)} missing in {root}; "
                                    "run `statsbidrag build` first")
        for part in REQUIRED + OPTIONAL:
            for file in _files(root / part):
                build_data["force_include"][str(file)] = f"{TARGET}/{file.relative_to(root).as_posix()}"
