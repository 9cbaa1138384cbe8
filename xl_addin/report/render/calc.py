"""Recalculating workbooks with headless LibreOffice Calc: a real spreadsheet engine as a witness.

LibreOffice does not recalculate an .xlsx on load by default ("never recalculate": it shows the
results saved in the file). Each run here uses a private profile whose registrymodifications.xcu
sets ``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` (and ``ODFRecalcMode``) to 0,
"always recalculate", then saves the workbooks again as .xlsx: every formula cell then carries
the value LibreOffice computed. Several workbooks share one LibreOffice start.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from xl_addin.report.render import RenderError, RenderUnavailable, failed, find_soffice

RECALC_ALWAYS = 0  # Calc's ScRecalcOptions: 0 always, 1 never, 2 ask

REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
</oor:items>
"""

SOFFICE_MISSING = "未找到 LibreOffice，无法用 Calc 重新计算工作簿（请安装 libreoffice-calc）"


def profile(folder: str | os.PathLike, mode: int = RECALC_ALWAYS) -> str:
    """Write a LibreOffice user profile that recalculates on load; return its ``-env:UserInstallation`` URL."""
    user = Path(folder) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY.format(mode=mode), encoding="utf-8")
    return Path(folder).resolve().as_uri()


def recalculate(workbooks: list[str | os.PathLike], out_dir: str | os.PathLike, timeout: float = 180,
                mode: int = RECALC_ALWAYS) -> list[Path]:
    """Open each workbook in LibreOffice Calc, recalculate it, save it as .xlsx in ``out_dir``.

    The inputs are only read. Outputs keep the input file names, so ``out_dir`` must not be the
    folder of an input. Raises RenderUnavailable without LibreOffice, RenderError on failure.
    """
    soffice = find_soffice()
    if soffice is None:
        raise RenderUnavailable(SOFFICE_MISSING)
    srcs = [Path(w).resolve() for w in workbooks]
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if any(s.parent == out for s in srcs):
        raise ValueError("out_dir must differ from the folders of the workbooks")
    targets = [out / (s.stem + ".xlsx") for s in srcs]
    for t in targets:
        if t.exists():
            t.unlink()
    with tempfile.TemporaryDirectory(prefix="nianbao-calc-") as tmp:
        cmd = [soffice, f"-env:UserInstallation={profile(tmp, mode)}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, srcs)]
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(failed("重新计算工作簿失败", cmd, None, timeout)) from exc
    missing = [t.name for t in targets if not t.is_file()]
    if proc.returncode != 0 or missing:
        raise RenderError(failed(f"重新计算工作簿失败：{'、'.join(missing)}" if missing else "重新计算工作簿失败", cmd, proc))
    return targets
