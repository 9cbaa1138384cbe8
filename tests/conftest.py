"""Shared test set-up: the project root on sys.path (``tests.support`` helpers), the markers
``slow``, ``libreoffice`` and ``browser`` (declared in pyproject.toml: ``make test-fast`` runs
``-m "not slow and not libreoffice and not browser"``), a clean environment for every test, and the
county roll-up of tests/support/county.py built once per run (``county``)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BUILDER = pytest.StashKey[subprocess.Popen]()


@pytest.fixture(autouse=True)
def _no_debug_tracebacks(monkeypatch):
    """Tests see what a user sees: Chinese messages, never the tracebacks NIANBAO_DEBUG would show."""
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)


def pytest_collection_modifyitems(config, items):
    # A test that needs LibreOffice or a browser is slow whatever its own duration: the tool starts.
    for item in items:
        if item.get_closest_marker("libreoffice") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


# ---------------------------------------------------------------- the county, built once per run

def _shared(config: pytest.Config) -> Path | None:
    """Under xdist, the folder of this run that every worker shares (their temporary folders'
    parent); None in a plain run."""
    if not hasattr(config, "workerinput"):
        return None
    return Path(config.getoption("basetemp")).parent / "county-build"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under xdist, the first worker to find a test that needs the county starts building it in
    the background, so that no worker builds it again and none waits long for it."""
    shared = _shared(session.config)
    if shared is None or not any("county" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    try:
        shared.mkdir()
    except FileExistsError:
        return                                      # another worker is building it
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_DEBUG"}
    with open(shared / "build.log", "wb") as log:
        session.config.stash[BUILDER] = subprocess.Popen(
            [sys.executable, "-m", "tests.support.county", str(shared / "county")],
            cwd=session.config.rootpath, env=env, stdout=log, stderr=subprocess.STDOUT)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The worker that started the build waits for it (another worker may be waiting for the
    county while this one has nothing left to run), unless the run was interrupted."""
    builder = session.config.stash.get(BUILDER, None)
    if builder is not None and builder.poll() is None:
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            builder.terminate()                     # it records the failure for anyone waiting
        builder.wait()


@pytest.fixture(scope="session")
def county(request, tmp_path_factory):
    """The county (tests/support/county.py): read only. Under xdist, what the background build of
    this run wrote; in a plain run, built here."""
    from tests.support import county as C

    shared = _shared(request.config)
    if shared is not None:
        return C.wait_for(shared / "county")
    return C.build(tmp_path_factory.mktemp("county"))
