"""Python code run in a second process as `python -c CODE ARGS` runs it, but forked from a warm
process that has already imported what the code needs.

The fresh build (statsbidrag.check.fresh_build) runs in a second Python process with a deadline.
Starting an interpreter and importing the extraction (pydantic and the metadata models) costs
about 0.3 CPU-seconds, six times what extracting today's package does, and a process that
checks many packages (the tests, a program calling run_suite in a loop) paid it every time.
Here one server per process and preload list is started once (a fresh interpreter, as before:
never a fork of a process running DuckDB's threads); it imports the modules, then for each job
forks itself (it runs no threads, so the fork is safe) and the fork runs the code with its
standard output sent back. A job is its own process as before: it can be killed at its
deadline, its memory goes when it exits, and its failure is reported as an exit status.

    job = start(code, args, preload)   # a Job, or a plain `python -c` when no server can serve
    job.ended(); status, out = job.wait(timeout)   # TimeoutError at the deadline; job.kill()
    job.returncode                     # None while it runs, as Popen's

Where os.fork is missing, and while the server runs another job (a second thread checking at
the same time), the job is a plain `python -c` process. The server runs the code it imported
when it started: a program that changes statsbidrag's source while it runs checks with the old.

Why not multiprocessing's forkserver, which also forks from a server that preloads modules:
each of its children first re-runs the calling program's main script (its "safe importing of
the main module" rule), so a user's script that calls run_suite without an
`if __name__ == "__main__":` guard ran again in every check's second process and failed with
"An attempt has been made to start a new process before the current process has finished its
bootstrapping phase" (tried here; tests/slow/test_check_from_a_script.py holds it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, BinaryIO

_SERVE = "import sys\nfrom statsbidrag.check.warm_child import serve\nserve(sys.argv[1:])\n"
_CHUNK = 1 << 20


def _environment() -> dict[str, str]:
    """This process's environment, with the statsbidrag being run first on the import path."""
    src = str(Path(__file__).resolve().parents[2])
    return dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))


# --- the server (the second process) -------------------------------------------------------

def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def _run_forked(code: str, args: list[str], write_end: int) -> None:
    """In the fork: run `code` as `python -c` would, its standard output into `write_end`; never returns."""
    status = 1
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(write_end, 1)
        sys.argv = ["-c", *args]
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # as `python -c` would: the traceback on standard error, status 1
        import traceback
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
        finally:
            os._exit(status)


def serve(preload: list[str]) -> None:
    """The server: import `preload`, then run each job its parent sends in a fork of itself.

    A job arrives on standard input as its length (8 bytes) and the repr of (code, args); its
    standard output goes back on standard output as chunks (b"C", 8 bytes of length, the
    bytes) and then its exit status (b"E" and one byte). The server ends with its input."""
    import ast
    import importlib
    for name in preload:
        importlib.import_module(name)
    frames = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # a stray print cannot corrupt the frames
    requests = sys.stdin.buffer
    while (header := _read_exact(requests, 8)) is not None:
        body = _read_exact(requests, int.from_bytes(header, "big"))
        if body is None:
            return
        code, args = ast.literal_eval(body.decode("utf-8"))
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            frames.close()
            _run_forked(code, args, write_end)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as out:
            while chunk := out.read(_CHUNK):
                frames.write(b"C" + len(chunk).to_bytes(8, "big") + chunk)
        status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        frames.write(b"E" + bytes([0 if status == 0 else 1]))
        frames.flush()


# --- the parent ---------------------------------------------------------------------------

class Job:
    """One run of code in a fork of the server: ended(), wait(timeout) -> (status, output), kill()."""

    def __init__(self, server: _Server, code: str, args: list[str]):
        self.server, self.buffer = server, bytearray()
        self.chunks: list[bytes] = []
        self.status: int | None = None
        body = repr((code, list(args))).encode("utf-8")
        try:
            server.requests.write(len(body).to_bytes(8, "big") + body)
            server.requests.flush()
        except OSError:
            self._done(1, broken=True)

    def _done(self, status: int, broken: bool = False) -> None:
        self.status = status
        self.server.busy = False
        if broken:  # the stream may be cut in a frame: a new server next time
            self.server.stop()

    def _parse(self) -> None:
        buffer = self.buffer
        while buffer and self.status is None:
            if buffer[0] == ord("C") and len(buffer) >= 9:
                end = 9 + int.from_bytes(buffer[1:9], "big")
                if len(buffer) < end:
                    return
                self.chunks.append(bytes(buffer[9:end]))
                del buffer[:end]
            elif buffer[0] == ord("E") and len(buffer) >= 2:
                self._done(buffer[1])
            elif buffer[0] not in b"CE":
                self._done(1, broken=True)
            else:
                return

    def _pump(self, timeout: float) -> None:
        """Read what the server has sent, waiting at most `timeout` seconds for some of it."""
        import select
        if self.status is not None:
            return
        fd = self.server.replies.fileno()
        if select.select([fd], [], [], max(timeout, 0.0))[0]:
            data = os.read(fd, _CHUNK + 9)
            if not data:  # the server died
                self._done(1, broken=True)
            self.buffer += data
            self._parse()

    def ended(self) -> bool:
        self._pump(0.0)
        return self.status is not None

    @property
    def returncode(self) -> int | None:
        """The exit status once the job has ended (0: it ran to its end), as Popen's."""
        return self.status

    def wait(self, timeout: float) -> tuple[int, bytes]:
        deadline = time.monotonic() + timeout
        while self.status is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self._pump(left)
        return self.status, b"".join(self.chunks)

    def kill(self) -> None:
        if self.status is None:
            self._done(1, broken=True)


class _PlainJob:
    """The same, as a plain `python -c` process."""

    def __init__(self, code: str, args: list[str]):
        self.process = subprocess.Popen([sys.executable, "-c", code, *args], env=_environment(),
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ended(self) -> bool:
        return self.process.poll() is not None

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def wait(self, timeout: float) -> tuple[int, bytes]:
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TimeoutError from None
        return self.process.returncode, out

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


class _Server:
    def __init__(self, preload: tuple[str, ...]):
        self.busy = False
        # its own process group: kill() takes the job's fork with it
        self.process = subprocess.Popen([sys.executable, "-c", _SERVE, *preload], env=_environment(),
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.requests: IO[bytes] = self.process.stdin
        self.replies: IO[bytes] = self.process.stdout

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        """End the server with its input, and wait for it (its CPU time counts as this process's children's)."""
        try:
            self.requests.close()
            self.process.wait(timeout=5)
            self.replies.close()
        except (OSError, subprocess.TimeoutExpired):
            self.stop()

    def stop(self) -> None:
        import signal
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                self.process.kill()
        self.process.wait()
        for stream in (self.requests, self.replies):
            try:
                stream.close()
            except OSError:
                pass


_SERVERS: dict[tuple[str, ...], _Server] = {}
_LOCK = threading.Lock()


def _close_all() -> None:
    for server in _SERVERS.values():
        server.close()


def start(code: str, args: list[str], preload: tuple[str, ...]) -> Job | _PlainJob:
    """Run `code` with `args` in a fork of this process's server for `preload` (started now if
    need be), or, when none can take it, as a plain `python -c` process."""
    if hasattr(os, "fork") and hasattr(os, "killpg"):
        with _LOCK:
            server = _SERVERS.get(preload)
            if server is None or not server.alive():
                if not _SERVERS:
                    import atexit
                    atexit.register(_close_all)
                server = _SERVERS[preload] = _Server(preload)
            if not server.busy:
                server.busy = True
                return Job(server, code, args)
    return _PlainJob(code, args)
