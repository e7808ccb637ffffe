"""What the browser tests share: the Streamlit app started over an index, Debian chromium driven by
playwright, and the wait for a script run to end (a module, not a conftest, so test files can
import it: two conftest.py files share one module name)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"  # Debian's (`make chromium`); never `playwright install`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium under playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def settle(page) -> None:
    """Wait until the app's script run is over (the page no longer changes under the test)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def run_streamlit(index_dir: Path, log_path: Path):
    """Start the app on a free port over `index_dir`, wait for its health check, yield its URL, stop it."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    log_path.parent.mkdir(parents=True, exist_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, ISEARCH_INDEX=str(index_dir), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:  # until the server answers its health check (or dies)
            assert process.poll() is None, log_path.read_text()
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
