"""The review app's HTTP API (FastAPI TestClient) and the scripted `digitize review` CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from digitizer.cli import app as cli_app
from digitizer.review.crops import CACHE_DIR
from digitizer.review.demo import build_demo
from digitizer.review.server import ReviewConfig, create_app

TOKEN = "test-token"


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    build_demo(tmp_path, documents=2, per_document=6)
    return tmp_path


@pytest.fixture()
def client(out_dir: Path, tmp_path: Path):
    config = ReviewConfig(out_dir=out_dir, reviewer="cli-name", token=TOKEN, prerender=False,
                          lexicon_out=tmp_path / "lexicon.tsv")
    with TestClient(create_app(config)) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: dict[str, object]):
    return client.post(path, json=body, headers={"X-Review-Token": TOKEN})


def test_index_page_carries_token_and_counts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert TOKEN in page.text
    assert '<b id="n-pending">12</b>' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_queue_meta_and_item(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert [d["name"] for d in meta["documents"]] == ["memo01", "memo02"]
    assert "gazetteer" in meta["rules"]
    queue = client.get("/api/queue", params={"status": "pending"}).json()
    assert len(queue["items"]) == 12
    assert queue["counts"]["pending"] == 12
    low = client.get("/api/queue", params={"max": 0.5}).json()["items"]
    assert all(i["confidence"] <= 0.5 for i in low)
    doc, cid = queue["items"][0]["key"].split(":")
    item = client.get(f"/api/item/{doc}/{cid}").json()
    assert item["key"] == f"{doc}:{cid}"
    assert item["original"] in item["context_before"] + item["original"] + item["context_after"]
    assert {"line_before", "line_after", "alternatives", "bbox", "history"} <= set(item)
    assert client.get(f"/api/item/{doc}/nope").status_code == 404


def test_crop_is_rendered_and_cached(client: TestClient, out_dir: Path) -> None:
    key = client.get("/api/queue").json()["items"][0]["key"]
    doc, cid = key.split(":")
    first = client.get(f"/crop/{doc}/{cid}.png")
    assert first.status_code == 200
    assert first.headers["content-type"] == "image/png"
    assert first.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(list((out_dir / CACHE_DIR).glob("*-context.png"))) == 1
    tight = client.get(f"/crop/{doc}/{cid}.png", params={"kind": "tight"})
    assert tight.status_code == 200 and len(tight.content) < len(first.content)


def test_decide_undo_and_history(client: TestClient) -> None:
    items = client.get("/api/queue").json()["items"]
    key = items[0]["key"]
    out = post(client, "/api/decide", {"key": key, "action": "accept"}).json()
    assert out["item"]["status"] == "accepted"
    assert out["decision"]["reviewer"] == "cli-name"
    assert out["counts"]["accepted"] == 1
    out = post(client, "/api/decide",
               {"key": items[1]["key"], "action": "edit", "text": "สงคราม", "reviewer": "ann",
                "learn": True}).json()
    assert out["item"] == {"key": items[1]["key"], "status": "edited", "edit": "สงคราม",
                           "text": "สงคราม"}
    assert out["learned"] is True
    undone = post(client, "/api/undo", {"reviewer": "ann"}).json()
    assert undone["item"]["key"] == items[1]["key"]
    assert undone["item"]["status"] == "flagged"
    assert post(client, "/api/undo", {"reviewer": "ann"}).status_code == 409
    history = client.get("/api/history").json()["decisions"]
    assert [(d["action"], d["reviewer"]) for d in history] == [
        ("undo", "ann"), ("edit", "ann"), ("accept", "cli-name")
    ]
    bad = post(client, "/api/decide", {"key": key, "action": "alternative", "alternative": 9})
    assert bad.status_code == 422


def test_learned_edit_lands_in_the_lexicon(client: TestClient, tmp_path: Path) -> None:
    item = client.get("/api/queue").json()["items"][0]
    post(client, "/api/decide", {"key": item["key"], "action": "edit", "text": "คำใหม่",
                                 "learn": True})
    assert (tmp_path / "lexicon.tsv").read_text(encoding="utf-8") == f"{item['original']}\tคำใหม่\n"


def test_group_accept(client: TestClient) -> None:
    group = client.get("/api/groups").json()["groups"][0]
    members = client.get("/api/group", params={"original": group["original"],
                                               "suggestion": group["suggestion"]}).json()
    assert len(members["items"]) == group["count"]
    out = post(client, "/api/group", {"original": group["original"],
                                      "suggestion": group["suggestion"], "action": "accept"})
    assert out.json()["decided"] == group["pending"]
    statuses = client.get("/api/group", params={"original": group["original"],
                                                "suggestion": group["suggestion"]}).json()
    assert {i["status"] for i in statuses["items"]} == {"accepted"}


def test_cli_list_accept_reject(out_dir: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["review", str(out_dir), "--list"])
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert len(rows) == 12
    key_a, key_b = rows[0][0], rows[1][0]
    done = runner.invoke(cli_app, ["review", str(out_dir), "--accept", key_a, "--reject", key_b,
                                   "--reviewer", "script"])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines() == [f"{key_a}\tflagged -> accepted",
                                        f"{key_b}\tflagged -> rejected"]
    again = runner.invoke(cli_app, ["review", str(out_dir), "--list"])
    statuses = {line.split("\t")[0]: line.split("\t")[1] for line in again.stdout.splitlines()[1:]}
    assert (statuses[key_a], statuses[key_b]) == ("accepted", "rejected")
    unknown = runner.invoke(cli_app, ["review", str(out_dir), "--accept", "1:nope"])
    assert unknown.exit_code == 2


def test_review_command_serves_on_a_free_loopback_port(out_dir: Path) -> None:
    import re
    import subprocess
    import sys
    import time

    import httpx

    proc = subprocess.Popen(
        [sys.executable, "-m", "digitizer.cli", "review", str(out_dir), "--reviewer", "ann"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        assert int(match.group(1)) > 0
        deadline = time.monotonic() + 20
        while True:
            try:
                page = httpx.get(match.group(0), timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the app did not answer"
                time.sleep(0.1)
        assert page.status_code == 200
        assert '"reviewer": "ann"' in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_listening_socket_is_tcp_so_replies_are_not_delayed() -> None:
    import socket

    from digitizer.review.server import bind_socket, url_of

    sock = bind_socket("127.0.0.1", None)
    try:
        # asyncio turns Nagle off only for IPPROTO_TCP sockets (keep-alive replies waited 40 ms)
        assert sock.proto == socket.IPPROTO_TCP
        assert url_of(sock, "127.0.0.1") == f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()
