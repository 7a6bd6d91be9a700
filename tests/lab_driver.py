"""Drive a real JupyterLab (a subprocess of this venv) in headless chromium: open a notebook, run every cell, and
report what a reader of the live notebook would see.  A helper for tests, not a test itself.

Nothing is saved: autosave is off, checkpoints go to a temp dir, and the page's writes to /api/contents are blocked
(the file on disk is never compared or rewritten here: others may be editing it while the notebook runs).
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts import paths
from scripts.pdf import browser as chromium

PANEL = ".jp-NotebookPanel"
# stderr outputs that carry a traceback or an error, and error outputs; the plotly charts with a non-zero box
ERRORS_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output')].filter(e => {
  const m = e.dataset.mimeType, t = e.innerText;
  return m === 'application/vnd.jupyter.error' ||
         (m === 'application/vnd.jupyter.stderr' && (t.includes('Traceback') || t.includes('Error'))); })
  .map(e => e.innerText)"""
CHARTS_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel .js-plotly-plot')].filter(e => {
  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length"""

# the notebook panel's state, read from the exposed app (JupyterLab 4): kernel status and the code cells' counts
STATE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return null;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const code = w.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  return {ready: w.sessionContext.isReady, status: k ? k.status : 'none',
          pending: code.filter(c => c.model.executionCount == null).length,
          busy: [...document.querySelectorAll('.jp-NotebookPanel .jp-InputPrompt')]
                .filter(p => p.textContent.includes('*')).length};
}"""


@dataclass
class LabResult:
    text: str
    charts: int
    errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, limit: float = 60) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"jupyter lab exited with code {proc.returncode} before answering {url}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.5)
    raise AssertionError(f"jupyter lab did not answer {url} within {limit:.0f} s")


def _fail(page, shot: Path, message: str) -> AssertionError:
    with contextlib.suppress(Exception):
        page.screenshot(path=str(shot), full_page=True)
    return AssertionError(f"JupyterLab: {message}; screenshot {shot}")


def _poll(page, test, limit: float, what: str, shot: Path, writes: list[str]) -> None:
    end = time.monotonic() + limit
    state = None
    while time.monotonic() < end:
        for button in page.query_selector_all(".jp-Dialog .jp-Dialog-button.jp-mod-accept"):  # "Select Kernel"
            button.click()
        state = page.evaluate(STATE_JS)
        if state and test(state):
            return
        time.sleep(1)
    raise _fail(page, shot, f"{what} not reached within {limit:.0f} s (last state {state}, blocked writes {writes})")


def run_notebook_in_lab(notebook: Path, timeout_s: float = 300) -> LabResult:
    notebook = Path(notebook).resolve()
    rel = notebook.relative_to(paths.ROOT).as_posix()
    tmp = Path(tempfile.mkdtemp(prefix="lab-driver-"))
    settings = tmp / "settings"
    for plugin, value in {"notebook-extension/tracker": {"windowingMode": "none"},
                          "docmanager-extension/plugin": {"autosave": False},
                          "apputils-extension/notification": {"fetchNews": "false"}}.items():
        f = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value))
    for d in ("runtime", "workspaces", "checkpoints"):  # nothing persists, nothing is written beside the notebook
        (tmp / d).mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={paths.ROOT}", "--ServerApp.open_browser=False",
           "--LabApp.expose_app_in_browser=True", "--allow-root", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
           f"--FileCheckpoints.root_dir={tmp / 'checkpoints'}"]
    shot = tmp / "notebook.png"
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen(cmd, env=env, cwd=str(paths.ROOT), stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc)
        with sync_playwright() as p:
            b = chromium.launch(p)
            try:
                page = b.new_page(viewport={"width": 1280, "height": 1000})
                writes: list[str] = []
                page.route("**/api/contents/**", lambda route: route.continue_() if _harmless(route.request)
                           else (writes.append(f"{route.request.method} {route.request.url}"), route.abort()))
                page.goto(f"{base}/lab/tree/{rel}?token={token}")
                try:
                    page.wait_for_selector(PANEL, timeout=60_000)
                except Exception as exc:
                    raise _fail(page, shot, f"never showed {rel}: {exc}") from exc
                _poll(page, lambda s: s["ready"] and s["status"] == "idle", 120, "an idle kernel", shot, writes)
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                time.sleep(2)
                # done when the kernel is idle, no [*] prompt is left and every non-empty code cell has a count;
                # run-all stops at a failing cell, so an error output also ends the wait
                _poll(page, lambda s: s["status"] == "idle" and not s["busy"] and
                      (not s["pending"] or page.evaluate(ERRORS_JS)), timeout_s, "all cells executed", shot, writes)
                time.sleep(2)  # plotly draws after the outputs arrive
                text = page.inner_text(PANEL)
                charts, errors = page.evaluate(CHARTS_JS), page.evaluate(ERRORS_JS)
                page.screenshot(path=str(shot), full_page=True)
                if writes:
                    raise _fail(page, shot, f"tried to write (blocked): {writes}")
            finally:
                b.close()
    finally:
        _stop(proc, base=f"http://127.0.0.1:{port}", token=token)
        log.close()
    return LabResult(text=text, charts=charts, errors=errors, screenshot=shot)


def _harmless(request) -> bool:
    """Reads, and the checkpoint Lab takes on opening a notebook (it lands in the temp checkpoints dir)."""
    return request.method == "GET" or (request.method == "POST" and "/checkpoints" in request.url.split("?")[0])


def _stop(proc: subprocess.Popen, base: str, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then make sure the process is gone."""
    if proc.poll() is None:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST"),
                                   timeout=5).close()
    for stop, wait in ((lambda: None, 20), (proc.terminate, 10), (proc.kill, None)):
        stop()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)
            return
