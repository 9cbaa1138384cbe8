"""The add-ins' versions: the nianbao package's, and the four-part form the Office.js manifest needs.

Pure Python (importlib.metadata only): ``wps_deploy`` names the WPS offline folder after the
package version, ``app`` puts the manifest version into ``project/templates/manifest.xml``.
"""
from __future__ import annotations

import re


def package_version() -> str:
    """The nianbao package's version: the add-ins' too (WPS's offline folder, Office's manifest)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nianbao")
    except PackageNotFoundError:
        return "0.0.0"


def manifest_version(version: str | None = None) -> str:
    """The Office.js manifest's ``<Version>``: the package version's release numbers as n.n.n.n
    (Office's pattern: 1 to 4 parts of at most 5 digits). Office takes a changed manifest only with
    a higher version, so a new release reaches the PCs that cached the old one."""
    m = re.match(r"\d+(?:\.\d+)*", version or package_version())
    parts = (m.group(0).split(".") if m else ["0"])[:4]
    return ".".join(str(min(int(p), 99999)) for p in parts + ["0"] * (4 - len(parts)))
