"""What to do when a test needs a system tool that is not installed: skip on a developer's machine,
fail in CI (``CI=true``) or with ``NIANBAO_REQUIRE_RENDER=1``, so that CI can never pass by skipping."""
from __future__ import annotations

import os

import pytest


def required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("NIANBAO_REQUIRE_RENDER") == "1"


def need(found: object, what: str) -> None:
    """Skip (or fail where it is required) unless ``found``."""
    if found:
        return
    if required():
        pytest.fail(f"{what} is not installed (run scripts/install-system-deps.sh)")
    pytest.skip(f"{what} is not installed")


def need_soffice() -> str:
    from xl_addin.report.render import find_soffice

    path = find_soffice()
    need(path, "LibreOffice (soffice)")
    return path
