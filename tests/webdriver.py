"""A small W3C WebDriver client over urllib, for Debian's chromium + chromium-driver.

Selenium is not a dependency of this project; chromedriver speaks plain HTTP+JSON
(https://www.w3.org/TR/webdriver2/), and the few commands a test needs fit here.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element key

# Headless, and no calls home: this machine's network is closed, and a test must not
# depend on (or wait for) anything outside 127.0.0.1.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
]


def missing_browser() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} not found: install Debian's {package} package (apt-get install chromium chromium-driver)"
    return None


class WebDriverError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One chromedriver process and one Chromium session with a fresh profile."""

    def __init__(self, width: int = 1366, height: int = 768, timeout: float = 30.0):
        self.timeout = timeout
        self.workdir = Path(tempfile.mkdtemp(prefix="statsbidrag-chromium-"))
        self.profile = self.workdir / "profile"          # a fresh --user-data-dir
        self.log = self.workdir / "chromedriver.log"
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self._log_file = open(self.log, "wb")
        self.process = subprocess.Popen([str(CHROMEDRIVER), f"--port={port}"],
                                        stdout=self._log_file, stderr=subprocess.STDOUT)
        self.session = None
        try:
            self._wait_ready()
            args = CHROMIUM_ARGS + [f"--user-data-dir={self.profile}", f"--window-size={width},{height}"]
            value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": str(CHROMIUM), "args": args},
            }}})
            self.session = value["sessionId"]
        except BaseException:
            self.quit()
            raise

    # -- transport -------------------------------------------------------------
    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            if self.process.poll() is not None:
                raise WebDriverError(f"chromedriver exited with {self.process.returncode}: {self.log.read_text(errors='replace')}")
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline:
                raise WebDriverError(f"chromedriver not ready after {self.timeout} s")
            time.sleep(0.1)

    def _call(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                value = json.loads(error.read()).get("value", {})
            except ValueError:
                value = {}
            raise WebDriverError(f"{method} {path}: {value.get('error', error.code)}: {value.get('message', '')}") from None
        return payload.get("value")

    def _session(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    # -- commands --------------------------------------------------------------
    def get(self, url: str) -> None:
        self._session("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        return self._session("GET", "/url")

    @property
    def title(self) -> str:
        return self._session("GET", "/title")

    def find(self, css: str) -> str:
        return self._session("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css: str) -> list[str]:
        return [e[ELEMENT] for e in self._session("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, element: str) -> None:
        self._session("POST", f"/element/{element}/click", {})

    def text(self, element: str) -> str:
        return self._session("GET", f"/element/{element}/text")

    def attribute(self, element: str, name: str) -> str | None:
        return self._session("GET", f"/element/{element}/attribute/{name}")

    def rect(self, element: str) -> dict:
        return self._session("GET", f"/element/{element}/rect")

    def execute(self, script: str, *args):
        return self._session("POST", "/execute/sync", {"script": script, "args": list(args)})

    def screenshot(self) -> bytes:
        return base64.b64decode(self._session("GET", "/screenshot"))

    def quit(self) -> None:
        if self.session:
            try:
                self._session("DELETE", "")
            except (OSError, WebDriverError):
                pass
            self.session = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.quit()
