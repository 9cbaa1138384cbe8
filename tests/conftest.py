"""Shared test set-up: the project root on sys.path (``tests.support`` helpers), the markers
``slow``, ``libreoffice`` and ``browser`` (declared in pyproject.toml: ``make test-fast`` runs
``-m "not slow and not libreoffice and not browser"``), and a clean environment for every test."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_debug_tracebacks(monkeypatch):
    """Tests see what a user sees: Chinese messages, never the tracebacks NIANBAO_DEBUG would show."""
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)


def pytest_collection_modifyitems(config, items):
    # A test that needs LibreOffice or a browser is slow whatever its own duration: the tool starts.
    for item in items:
        if item.get_closest_marker("libreoffice") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
