"""Open an HTML file in headless Chromium and report what a reader would get.

Talks the DevTools protocol over ``--remote-debugging-pipe`` (no port, no extra package), so one
browser run gives: the page's visible text (``document.body.innerText``), console messages,
uncaught exceptions and browser log entries (a CSP violation or a failed load is one), any request
that is not for the file itself, a full-page screenshot on screen and one in print media at the
width of A4's text block, and the page count of the A4 PDF.

Usable by hand too::

    python tests/chromium.py report.html out-dir/
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
    "--remote-debugging-pipe",
]
SCREEN_WIDTH = 1000
#: A4 minus the report's 16 mm side margins, in CSS pixels (96 per inch)
PRINT_WIDTH = round((210 - 32) / 25.4 * 96)
TIMEOUT = 60.0


def find_chromium() -> Optional[str]:
    explicit = os.environ.get("MINSHI_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass
class PageResult:
    text: str
    screenshot: Path
    print_screenshot: Path
    pdf_pages: int
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


class _Pipe:
    """DevTools protocol over the pipe pair Chromium reads on fd 3 and writes on fd 4."""

    def __init__(self, proc: subprocess.Popen, to_browser: int, from_browser: int):
        self.proc, self.out, self.inp = proc, to_browser, from_browser
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: Optional[dict] = None, session: Optional[str] = None) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.inp], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.inp, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe (exit code {self.proc.poll()})")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)


def open_page(chromium: str, html: Path, out_dir: Path) -> PageResult:
    out_dir.mkdir(parents=True, exist_ok=True)
    url = html.resolve().as_uri()
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()

    def wire_pipes() -> None:  # in the child: fd 3 = commands in, fd 4 = replies out
        os.dup2(to_r, 3)
        os.dup2(from_w, 4)

    with tempfile.TemporaryDirectory(prefix="minshi-chromium-") as profile:
        proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=wire_pipes, pass_fds=(3, 4))  # kept open after wire_pipes
        os.close(to_r)
        os.close(from_w)
        cdp = _Pipe(proc, to_w, from_r)
        try:
            return _inspect(cdp, url, out_dir)
        finally:
            try:
                cdp.send("Browser.close")
            except (RuntimeError, OSError, TimeoutError):
                proc.kill()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(to_w)
            os.close(from_r)


@dataclass
class Visit:
    """What a reader's browser did with one page: console errors, requests other than the page
    itself, and the value of ``probe`` (a JavaScript expression) evaluated on the loaded page."""

    url: str
    console_errors: list[str]
    requests: list[str]
    probe: object = None


class Session:
    """One headless Chromium for many pages (starting one per page costs a second each)::

        with Session(chromium) as browser:
            visit = browser.visit(Path("site/index.html"), probe="document.links.length")
            pages = browser.pdf(Path("site/months/2019-06.html"), Path("out.pdf"))
    """

    def __init__(self, chromium: str):
        self.chromium = chromium

    def __enter__(self) -> "Session":
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()

        def wire_pipes() -> None:
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self._profile = tempfile.TemporaryDirectory(prefix="minshi-chromium-")
        self.proc = subprocess.Popen([self.chromium, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=wire_pipes, pass_fds=(3, 4))
        os.close(to_r)
        os.close(from_w)
        self._fds = (to_w, from_r)
        self.cdp = _Pipe(self.proc, to_w, from_r)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.cdp.send("Browser.close")
        except (RuntimeError, OSError, TimeoutError):
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in self._fds:
            os.close(fd)
        self._profile.cleanup()

    def _open(self, url: str):
        return _open_page(self.cdp, url)

    def visit(self, html: Path, probe: Optional[str] = None) -> Visit:
        url = html.resolve().as_uri()
        target, call = self._open(url)
        value = None
        if probe is not None:
            value = call("Runtime.evaluate", {"expression": probe, "returnByValue": True})["result"].get("value")
        call("Runtime.evaluate", {"expression": "1", "returnByValue": True})
        errors, requests = _events(self.cdp.events, url)
        self.cdp.send("Target.closeTarget", {"targetId": target})
        return Visit(url, errors, requests, value)

    def pdf(self, html: Path, out: Path) -> int:
        """Print the page to an A4 PDF (its own @page size) at ``out``; returns the page count."""
        target, call = self._open(html.resolve().as_uri())
        pdf = base64.b64decode(call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})["data"])
        out.write_bytes(pdf)
        self.cdp.send("Target.closeTarget", {"targetId": target})
        return _pdf_pages(pdf)

    def screenshot(self, html: Path, out: Path) -> Path:
        target, call = self._open(html.resolve().as_uri())
        _screenshot(call, out)
        self.cdp.send("Target.closeTarget", {"targetId": target})
        return out


def _events(events: list[dict], url: str) -> tuple[list[str], list[str]]:
    errors, requests = [], []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            errors.append(params.get("exceptionDetails", {}).get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            requested = params.get("request", {}).get("url", "")
            if requested != url and not requested.startswith("data:"):
                requests.append(requested)
    return errors, requests


def _open_page(cdp: "_Pipe", url: str):
    """A new tab at ``url``, loaded, with its console, log and network events recorded from a clean
    slate; returns the tab's target id and a function sending a command to it."""
    target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def call(method: str, params: Optional[dict] = None) -> dict:
        return cdp.send(method, params, session)

    for domain in ("Page", "Runtime", "Log", "Network"):
        call(f"{domain}.enable")
    call("Emulation.setDeviceMetricsOverride",
         {"width": SCREEN_WIDTH, "height": 1200, "deviceScaleFactor": 1, "mobile": False})
    cdp.events.clear()
    call("Page.navigate", {"url": url})
    cdp.wait_for("Page.loadEventFired")
    return target, call


def _inspect(cdp: _Pipe, url: str, out_dir: Path) -> PageResult:
    target, call = _open_page(cdp, url)
    text = call("Runtime.evaluate", {"expression": "document.body.innerText", "returnByValue": True})["result"]["value"]
    screenshot = _screenshot(call, out_dir / "report-screen.png")

    call("Emulation.setEmulatedMedia", {"media": "print"})
    call("Emulation.setDeviceMetricsOverride",
         {"width": PRINT_WIDTH, "height": 1200, "deviceScaleFactor": 1, "mobile": False})
    print_shot = _screenshot(call, out_dir / "report-print.png")
    call("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})["data"])
    (out_dir / "report.pdf").write_bytes(pdf)
    call("Runtime.evaluate", {"expression": "1", "returnByValue": True})  # a round trip: pending events arrive first

    errors, requests = _events(cdp.events, url)
    return PageResult(text, screenshot, print_shot, _pdf_pages(pdf), errors, requests)


def _screenshot(call, path: Path) -> Path:
    size = call("Page.getLayoutMetrics")["cssContentSize"]
    shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                           "clip": {"x": 0, "y": 0, "width": size["width"],
                                                    "height": size["height"], "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def _pdf_pages(pdf: bytes) -> int:
    """Pages in Chromium's PDF (its page objects are written uncompressed)."""
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


if __name__ == "__main__":
    browser = find_chromium()
    if browser is None:
        sys.exit("chromium not found (set MINSHI_CHROMIUM)")
    result = open_page(browser, Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "."))
    print(f"screenshot: {result.screenshot}\nprint: {result.print_screenshot}\npdf pages: {result.pdf_pages}")
    print(f"console errors: {result.console_errors}\nrequests: {result.requests}")
