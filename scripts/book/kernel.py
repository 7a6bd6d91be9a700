"""The chapters' kernel during a book build: ipykernel, with what the kernel process itself prints (its start-up
warning that it talks to the build over local TCP, a traceback logged while it shuts down) written to
`_build/logs/kernels.log` instead of the build's terminal.

A chapter's own output (print, warnings, errors) never goes this way: ipykernel sends it to the notebook, where
`stderr_output: error` in _config.yml fails the build on it.  `scripts.book.build` points the build's kernels here
through a kernel spec of its own (`kernel_spec`); JupyterLab keeps the ordinary kernel.

    python -m scripts.book.kernel -f CONNECTION_FILE      (run by jupyter_client, never by hand)
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

LOG_ENV = "DOSSIER_KERNEL_LOG"


def kernel_spec(folder: Path, log: Path) -> dict[str, str]:
    """Write a `python3` kernel spec into `folder` that starts this module; the environment that makes the build use
    it (JUPYTER_PATH first, so it is found before the installed one) and sends its log to `log`."""
    spec_dir = folder / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "scripts.book.kernel", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)", "language": "python", "metadata": {"debugger": True}}
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    paths = [str(folder), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {"JUPYTER_PATH": os.pathsep.join(paths), LOG_ENV: str(log)}


def main() -> None:
    log = os.environ.get(LOG_ENV)
    if log:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)  # the process's own stderr: what it logs outside the cells
        os.close(fd)
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
