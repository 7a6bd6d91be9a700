"""The browser the PDF is printed with, and the quiet local server it reads the book from.

Shared by the printer, the browser tests and the benchmarks, so there is one rule for which browser is used
(an installed Chromium or Chrome, never a download) and how it is started on a machine with no network.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator, Mapping

BROWSER_ENV = "DOSSIER_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Without the background-networking switches Chromium keeps trying to reach Google's hosts, which this closed
# network refuses; --no-sandbox because the tests and CI run as root.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class BrowserNotFound(RuntimeError):
    """No Chromium or Chrome to print with; the message says what to install."""


def find_browser(environ: Mapping[str, str] | None = None) -> str:
    """The browser executable: $DOSSIER_CHROMIUM, else the first of BROWSER_NAMES on PATH."""
    env = os.environ if environ is None else environ
    search_path = env.get("PATH", os.defpath)
    named = env.get(BROWSER_ENV, "").strip()
    if named:
        found = shutil.which(named, path=search_path)
        if found:
            return found
        raise BrowserNotFound(
            f"{BROWSER_ENV}={named} is not an executable browser. Point it at an installed Chromium or Chrome "
            f"(e.g. {BROWSER_ENV}=/usr/bin/chromium), or unset it to search PATH for {', '.join(BROWSER_NAMES)}."
        )
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=search_path)
        if found:
            return found
    raise BrowserNotFound(
        "No Chromium or Chrome found to print the PDF (looked for "
        f"{', '.join(BROWSER_NAMES)} on PATH and the {BROWSER_ENV} variable). The PDF is printed by an installed "
        "browser; none is ever downloaded. Install one: on Debian/Ubuntu `sudo apt-get install chromium` "
        "(as root `make sysdeps` does it); elsewhere install Chromium or Google Chrome, or name it with "
        f"{BROWSER_ENV}=/path/to/chrome."
    )


def launch(playwright, **options):
    """An installed Chromium started through playwright (`executable_path`: playwright never downloads one)."""
    return playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS, **options)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
