"""No file outside the server's own folders can be read: raw request paths sent as bytes on a socket
(never normalised by an HTTP client) to a real ``nianbao serve``, on every route, and the
containment of every static mount, symbolic links included."""
from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from tests.support.server_support import ServerProcess, app
from xl_addin.server import PROJECT_DIR
from xl_addin.server.paths import NOT_FOUND, contained_lookup, unsafe_path

TOKEN = "county-IT-secret-token-42"
SECRET = "机密文件内容-do-not-serve"
UP = "../" * 24                                     # far enough to reach / from any folder

# One path under every route and mount of the app (``test_every_route_is_attacked`` keeps it complete).
ROUTES = ["/", "/healthz/", "/api/info/", "/api/check/", "/files/0123456789abcdef0123456789abcdef/",
          "/files/", "/web/", "/static/", "/static/js/", "/static/images/icons/", "/wps/", "/wps/js/",
          "/manifest/", "/taskpane.html/", "/xlwings/alert/", "/xlwings/custom-scripts-call/",
          "/xlwings/custom-scripts-call/validate/", "/xlwings/custom-functions-call/", "/xlwings/", "/nonexistent/"]


def attacks(targets: list[str]) -> list[bytes]:
    """Raw path suffixes that climb out of a folder to each absolute ``target``, every way we know."""
    out: list[bytes] = []
    for t in targets:
        rel = t.lstrip("/")
        out += [
            (UP + rel).encode(),                                              # plain ../ (curl --path-as-is)
            (UP + rel).replace("/", "%2f").encode(),                          # ..%2f
            (UP + rel).replace("/", "%2F").encode(),
            (UP + rel).replace("..", "%2e%2e").encode(),                      # %2e%2e/
            (UP + rel).replace("..", "%2E%2E").replace("/", "%2F").encode(),  # all encoded
            (UP + rel).replace("..", ".%2e").encode(),
            (UP + rel).replace("/", "\\").encode(),                           # ..\ raw
            (UP + rel).replace("/", "%5c").encode(),                          # ..%5c
            ("/" + rel).encode(),                                             # absolute: //etc/passwd
            ("%2f" + rel.replace("/", "%2f")).encode(),                       # %2fetc%2fpasswd
            (UP.replace("../", "..%00/") + rel).encode(),                     # NUL
            (UP.replace("../", ".. /") + rel).replace(" ", "%20").encode(),   # ".. " (Windows drops the space)
            (UP + rel).replace("..", "%252e%252e").encode(),                  # double-encoded
        ]
    out += [b"C:%5cWindows%5cwin.ini", b"C:/Windows/win.ini", b"c:%2fWindows%2fwin.ini", b"%5c%5cserver%5cshare"]
    return out


def raw_get(port: int, path: bytes, method: bytes = b"GET", headers: bytes = b"") -> tuple[int, bytes]:
    """Send the request line exactly as given; (status, whole answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(method + b" " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + b"\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A server deployed as docs/server.md says (a config file with the token), secrets beside it,
    and a static folder (a copy of ours) holding symbolic links that point out of it."""
    base = tmp_path_factory.mktemp("deploy")
    config = base / "etc" / "server.env"
    config.parent.mkdir()
    config.write_text(f"NIANBAO_TOKEN={TOKEN}\n", encoding="utf-8")
    secret = base / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    project = base / "project"
    shutil.copytree(PROJECT_DIR, project)
    (project / "static" / "js" / "leak.js").symlink_to(secret)
    (project / "static" / "outside").symlink_to(base / "etc", target_is_directory=True)
    store = base / "store"
    store.mkdir()
    (store / "loot.txt").write_text(SECRET, encoding="utf-8")
    server = ServerProcess(env={"NIANBAO_CONFIG": str(config), "XLWINGS_PROJECT_DIR": str(project)}, store=store)
    try:
        yield server, [str(config), str(secret), str(store / "loot.txt"), "/etc/passwd"]
    finally:
        server.stop()


