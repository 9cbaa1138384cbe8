"""Server settings: ``NIANBAO_*`` variables from the environment or one config file.

Owns: every knob of ``nianbao serve`` (token, report store and retention, upload limit, public
URL, HTTPS files, the connection limits and timeouts), their defaults and the Chinese messages for bad values. The config file is a
plain ``KEY=VALUE`` file (``#`` comments) named by ``--config`` or ``NIANBAO_CONFIG``; a variable
set in the environment wins over the file. ``XLWINGS_*`` lines in the file are passed through to
xlwings-server. Pure Python: importing this module imports neither xlwings nor FastAPI.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from xl_addin.errors import InputError

PREFIX = "NIANBAO_"

# name -> (default, what it means); the documentation in docs/server.md lists the same keys.
VARIABLES: dict[str, tuple[str, str]] = {
    "NIANBAO_TOKEN": ("", "共享访问口令；设置后，校验和生成报告的请求必须带上它（Authorization 请求头）"),
    "NIANBAO_STORE_DIR": ("", "生成的报告和标注工作簿的存放目录；默认为系统临时目录下的 nianbao-reports"),
    "NIANBAO_RETENTION_MINUTES": ("120", "下载链接的有效期（分钟），过期的文件会被删除"),
    "NIANBAO_MAX_UPLOAD_MB": ("20", "网页上传和按钮请求的大小上限（MB）"),
    "NIANBAO_BASE_URL": ("", "对外的网址（如 https://nianbao.example.gov.cn），用于生成下载链接；默认取请求的网址"),
    "NIANBAO_HOST": ("127.0.0.1", "监听地址"),
    "NIANBAO_PORT": ("8000", "监听端口"),
    "NIANBAO_SSL_CERTFILE": ("", "HTTPS 证书文件（PEM）；与 NIANBAO_SSL_KEYFILE 一起设置时直接以 HTTPS 提供服务"),
    "NIANBAO_SSL_KEYFILE": ("", "HTTPS 私钥文件（PEM）"),
    "NIANBAO_WORKERS": ("", "工作进程数（默认为本机可用的CPU核数）"),
    "NIANBAO_HEADER_TIMEOUT": ("10", "连接后须在多少秒内发完请求头，否则断开（防止空连接占满服务）"),
    "NIANBAO_BODY_TIMEOUT": ("30", "上传中途停顿超过多少秒即中止（整个上传最长为其10倍）"),
    "NIANBAO_MAX_CONNECTIONS": ("500", "每个工作进程同时处理的连接数上限，超过时答复“服务器正忙”（HTTP 503）"),
}


@dataclass(frozen=True)
class Settings:
    token: str | None
    store_dir: Path
    retention_minutes: float
    max_upload_mb: float
    base_url: str | None
    host: str
    port: int
    ssl_certfile: str | None
    ssl_keyfile: str | None
    workers: int
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 500

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def retention_seconds(self) -> float:
        return self.retention_minutes * 60


def read_config_file(path: str | os.PathLike) -> dict[str, str]:
    """``KEY=VALUE`` lines of a config file; InputError (Chinese) when it cannot be read."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("server.config_missing", p) from None
    except (OSError, UnicodeDecodeError):
        raise InputError("server.config_unreadable", p) from None
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].lstrip()
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise InputError("server.config_line", p, n=n)
        if not (key.startswith(PREFIX) or key.startswith("XLWINGS_")):
            raise InputError("server.config_prefix", p, n=n, key=key)
        if key.startswith(PREFIX) and key not in VARIABLES and key != "NIANBAO_CONFIG":
            raise InputError("server.config_unknown", p, n=n, key=key)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out[key] = value
    return out


def apply_config_file(path: str | os.PathLike | None, environ: dict | None = None) -> None:
    """Copy the file's variables into the environment where they are not set yet (env wins)."""
    environ = os.environ if environ is None else environ
    path = path or environ.get("NIANBAO_CONFIG")
    if not path:
        return
    for key, value in read_config_file(path).items():
        environ.setdefault(key, value)
    environ["NIANBAO_CONFIG"] = str(path)


def _number(env: Mapping[str, str], key: str, kind=float, minimum: float = 0, maximum: float | None = None):
    raw = env.get(key) or VARIABLES[key][0]
    try:
        value = kind(raw)
    except ValueError:
        raise InputError("server.config_number", key=key, kind="整数" if kind is int else "数字", raw=raw) from None
    if value <= minimum:
        raise InputError("server.config_above", key=key, minimum=minimum, raw=raw)
    if maximum is not None and value > maximum:
        raise InputError("server.config_at_most", key=key, maximum=maximum, raw=raw)
    return value


TOKEN_RULE = "至少8个字符的英文字母、数字或符号（不能有汉字和空格）"


def token_valid(token: str) -> bool:
    """Whether the server accepts ``token`` as its NIANBAO_TOKEN (the clients' tokens must match one)."""
    return bool(re.fullmatch(r"[\x21-\x7e]{8,}", token))


def check_client_token(token: str | None) -> None:
    """Refuse a token given to a client (``addin-wps``/``addin-xlsm --token``) that no server accepts:
    that client could never connect."""
    if token is not None and not token_valid(token):
        raise InputError("server.client_token", rule=TOKEN_RULE)


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in force (environment, already merged with the config file)."""
    env = os.environ if environ is None else environ
    store = env.get("NIANBAO_STORE_DIR") or str(Path(tempfile.gettempdir()) / "nianbao-reports")
    cert, key = env.get("NIANBAO_SSL_CERTFILE") or None, env.get("NIANBAO_SSL_KEYFILE") or None
    if bool(cert) != bool(key):
        raise InputError("server.ssl_pair")
    token = env.get("NIANBAO_TOKEN") or None
    if token is not None and not token_valid(token):
        raise InputError("server.token", rule=TOKEN_RULE)
    return Settings(
        token=token,
        store_dir=Path(store),
        retention_minutes=_number(env, "NIANBAO_RETENTION_MINUTES"),
        max_upload_mb=_number(env, "NIANBAO_MAX_UPLOAD_MB"),
        base_url=(env.get("NIANBAO_BASE_URL") or "").rstrip("/") or None,
        host=env.get("NIANBAO_HOST") or VARIABLES["NIANBAO_HOST"][0],
        port=_number(env, "NIANBAO_PORT", int, maximum=65535),
        ssl_certfile=cert,
        ssl_keyfile=key,
        workers=_number({**env, "NIANBAO_WORKERS": env.get("NIANBAO_WORKERS") or str(cores())}, "NIANBAO_WORKERS", int),
        header_timeout=_number(env, "NIANBAO_HEADER_TIMEOUT"),
        body_timeout=_number(env, "NIANBAO_BODY_TIMEOUT"),
        max_connections=_number(env, "NIANBAO_MAX_CONNECTIONS", int),
    )


def cores() -> int:
    """The CPU cores this process may run on: the default number of workers (measured: 2 workers
    on 2 cores serve 1.7 times the validations of one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1
