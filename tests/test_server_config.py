"""Server settings (environment and config file) and the report store, without a server."""
from __future__ import annotations

import os

import pytest

from xl_addin.errors import InputError
from xl_addin.server import settings as S
from xl_addin.server.store import ID_RE, ReportStore


def test_defaults():
    s = S.load({})
    assert (s.token, s.retention_minutes, s.max_upload_mb, s.host, s.port) == (None, 120, 20, "127.0.0.1", 8000)
    assert s.workers == len(os.sched_getaffinity(0))          # one worker per core the server may use
    assert s.store_dir.name == "nianbao-reports"
    assert s.max_upload_bytes == 20 * 1024 * 1024


def test_the_config_file_fills_in_what_the_environment_does_not_set(tmp_path):
    f = tmp_path / "server.env"
    f.write_text("# 县政务公开年报服务\nNIANBAO_TOKEN='from-the-file-123'\nexport NIANBAO_PORT=8443\n"
                 "NIANBAO_RETENTION_MINUTES = 60\nXLWINGS_HOSTNAME=nianbao.example.gov.cn\n", encoding="utf-8")
    env = {"NIANBAO_PORT": "9000"}
    S.apply_config_file(f, env)
    s = S.load(env)
    assert (s.token, s.port, s.retention_minutes) == ("from-the-file-123", 9000, 60)
    assert env["XLWINGS_HOSTNAME"] == "nianbao.example.gov.cn"


@pytest.mark.parametrize("text, message", [
    ("NIANBAO_TOKEN\n", "server.env：第1行应为“名称=值”的形式"),
    ("PATH=/tmp\n", "server.env：第1行的“PATH”不是可用的配置项（应以 NIANBAO_ 或 XLWINGS_ 开头）"),
    ("\nNIANBAO_TOKN=abc\n", "server.env：第2行的“NIANBAO_TOKN”不是可用的配置项"),
])
def test_a_bad_config_file_is_explained(tmp_path, text, message):
    f = tmp_path / "server.env"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        S.read_config_file(f)
    assert e.value.message == str(tmp_path / message)


@pytest.mark.parametrize("env, message", [
    ({"NIANBAO_PORT": "八千"}, "配置项 NIANBAO_PORT 应为整数，实际为“八千”"),
    ({"NIANBAO_MAX_UPLOAD_MB": "0"}, "配置项 NIANBAO_MAX_UPLOAD_MB 应大于0，实际为“0”"),
    ({"NIANBAO_TOKEN": "短"}, "配置项 NIANBAO_TOKEN 应为至少8个字符的英文字母、数字或符号（不能有汉字和空格）"),
    ({"NIANBAO_SSL_CERTFILE": "/etc/cert.pem"}, "配置项 NIANBAO_SSL_CERTFILE 和 NIANBAO_SSL_KEYFILE 须同时设置"),
])
def test_bad_values_are_explained(env, message):
    with pytest.raises(InputError) as e:
        S.load(env)
    assert e.value.message == message


def test_a_missing_config_file_is_explained(tmp_path):
    with pytest.raises(InputError) as e:
        S.read_config_file(tmp_path / "无.env")
    assert e.value.message == f"{tmp_path / '无.env'}：找不到配置文件"


# ---------------------------------------------------------------- the store

class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def _stored(store: ReportStore) -> str:
    entry = store.create()
    entry.add("docx", "报告/../名.docx").write_bytes(b"PK docx")
    return entry.commit()


def test_entries_have_random_ids_and_safe_download_names(tmp_path):
    store = ReportStore(tmp_path / "store", 60)
    ids = {_stored(store) for _ in range(20)}
    assert len(ids) == 20 and all(ID_RE.fullmatch(i) for i in ids)
    got = store.get(ids.pop(), "docx")
    assert got.download_name == "报告_.._名.docx"
    assert got.path.read_bytes() == b"PK docx"


def test_entries_expire_and_are_purged(tmp_path):
    clock = Clock()
    store = ReportStore(tmp_path / "store", 60, clock)
    old = _stored(store)
    clock.now += 30
    young = _stored(store)
    clock.now += 31
    assert store.get(old, "docx") is None and not (store.root / old).exists()
    assert store.get(young, "docx") is not None
    clock.now += 60
    assert store.purge() == 1 and list(store.root.iterdir()) == []


@pytest.mark.parametrize("entry_id, kind", [
    ("..", "docx"), ("../" + "A" * 29, "docx"), ("A" * 31, "docx"), ("{id}", "meta"), ("{id}", "../meta.json"),
    ("{id}", "html"), ("{id}/..", "docx"), ("/etc", "passwd"),
])
def test_only_stored_files_of_known_kinds_are_found(tmp_path, entry_id, kind):
    store = ReportStore(tmp_path / "store", 60)
    real = _stored(store)
    assert store.get(entry_id.format(id=real), kind) is None


def test_a_link_pointing_outside_the_store_is_not_followed(tmp_path):
    store = ReportStore(tmp_path / "store", 60)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "report.docx").write_bytes(b"secret")
    (outside / "meta.json").write_text('{"created": 1e12, "names": {"docx": "x.docx"}}', encoding="utf-8")
    store.root.mkdir()
    (store.root / ("B" * 32)).symlink_to(outside, target_is_directory=True)
    assert store.get("B" * 32, "docx") is None


def test_workers_can_still_be_set():
    assert S.load({"NIANBAO_WORKERS": "3"}).workers == 3