def _leaks(answer: bytes) -> bool:
    return any(s in answer for s in (SECRET.encode(), TOKEN.encode(), b"root:x:0:0"))


@pytest.mark.slow       # a real nianbao serve process on loopback
def test_raw_paths_out_of_any_route_answer_404(deployment):
    server, targets = deployment
    failures = []
    for route in ROUTES:
        for attack in attacks(targets):
            for method in (b"GET", b"HEAD", b"POST"):
                status, answer = raw_get(server.port, route.encode() + attack, method,
                                         b"Authorization: " + TOKEN.encode() + b"\r\nContent-Length: 0\r\n")
                if status != 404 or _leaks(answer):
                    failures.append((method, route, attack, status))
    assert failures == []


@pytest.mark.slow
def test_the_guard_answers_in_chinese_and_real_files_still_load(deployment):
    server, _ = deployment
    status, answer = raw_get(server.port, b"/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd")
    assert status == 404 and NOT_FOUND.encode() in answer
    for ok in (b"/static/js/gwnb-core.js", b"/static/images/icons/nianbao-32.png", b"/web/app.js", b"/wps/index.html",
               b"/", b"/healthz", b"/manifest"):
        assert raw_get(server.port, ok)[0] == 200, ok


@pytest.mark.slow
def test_symbolic_links_out_of_a_static_folder_are_not_followed(deployment):
    server, _ = deployment
    for path in (b"/static/js/leak.js", b"/static/outside/server.env"):
        status, answer = raw_get(server.port, path)
        assert status == 404 and not _leaks(answer), path


def test_every_route_is_attacked():
    """ROUTES holds a path under each route and mount of the app: a new route is attacked too."""
    app()                             # first: it installs our scripts before xlwings-server is imported
    import xlwings_server.main as xs_main

    prefixes = set()
    for route in xs_main.app.routes:
        path = getattr(route, "path", "")
        prefixes.add(path.split("{")[0].rstrip("/") + "/")
    missing = [p for p in prefixes if not any(r.startswith(p) for r in ROUTES)]
    assert missing == []


@pytest.mark.parametrize("path", ["/static/../x", "/static/..", "/a/./b", "/a/.. /b", "/a/.../b", "/a\\b",
                                  "/a/\x00", "/static/C:/Windows", "/x/c:evil", "/web//etc/passwd"])
def test_paths_that_climb_are_unsafe(path):
    assert unsafe_path(path)


@pytest.mark.parametrize("path", ["/", "/static/js/gwnb-core.js", "/files/abc/docx", "/wps/", "/a..b/c.d.e",
                                  "/xlwings/custom-scripts-call/validate"])
def test_our_own_paths_are_safe(path):
    assert not unsafe_path(path, path.encode())


def test_encoded_separators_in_the_raw_path_are_unsafe():
    for raw in (b"/static/..%2fx", b"/static/a%2Fb", b"/a%5cb", b"/a%00", b"/a/%252e%252e/b"):
        assert unsafe_path("/static/x", raw)


def test_a_mount_lookup_answers_only_files_really_inside(tmp_path):
    """The override xlwings-server's OverridableStaticFiles makes (``user_dir / path``), contained."""
    inside, outside = tmp_path / "static", tmp_path / "secret.txt"
    inside.mkdir()
    (inside / "ok.js").write_text("ok", encoding="utf-8")
    outside.write_text(SECRET, encoding="utf-8")
    (inside / "link.js").symlink_to(outside)

    def naive(path: str):             # what OverridableStaticFiles.lookup_path does with the user folder
        p = inside / path
        return (str(p), os.stat(p)) if p.is_file() else ("", None)

    lookup = contained_lookup(naive, [inside])
    assert naive("../secret.txt")[1] is not None           # the hole, as xlwings-server has it
    assert lookup("ok.js")[1] is not None
    for path in ("../secret.txt", str(outside), "link.js", "..\\secret.txt", "./../secret.txt"):
        assert lookup(path) == ("", None), path
    assert Path(lookup("ok.js")[0]).read_text(encoding="utf-8") == "ok"
