"""The server's ``nianbao`` commands: ``serve``, ``addin-manifest``, ``addin-wps``, ``addin-xlsm``, ``addin-vba``.

The parsers import nothing heavy; each command imports uvicorn, FastAPI or xlwings only when it
runs, so ``nianbao --help`` stays fast.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from xl_addin.cli.parsing import counter, port, report_year
from xl_addin.cli.workbook import add_overwrite
from xl_addin.errors import EXIT_OK, InputError


def add_parsers(sub) -> None:
    s = sub.add_parser("serve", help="启动服务：Excel 按钮的后台和在线校验网页")
    s.add_argument("--host", help="监听地址（默认 127.0.0.1，仅本机；对局域网提供服务用 0.0.0.0）")
    s.add_argument("--port", type=port, help="监听端口（1至65535，默认 8000）")
    s.add_argument("--config", metavar="FILE", help="配置文件（NIANBAO_*=值，每行一项），也可用环境变量 NIANBAO_CONFIG 指定")
    s.add_argument("--workers", type=counter("工作进程数"), help="工作进程数（默认为CPU核数）")
    s.add_argument("--ssl-certfile", metavar="PEM", help="HTTPS 证书文件")
    s.add_argument("--ssl-keyfile", metavar="PEM", help="HTTPS 私钥文件")
    s.set_defaults(func=cmd_serve)

    m = sub.add_parser("addin-manifest", help="生成 Excel 加载项清单文件（manifest.xml）")
    m.add_argument("--url", help="服务器的 https 地址，如 https://nianbao.example.gov.cn（默认取 NIANBAO_BASE_URL）")
    m.add_argument("-o", "--output", default="manifest.xml", metavar="FILE", help="输出文件（默认 manifest.xml）")
    m.add_argument("--config", metavar="FILE", help="配置文件")
    m.set_defaults(func=cmd_manifest)
    add_overwrite(m)

    w = sub.add_parser("addin-wps", help="生成 WPS 加载项（WPS 表格的“政务公开年报”选项卡）及其部署文件")
    w.add_argument("--url", required=True, help="年报服务器地址，如 https://nianbao.example.gov.cn")
    w.add_argument("--token", help="访问口令（明文写入离线加载项；默认不写，由乡镇同志点“设置”填写一次）")
    w.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="输出文件夹（须不存在或为空；加 --overwrite 时替换其中同名的文件）")
    w.set_defaults(func=cmd_wps)
    w.add_argument("--overwrite", action="store_true", help="输出文件夹已有文件时替换同名文件（默认拒绝）")

    x = sub.add_parser("addin-xlsm", help="生成带“政务公开年报”选项卡的宏工作簿（.xlsm，供不支持加载项的 Excel 使用）")
    x.add_argument("output", metavar="OUT.xlsm", help="输出的 .xlsm 文件")
    x.add_argument("--url", required=True, help="服务器地址，如 https://nianbao.example.gov.cn")
    x.add_argument("--token", help="访问口令（明文写入隐藏的 xlwings.conf 工作表；默认不写，从各电脑的用户配置读取）")
    x.add_argument("--year", help="报告年度（决定使用哪种年报格式，并预填在基本信息中；默认上一年）")
    x.add_argument("--vba-project", metavar="FILE",
                   help="改用在 Excel 中做好的 vbaProject.bin（或含宏的 .xlsm）；一般不需要，默认在本机生成宏工程")
    x.set_defaults(func=cmd_xlsm)
    add_overwrite(x)

    v = sub.add_parser("addin-vba", help="导出按钮版工作簿中的 VBA 模块源代码（与服务器的 xlwings 版本一致），供查看或审计")
    v.add_argument("directory", metavar="DIR", help="输出文件夹（须不存在或为空；加 --overwrite 时替换其中同名的文件）")
    v.add_argument("--overwrite", action="store_true", help="输出文件夹已有文件时替换同名文件（默认拒绝）")
    v.set_defaults(func=cmd_vba)


def _load_settings(config: str | None):
    from xl_addin.server import settings as S

    S.apply_config_file(config)
    return S.load()


def _port_free(host: str, port: int) -> bool:
    import socket  # only `serve` needs it: kept off the path of every other command

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InputError("cli.bad_host", host=host) from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError:
            return False
    return True


def cmd_serve(args: argparse.Namespace) -> int:
    for key, value in (("NIANBAO_HOST", args.host), ("NIANBAO_PORT", args.port), ("NIANBAO_WORKERS", args.workers),
                       ("NIANBAO_SSL_CERTFILE", args.ssl_certfile), ("NIANBAO_SSL_KEYFILE", args.ssl_keyfile)):
        if value is not None:
            os.environ[key] = str(value)           # worker processes read the same settings
    settings = _load_settings(args.config)
    for f in (settings.ssl_certfile, settings.ssl_keyfile):
        if f and not Path(f).is_file():
            raise InputError("cli.no_cert", f)
    if not _port_free(settings.host, settings.port):
        raise InputError("cli.port_busy", port=settings.port, other=8002 if settings.port == 8001 else 8001)
    from xl_addin.server import configure

    configure()
    import uvicorn

    from xl_addin.server import protocol

    protocol.raise_open_files()

    scheme = "https" if settings.ssl_certfile else "http"
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    print(f"政务公开年报服务已启动：{scheme}://{shown}:{settings.port}/  （按 Ctrl+C 停止）")
    print(f"访问口令：{'已设置' if settings.token else '未设置（任何能访问本机的人都可使用）'}；"
          f"报告存放：{settings.store_dir}，保留 {settings.retention_minutes:g} 分钟；上传上限 {settings.max_upload_mb:g}MB")
    if scheme == "http":
        print("提示：未启用 HTTPS。VBA 按钮和网页可以使用；Office 加载项（Office.js）必须使用 HTTPS，见 docs/server.md。")
    sys.stdout.flush()
    uvicorn.run("xl_addin.server.asgi:app", host=settings.host, port=settings.port, workers=settings.workers,
                ssl_certfile=settings.ssl_certfile, ssl_keyfile=settings.ssl_keyfile,
                log_level="warning", proxy_headers=True, server_header=False, **protocol.options(settings))
    return EXIT_OK


def render_manifest(url: str) -> str:
    """The Office.js manifest as the server serves it at ``/manifest`` for the base URL ``url``."""
    import asyncio
    import logging

    import httpx

    from xl_addin.server import create_app

    logging.disable(logging.INFO)         # xlwings-server configures INFO logging on import
    app = create_app()

    async def fetch() -> str:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=url) as client:
            r = await client.get("/manifest")
            r.raise_for_status()
            return r.text

    return asyncio.run(fetch())


def cmd_manifest(args: argparse.Namespace) -> int:
    settings = _load_settings(args.config)
    if not (args.url or settings.base_url or "").strip():
        raise InputError("cli.need_url")
    url = _server_url(args.url or settings.base_url)
    os.environ["NIANBAO_BASE_URL"] = url
    xml = render_manifest(url)
    from xl_addin.outputs import Output, check_outputs, write_text

    out = Path(args.output)
    check_outputs([Output(out, (".xml",), "加载项清单")], overwrite=args.overwrite)
    write_text(out, xml)
    print(f"已生成加载项清单：{out}")
    if url.startswith("http://"):
        print("注意：Office 加载项只能通过 HTTPS 加载，http:// 地址的清单只能用于测试。")
    return EXIT_OK


def cmd_xlsm(args: argparse.Namespace) -> int:
    from xl_addin.outputs import Output, check_outputs
    from xl_addin.server import xlsm
    from xl_addin.workbook import template

    out = Path(args.output)
    url = _server_url(args.url)
    year = report_year(args.year) or dt.date.today().year - 1
    check_outputs([Output(out, (".xlsm",), "宏工作簿")], overwrite=args.overwrite)
    from xl_addin.model import schema as S

    vba = xlsm.read_vba_project(args.vba_project) if args.vba_project else None
    wb, _ = template.build(S.format_for_year(year), year=year)
    xlsm.build_xlsm(wb, out, url=url, token=args.token, vba_project=vba)
    print(f"已生成宏工作簿：{out}")
    if vba is None:
        names = "、".join(name for name, _, _ in xlsm.vba_modules())
        print(f"宏工程中的模块：{names}")
    if args.token:
        print("注意：访问口令已明文写入工作簿中隐藏的 xlwings.conf 工作表，拿到这个工作簿的人都能看到，"
              "工作簿交回时也随之带回；请只在单位内部分发。")
    return EXIT_OK


def _server_url(url: str | None) -> str:
    url = (url or "").strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+(/\S*)?$", url):
        raise InputError("cli.bad_url", url=url)
    return url


def cmd_wps(args: argparse.Namespace) -> int:
    from xl_addin.server import wps
    from xl_addin.server import wps_deploy as D

    url = _server_url(args.url)
    out = Path(args.output)
    if not out.parent.is_dir():
        raise InputError("output.no_dir", out)
    wps.write(out, url, args.token, overwrite=args.overwrite)
    print(f"已生成 WPS 加载项：{out}（版本 {D.version()}，服务器 {url}）")
    print(f"  单台电脑：用浏览器打开 publish.html（或 {url}{D.ONLINE_PATH}publish.html），点“安装”")
    print(f"  集中管理：在 oem.ini 中加入 oem.ini.txt 的几行，加载项从 {url}{D.ONLINE_PATH} 加载")
    print("  详见该文件夹中的 README.txt")
    if args.token:
        print(f"注意：访问口令已明文写入离线加载项（offline/{D.folder_name()}/js/gwnb-config.js 和 {D.PACKAGE}），"
              "请只在单位内部分发；不写口令时由乡镇同志点“设置”填写一次。")
    if url.startswith("http://"):
        print("注意：未启用 HTTPS，访问口令会明文传输，生产环境请使用 https:// 地址。")
    return EXIT_OK


def cmd_vba(args: argparse.Namespace) -> int:
    from xl_addin.server import xlsm

    files = xlsm.export_vba(args.directory, overwrite=args.overwrite)
    print(f"已导出 {len(files)} 个文件到 {args.directory}：")
    for f in files:
        print(f"  {f.name}")
    return EXIT_OK
