"""The `digitize review` command: the local review app, or scripted --list/--accept/--reject."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from digitizer.errors import DigitizerError, ExitCode
from digitizer.review.decisions import Action, Decisions, ItemKey, ReviewError
from digitizer.review.records import open_store

log = logging.getLogger(__name__)


def _fail(message: str, code: ExitCode) -> typer.Exit:
    typer.echo(f"digitize review: {message}", err=True)
    return typer.Exit(int(code))


def _resolve_key(decisions: Decisions, text: str) -> ItemKey:
    """DOC:ID, or a correction id that is unique across the store."""
    if ":" in text:
        return ItemKey.parse(text)
    matches = [
        item for item in decisions.queue(status="all") if item["key"].split(":", 1)[1] == text
    ]
    if len(matches) != 1:
        raise ReviewError(
            f"{text!r} names {len(matches)} corrections; use DOC:ID as printed by --list"
        )
    return ItemKey.parse(matches[0]["key"])


def _scripted(
    out_dir: Path, reviewer: str, list_items: bool, accept: list[str], reject: list[str]
) -> None:
    store = open_store(out_dir)
    try:
        decisions = Decisions(store)
        plan: tuple[tuple[Action, list[str]], ...] = (("accept", accept), ("reject", reject))
        for action, keys in plan:
            for text in keys:
                try:
                    decision = decisions.decide(
                        _resolve_key(decisions, text), action, reviewer=reviewer
                    )
                except ReviewError as exc:
                    raise _fail(str(exc), ExitCode.USAGE) from exc
                typer.echo(f"{decision.key}\t{decision.before_status} -> {decision.after_status}")
        if list_items:
            typer.echo("key\tstatus\tconfidence\trule\tdocument\tpage\toriginal\tsuggestion\tedit")
            for item in decisions.queue(status="all", sort="document"):
                typer.echo("\t".join(str(v) for v in (
                    item["key"], item["status"], f"{item['confidence']:.3f}", item["rule"],
                    item["document"], item["page"], item["original"], item["suggestion"],
                    item["edit"] or "",
                )))
            counts = decisions.counts()
            typer.echo(
                f"# {counts['pending']} pending, {counts['accepted']} accepted,"
                f" {counts['rejected']} rejected, {counts['edited']} edited", err=True,
            )
    finally:
        store.close()


def review(
    out_dir: Annotated[Path, typer.Argument(help="The --out folder of `digitize run`/`batch`.")],
    port: Annotated[int, typer.Option(help="Port to listen on (0: a free port).")] = 0,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow binding a non-loopback address (anyone on the network can"
        " then read the documents).")] = False,
    reviewer: Annotated[str, typer.Option(help="Your name, stored with every decision.")] = "",
    list_items: Annotated[bool, typer.Option(
        "--list", help="Print the review queue (TSV) and exit.")] = False,
    accept: Annotated[list[str] | None, typer.Option(
        help="Accept correction DOC:ID (repeatable), then exit.")] = None,
    reject: Annotated[list[str] | None, typer.Option(
        help="Reject correction DOC:ID (repeatable), then exit.")] = None,
    lexicon_out: Annotated[Path | None, typer.Option(
        help="User lexicon TSV that accepted edits are added to (term<TAB>canonical).")] = None,
) -> None:
    """Review flagged corrections beside the scan in a local web app (or script decisions)."""
    from digitizer.review import server

    reviewer_name = reviewer or "cli"
    try:
        if list_items or accept or reject:
            _scripted(out_dir, reviewer_name, list_items, accept or [], reject or [])
            return
        if not server.is_loopback(host) and not allow_remote:
            raise _fail(
                f"{host} is not a loopback address; add --allow-remote to serve the network",
                ExitCode.USAGE,
            )
        if not server.is_loopback(host):
            typer.echo(
                f"digitize review: WARNING: serving on {host}: anyone who can reach this address"
                " can read the scans (the session token only guards changes)", err=True,
            )
        config = server.ReviewConfig(
            out_dir=out_dir, reviewer=reviewer, lexicon_out=lexicon_out, allow_remote=allow_remote
        )
        try:
            sock = server.bind_socket(host, port)
        except OSError as exc:
            raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                        ExitCode.USAGE) from exc
        typer.echo(f"review app: {server.url_of(sock, host)}  (Ctrl-C to stop)")
        server.serve(config, sock)
    except DigitizerError as exc:
        raise _fail(exc.one_line(), exc.exit_code) from exc


def register(app: typer.Typer) -> None:
    """Add this command to the CLI app."""
    app.command("review")(review)
