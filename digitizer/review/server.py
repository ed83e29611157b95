"""The review web app (FastAPI): queue, item, groups and audit pages over OUT_DIR/review.sqlite.

Safety: every page is a Jinja2 template with autoescape and the data is drawn by plain JS with
textContent; state changes only by POST carrying the per-session token (X-Review-Token header or
a "token" form field); crops are addressed by correction id, never by path; on loopback only
local Host headers are answered (no DNS rebinding).
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import threading
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from digitizer import __version__
from digitizer.export import read_record
from digitizer.review.crops import CropCache, CropError, CropKind, PageRef
from digitizer.review.decisions import Decisions
from digitizer.review.items import ItemKey, ReviewError, text_at
from digitizer.review.learn import append_lexicon
from digitizer.review.records import open_store, resolve
from digitizer.store import ReviewStore

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self';"
        " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass
class ReviewConfig:
    """How one review session runs."""

    out_dir: Path
    reviewer: str = ""
    lexicon_out: Path | None = None
    allow_remote: bool = False
    prerender: bool = True
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))


class DecideBody(BaseModel):
    """A decision posted by the item page."""

    key: str = Field(max_length=300)
    action: Literal["accept", "reject", "edit", "alternative"]
    text: str | None = Field(default=None, max_length=500)
    alternative: int | None = None
    reviewer: str = Field(default="", max_length=100)
    learn: bool = False


class UndoBody(BaseModel):
    """An undo: of one item, or (key None) of this reviewer's latest decision."""

    key: str | None = Field(default=None, max_length=300)
    reviewer: str = Field(default="", max_length=100)


class GroupBody(BaseModel):
    """Accept or reject every pending original -> suggestion at once."""

    original: str = Field(max_length=500)
    suggestion: str = Field(max_length=500)
    action: Literal["accept", "reject"]
    reviewer: str = Field(default="", max_length=100)


class ReviewService:
    """The store, decisions and crop cache behind the app; shared by its request threads."""

    def __init__(self, config: ReviewConfig) -> None:
        self.config = config
        self.store: ReviewStore = open_store(config.out_dir)
        self.decisions = Decisions(self.store)
        self.crops = CropCache(config.out_dir)
        self._geometry: dict[int, dict[int, tuple[int, float]]] = {}
        self._lock = threading.Lock()

    def reviewer(self, posted: str) -> str:
        """The reviewer named on the page, else the one given on the command line."""
        return (posted or "").strip() or self.config.reviewer or "anonymous"

    def _page_geometry(self, document_id: int, record_path: str) -> dict[int, tuple[int, float]]:
        with self._lock:
            if document_id not in self._geometry:
                geometry: dict[int, tuple[int, float]] = {}
                try:
                    record = read_record(resolve(self.config.out_dir, record_path))
                    geometry = {p.number: (p.rotation, p.skew_degrees) for p in record.pages}
                except (OSError, ValueError) as exc:
                    log.warning("record %s unreadable for crops: %s", record_path, exc)
                self._geometry[document_id] = geometry
            return self._geometry[document_id]

    def crop(self, key: ItemKey, kind: CropKind) -> Path:
        """The cached crop file of one correction (raises ReviewError / CropError)."""
        row = self.decisions.row(key)
        pages = [p for p in self.store.pages(key.document_id) if p.number == row["page"]]
        if not pages or row["bbox_json"] is None:
            raise CropError("no box for this correction")
        page = pages[0]
        rotation, skew = self._page_geometry(key.document_id, row["record_path"]).get(
            page.number, (0, 0.0)
        )
        ref = PageRef(
            source_path=str(resolve(self.config.out_dir, row["source_path"])),
            format=row["format"], sha256=row["sha256"], page=page.number, dpi=page.dpi,
            width=page.width, height=page.height, rotation=rotation, skew_degrees=skew,
        )
        return self.crops.crop(ref, json.loads(row["bbox_json"]), kind)

    def prerender(self) -> None:
        """Render the crops of the pending queue (and group strips) ahead of the reviewer."""
        keys = [ItemKey.parse(item["key"]) for item in self.decisions.queue(status="pending")]
        grouped = {(g["original"], g["suggestion"]) for g in self.decisions.groups()}
        for key in keys:
            try:
                self.crop(key, "context")
                row = self.decisions.row(key)
                if (row["original"], row["suggestion"]) in grouped:
                    self.crop(key, "tight")
            except (CropError, ReviewError) as exc:
                log.debug("no crop for %s: %s", key, exc)
        log.info("pre-rendered crops for %d items", len(keys))


def _templates() -> Jinja2Templates:
    folder = resources.files("digitizer.review").joinpath("templates")
    return Jinja2Templates(directory=str(folder))


