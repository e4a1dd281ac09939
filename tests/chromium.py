"""Headless Chromium driven through the DevTools protocol, for the tests of published pages.

The protocol is spoken over ``--remote-debugging-pipe`` (JSON messages ended by a NUL byte,
read from file descriptor 3 and written to 4), so no web socket library is needed. A
:class:`Browser` opens one page, records every request the page makes (and every one it
was refused, by its Content-Security-Policy or otherwise), every console message and
uncaught exception and every dialog it opens, and evaluates JavaScript in it.

The browser resolves no host name (``--host-resolver-rules``): a request that slipped past
the page's policy would fail, and still be recorded.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page, recording what the page asks of the network."""

    def __init__(self, profile: Path, width: int = 1200, height: int = 800) -> None:
        assert CHROMIUM is not None
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # The child's fds 3 and 4 must be these pipes: dup them there in the child.
        fds = (to_browser_read, from_browser_write)

        def wire() -> None:
            # Copies first, so that neither pipe is overwritten if it is already 3 or 4.
            reading, writing = os.dup(fds[0]), os.dup(fds[1])
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self._process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-pipe",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={profile}",
                # Frames in the page's own process, so that one session sees their requests
                # and runs scripts in them (a sandboxed frame would get a process of its own).
                "--disable-features=IsolateSandboxedIframes,site-per-process",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 0
        #: Every protocol event of the page, in order: (method, params).
        self.events: list[tuple[str, dict[str, Any]]] = []
        page = next(
            target
            for target in self.call("Target.getTargets")["targetInfos"]
            if target["type"] == "page"
        )
        self._main_frame = page["targetId"]  # a page target's id is its main frame's
        attached = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)
        self._session = attached["sessionId"]
        for domain in ("Network", "Log", "Runtime", "Page", "Audits"):
            self.call(f"{domain}.enable", session=True)

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._from_browser, 1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._messages.put(json.loads(message))

    def _send(self, method: str, session: bool, params: dict[str, Any]) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command (to the page if ``session``, else to the browser); its result."""
        number = self._send(method, session, params)
        deadline = time.monotonic() + 60
        while True:
            reply = self._messages.get(timeout=max(deadline - time.monotonic(), 0.01))
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result
            if "method" in reply:
                self._event(reply)

    def _event(self, message: dict[str, Any]) -> None:
        self.events.append((message["method"], message.get("params", {})))
        if message["method"] == "Page.javascriptDialogOpening":
            # A dialog stops the page until it is answered: answer it (the reply is not
            # awaited), and keep the record.
            self._send("Page.handleJavaScriptDialog", True, {"accept": True})

    def evaluate(self, expression: str, context: int | None = None) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only), or in
        the frame of the execution ``context`` (see :meth:`frames`)."""
        where = {} if context is None else {"contextId": context}
        reply = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True, **where
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def open(self, url: str, ready: str, timeout: float = 60) -> None:
        """Load ``url`` and wait until ``ready`` (a JavaScript expression) is true."""
        self.call("Page.navigate", session=True, url=url)
        self.wait(ready, timeout=timeout)
        # Whatever the view starts once drawn (a font, a locale, an image) has time to ask.
        time.sleep(0.5)
        self.evaluate("1")  # and its events are read

    def wait(self, ready: str, context: int | None = None, timeout: float = 60) -> None:
        """Wait until ``ready`` (a JavaScript expression) is true in the page, or in the frame
        of the execution ``context``."""
        deadline = time.monotonic() + timeout
        while not self.evaluate(f"Boolean(document.documentElement && ({ready}))", context):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{ready} did not become true in {timeout} s")
            time.sleep(0.1)

    def frames(self) -> list[int]:
        """The execution contexts of the frames inside the page (an ``<iframe>``'s), in the
        order they were made."""
        return [
            params["context"]["id"]
            for method, params in self.events
            if method == "Runtime.executionContextCreated"
            and params["context"].get("auxData", {}).get("isDefault")
            and params["context"]["auxData"].get("frameId") != self._main_frame
        ]

    def screenshot(self, path: Path) -> None:
        """Write what the page shows, as PNG."""
        shot = self.call("Page.captureScreenshot", session=True, format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    def requests(self) -> list[str]:
        """The URL of every request the page made or tried, its own included."""
        return [
            params["request"]["url"]
            for method, params in self.events
            if method == "Network.requestWillBeSent"
        ]

    def refusals(self) -> list[dict[str, Any]]:
        """Every request refused, every policy violation and every error the page logged."""
        found: list[dict[str, Any]] = []
        for method, params in self.events:
            if method == "Network.loadingFailed" or method == "Audits.issueAdded":
                found.append({method: params})
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append({method: params["entry"]})
            elif method == "Runtime.exceptionThrown":
                found.append({method: params["exceptionDetails"]})
            elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
                found.append({method: params["args"]})
        return found

    def dialogs(self) -> list[str]:
        return [
            params["message"]
            for method, params in self.events
            if method == "Page.javascriptDialogOpening"
        ]

    def close(self) -> None:
        # The browser may be gone already, or close as it answers.
        with contextlib.suppress(RuntimeError, queue.Empty, OSError):
            self.call("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()
