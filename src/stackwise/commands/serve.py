"""``stackwise serve``: run the score service; ``serve token ...`` and ``serve import`` manage it.

Why token and import commands work on the database directly: they are the administrator's
tools on the service's own machine (like ``createuser``), so they need no running server and
no token to bootstrap the first token.
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import sys
from typing import Any

from stackwise.errors import StackwiseError


def _add_database(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    p.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS if suppress else None,
        help="sqlite:///PATH, a file path, or postgresql://USER@HOST:PORT/DB "
        "(default: setting `database`, else SQLite under the user data dir)",
    )


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``serve`` (with ``token create|list|revoke`` and ``import``) to the CLI."""
    serve = subparsers.add_parser("serve", help="run the score service (HTTP) on a knowledge base")
    _add_database(serve, suppress=False)
    serve.add_argument("--host", help="address to listen on (default: setting `host`, else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: setting `port`, else 8080)")
    serve.add_argument("--max-body", type=int, default=10 * 1024 * 1024, metavar="BYTES",
                       help="largest accepted request body (default 10 MiB; larger => 413)")
    serve.add_argument("--max-age", type=int, default=300, metavar="SECONDS",
                       help="Cache-Control max-age of package documents (default 300)")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(run=run_serve, serve_command=None)
    sub = serve.add_subparsers(dest="serve_command", metavar="SUBCOMMAND")

    token = sub.add_parser("token", help="manage write tokens (stored only as SHA-256 hashes)")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = tsub.add_parser("create", help="create a token and print it (shown only once)")
    create.add_argument("--label", default="", help="what the token is for (shown by `token list`)")
    _add_database(create, suppress=True)
    lst = tsub.add_parser("list", help="list tokens (hash prefix, label, creation time)")
    _add_database(lst, suppress=True)
    revoke = tsub.add_parser("revoke", help="delete tokens by the hash prefix `token list` shows")
    revoke.add_argument("hash_prefix", metavar="HASH")
    _add_database(revoke, suppress=True)

    imp = sub.add_parser("import", help="store every rule of a score file (one new revision)")
    imp.add_argument("file", metavar="FILE")
    _add_database(imp, suppress=True)
    return serve


def _open(args: argparse.Namespace, settings: Any) -> Any:
    from stackwise.server.storage import open_storage

    return open_storage(getattr(args, "database", None) or settings.database)


def run_serve(args: argparse.Namespace) -> int:
    from stackwise.config import load_settings

    settings = load_settings()
    command = getattr(args, "serve_command", None)
    if command == "token":
        return _run_token(args, settings)
    if command == "import":
        return _run_import(args, settings)
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise StackwiseError(f"--port must be between 0 and 65535, got {port}.")
    if args.max_body <= 0 or args.max_age < 0:
        raise StackwiseError("--max-body must be positive and --max-age >= 0.")
    from stackwise.server.app import ServiceSettings
    from stackwise.server.runner import serve_forever

    storage = _open(args, settings)
    try:
        revision, count = storage.meta()
        print(f"stackwise: serving {storage.describe()} (revision {revision}, {count} rule(s)) "
              f"on http://{host}:{port}", file=sys.stderr)
        if not _is_loopback(host):
            print("stackwise: note: listening beyond this machine; reads are open to anyone who can "
                  "connect, writes need a token.", file=sys.stderr)
        serve_forever(storage, host, port, ServiceSettings(max_body=args.max_body, max_age=args.max_age),
                      access_log=args.access_log)
    finally:
        storage.close()
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _run_token(args: argparse.Namespace, settings: Any) -> int:
    storage = _open(args, settings)
    try:
        if args.token_command == "create":
            token = storage.create_token(args.label)
            print(token)
            print(f"stackwise: token created in {storage.describe()}; it is shown only this once "
                  "(only its SHA-256 hash is stored).", file=sys.stderr)
        elif args.token_command == "list":
            for prefix, label, created in storage.list_tokens():
                when = datetime.datetime.fromtimestamp(created, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
                print(f"{prefix}  {when}  {label}")
        else:
            n = storage.revoke_token(args.hash_prefix)
            if not n:
                raise StackwiseError(f"No token whose hash starts with {args.hash_prefix!r}.")
            print(f"stackwise: revoked {n} token(s).", file=sys.stderr)
    finally:
        storage.close()
    return 0


def _run_import(args: argparse.Namespace, settings: Any) -> int:
    from stackwise.knowledge.scorefile import load_score_file

    kb = load_score_file(args.file)
    if not kb.rules:
        raise StackwiseError(f"{args.file}: holds no rules; nothing to import.")
    storage = _open(args, settings)
    try:
        result = storage.put_rules(kb.rules)
        print(f"stackwise: stored {result.changed} rule(s) in {storage.describe()}; "
              f"revision {result.revision}.", file=sys.stderr)
    finally:
        storage.close()
    return 0
