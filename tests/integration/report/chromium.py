"""Debian's Chromium, headless, driven over the Chrome DevTools protocol (the ``websockets``
package of the dev extra): for the tests that open a report the way a reader's browser does.

:func:`chromium` returns the binary (/usr/bin/chromium, or $WOONZORG_CHROMIUM) or None; a test
skips, saying why, when it or ``websockets`` is missing. CI installs both.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=800,1100",
]


def chromium() -> str | None:
    candidate = os.environ.get("WOONZORG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).is_file() else None


def browser() -> str:
    """Return the Chromium binary for a test, or skip the test saying what to install."""
    import pytest

    binary = chromium()
    if binary is None:
        pytest.skip("geen Chromium: installeer Debians pakket 'chromium' (apt-get install chromium)")
    try:
        import websockets.sync.client  # noqa: F401
    except ImportError:
        pytest.skip("het pakket websockets ontbreekt: pip install -e '.[dev]'")
    return binary


class DevTools:
    """A minimal Chrome DevTools protocol session over one page's websocket."""

    def __init__(self, socket):
        self.socket = socket
        self.number = 0
        self.events: list[dict] = []

    def call(self, method: str, **params):
        self.number += 1
        self.socket.send(json.dumps({"id": self.number, "method": method, "params": params}))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv(timeout=20))
            if message.get("id") == self.number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)
        raise TimeoutError(method)

    def wait_for(self, event: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        for index, message in enumerate(self.events):
            if message.get("method") == event:
                return self.events.pop(index)
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv(timeout=timeout))
            if message.get("method") == event:
                return message
            self.events.append(message)
        raise TimeoutError(event)

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")


@contextlib.contextmanager
def chromium_page(binary: str, profile: Path):
    process = subprocess.Popen(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Chromium startte niet (geen DevToolsActivePort)")
            time.sleep(0.1)
        port = port_file.read_text().splitlines()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.loads(response.read())
        page = next(t for t in targets if t.get("type") == "page")
        from websockets.sync.client import connect

        with connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=10) as socket:
            yield DevTools(socket)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
