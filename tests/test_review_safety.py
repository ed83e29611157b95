"""Review app safety: escaping, session token, no path traversal, loopback only by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from digitizer.cli import app as cli_app
from digitizer.review.demo import build_demo
from digitizer.review.server import ReviewConfig, create_app, is_loopback

TOKEN = "s3cret-token"
SCRIPT = "<script>window.__xss=1</script>"


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    build_demo(tmp_path / "out", documents=1, hostile=True)
    (tmp_path / "secret.txt").write_text("do not serve", encoding="utf-8")
    return tmp_path / "out"


@pytest.fixture()
def client(out_dir: Path):
    config = ReviewConfig(out_dir=out_dir, reviewer=f"<b>{SCRIPT}</b>", token=TOKEN,
                          prerender=False)
    with TestClient(create_app(config)) as test_client:
        yield test_client


def _hostile_key(client: TestClient) -> str:
    items = client.get("/api/queue").json()["items"]
    return next(i["key"] for i in items if i["original"] == SCRIPT)


def test_markup_in_ocr_text_is_never_served_as_html(client: TestClient) -> None:
    page = client.get("/")
    assert SCRIPT not in page.text  # the reviewer name is escaped inside the JSON config
    assert "\\u003cscript\\u003e" in page.text
    item = client.get("/api/item/" + _hostile_key(client).replace(":", "/"))
    assert item.headers["content-type"] == "application/json"
    assert item.json()["original"] == SCRIPT  # data stays data; the JS renders it as text
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("headers", [{}, {"X-Review-Token": "wrong"}])
def test_state_changes_need_the_session_token(client: TestClient, headers: dict[str, str]) -> None:
    key = _hostile_key(client)
    for path, body in (
        ("/api/decide", {"key": key, "action": "accept"}),
        ("/api/undo", {}),
        ("/api/group", {"original": "a", "suggestion": "b", "action": "accept"}),
    ):
        assert client.post(path, json=body, headers=headers).status_code == 403
    assert client.get("/api/queue").json()["counts"]["accepted"] == 0


def test_token_as_a_form_field_and_no_state_change_by_get(client: TestClient) -> None:
    key = _hostile_key(client)
    assert client.get("/api/decide", params={"key": key, "action": "accept"}).status_code == 405
    form = client.post("/api/decide", data={"token": "wrong", "key": key, "action": "accept"})
    assert form.status_code == 403
    form = client.post("/api/undo", data={"token": TOKEN})
    assert form.status_code in (409, 422)  # past the token check: nothing to undo / body invalid


@pytest.mark.parametrize("path", [
    "/crop/1/..%2F..%2Fsecret.txt.png",
    "/crop/1/../../secret.txt.png",
    "/crop/..%2F..%2Fsecret/x.png",
    "/crop/1/%2Fetc%2Fpasswd.png",
    "/static/../review.sqlite",
    "/static/..%2Freview.sqlite",
    "/static/%2e%2e/%2e%2e/secret.txt",
    "/api/item/1/..%2F..%2Fsecret.txt",
])
def test_no_path_reaches_files_outside_the_store(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert b"do not serve" not in response.content
    assert b"SQLite format" not in response.content


def test_foreign_host_header_is_refused_on_loopback(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example:8000"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_non_loopback_needs_allow_remote(out_dir: Path) -> None:
    result = CliRunner().invoke(cli_app, ["review", str(out_dir), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--allow-remote" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
