"""statsbidrag serve: browse the package in Datasette on 127.0.0.1 (the optional extra `serve`)."""

from __future__ import annotations

import argparse
from types import FrameType

from statsbidrag.cli import ROOT_HELP

HOST = "127.0.0.1"  # never another address: this is a local browser for one person


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help=ROOT_HELP)
    parser.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001)")


def _require_datasette() -> None:
    import importlib.util
    if importlib.util.find_spec("datasette") is None:
        from statsbidrag._version import install_hint
        from statsbidrag.errors import UsageError
        raise UsageError("statsbidrag serve: expected Datasette (the optional extra `serve`); found it not "
                         f"installed. Install it with {install_hint('serve')}.", code="SB502")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    import json
    import signal
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from statsbidrag.publish.sqlite_export import SQLITE_FILE, write_sqlite
    from statsbidrag.serve.datasette_app import command, metadata

    _require_datasette()
    # A fresh database in a temporary folder: nothing is written into the package.
    with tempfile.TemporaryDirectory(prefix="statsbidrag-serve-") as folder:
        sqlite_file = write_sqlite(args.root, Path(folder) / SQLITE_FILE)
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata(args.root), ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"statsbidrag serve: Datasette on http://{HOST}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr,
              flush=True)
        # Stopped by Ctrl-C or SIGTERM: stop Datasette too, then remove the temporary folder.
        signal.signal(signal.SIGTERM, _interrupt)
        server = subprocess.Popen(command(sqlite_file, metadata_file, HOST, args.port))
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            server.wait(timeout=10)
            return 0