def create_app(config: ReviewConfig) -> FastAPI:
    """The FastAPI app of one review session."""
    service = ReviewService(config)
    templates = _templates()
    app = FastAPI(title="digitizer review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service
    static = resources.files("digitizer.review").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].lower()
        if not config.allow_remote and host not in LOOPBACK_HOSTS:
            return JSONResponse({"error": "unexpected Host header"}, status_code=400)
        response: Response = await call_next(request)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def require_token(request: Request) -> None:
        sent = request.headers.get("x-review-token")
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            sent = str((await request.form()).get("token") or "")
        if not sent or not secrets.compare_digest(sent, config.token):
            raise HTTPException(status_code=403, detail="missing or wrong session token")

    def key_of(text: str) -> ItemKey:
        try:
            key = ItemKey.parse(text)
            service.decisions.row(key)
        except ReviewError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        return key

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> Response:
        page_config = {
            "token": config.token,
            "reviewer": config.reviewer,
            "lexicon": config.lexicon_out is not None,
            "version": __version__,
        }
        return templates.TemplateResponse(
            request, "app.html", {"config": page_config, "counts": service.decisions.counts()}
        )

    @app.get("/api/meta")
    def meta() -> dict[str, Any]:
        d = service.decisions
        return {"documents": d.documents(), "rules": d.rules(), "counts": d.counts()}

    @app.get("/api/queue")
    def queue(
        doc: int | None = None,
        rule: str | None = None,
        min_confidence: Annotated[float | None, Query(alias="min")] = None,
        max_confidence: Annotated[float | None, Query(alias="max")] = None,
        status: Literal["pending", "accepted", "rejected", "edited", "decided", "all"] = "all",
        sort: Literal["confidence", "document"] = "confidence",
    ) -> dict[str, Any]:
        items = service.decisions.queue(
            document_id=doc, rule=rule or None, min_confidence=min_confidence,
            max_confidence=max_confidence,
            status=status, sort=sort,
        )
        return {"items": items, "counts": service.decisions.counts()}

    @app.get("/api/item/{doc}/{cid}")
    def item(doc: int, cid: str) -> dict[str, Any]:
        return service.decisions.item(key_of(f"{doc}:{cid}"))

    @app.get("/crop/{doc}/{cid}.png")
    def crop(doc: int, cid: str, kind: Literal["context", "tight"] = "context") -> Response:
        key = key_of(f"{doc}:{cid}")
        try:
            path = service.crop(key, kind)
        except CropError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        return FileResponse(path, media_type="image/png",
                            headers={"Cache-Control": "private, max-age=86400"})

    @app.get("/api/groups")
    def groups() -> dict[str, Any]:
        return {"groups": service.decisions.groups()}

    @app.get("/api/group")
    def group(original: str, suggestion: str) -> dict[str, Any]:
        items = service.decisions.queue(original=original, suggestion=suggestion, sort="document")
        return {"original": original, "suggestion": suggestion, "items": items}

    @app.get("/api/history")
    def history(limit: int = 200) -> dict[str, Any]:
        return {"decisions": [asdict(d) for d in service.decisions.history(limit=limit)]}

    def outcome(key: ItemKey, decision: Any, learned: bool = False) -> dict[str, Any]:
        row = service.decisions.row(key)
        return {
            "decision": asdict(decision),
            "item": {
                "key": str(key), "status": row["status"], "edit": row["edit"],
                "text": text_at(row["status"], row["original"], row["suggestion"], row["edit"]),
            },
            "counts": service.decisions.counts(),
            "learned": learned,
        }

    @app.post("/api/decide", dependencies=[Depends(require_token)])
    def decide(body: DecideBody) -> dict[str, Any]:
        key = key_of(body.key)
        try:
            decision = service.decisions.decide(
                key, body.action, reviewer=service.reviewer(body.reviewer), text=body.text,
                alternative=body.alternative,
            )
        except ReviewError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        learned = False
        if body.learn and config.lexicon_out is not None and decision.after_status == "edited":
            learned = append_lexicon(config.lexicon_out, decision.original, decision.after_text)
        return outcome(key, decision, learned)

    @app.post("/api/undo", dependencies=[Depends(require_token)])
    def undo(body: UndoBody) -> dict[str, Any]:
        key = key_of(body.key) if body.key else None
        try:
            decision = service.decisions.undo(key, reviewer=service.reviewer(body.reviewer))
        except ReviewError as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from exc
        return outcome(ItemKey.parse(decision.key), decision)

    @app.post("/api/group", dependencies=[Depends(require_token)])
    def decide_group(body: GroupBody) -> dict[str, Any]:
        try:
            decisions = service.decisions.decide_group(
                body.original, body.suggestion, body.action,
                reviewer=service.reviewer(body.reviewer),
            )
        except ReviewError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        return {"decided": len(decisions), "counts": service.decisions.counts()}

    return app


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    return host in ("localhost", "::1") or host.startswith("127.")


def bind_socket(host: str, port: int | None) -> socket.socket:
    """A listening socket on host:port (a free port when port is None or 0)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when proto is
    # TCP; with proto 0 every keep-alive request waited ~40 ms on Nagle + delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port or 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    """The URL a browser opens for a bound socket."""
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(config: ReviewConfig, sock: socket.socket) -> None:
    """Run the app on an already bound socket until interrupted."""
    import uvicorn

    app = create_app(config)
    if config.prerender:
        threading.Thread(target=app.state.service.prerender, name="crops", daemon=True).start()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])


class BackgroundServer:
    """The app served from a thread on a free loopback port (tests, benchmark, screenshots)."""

    def __init__(self, config: ReviewConfig, host: str = "127.0.0.1") -> None:
        import uvicorn

        self.config = config
        self.app = create_app(config)
        self.sock = bind_socket(host, 0)
        self.url = url_of(self.sock, host)
        self._server = uvicorn.Server(
            uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        )
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> BackgroundServer:
        if self.config.prerender:
            self.app.state.service.prerender()
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            threading.Event().wait(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.sock.close()
        self.app.state.service.store.close()
