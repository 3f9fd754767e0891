"""``stackwise serve``: run the score service; ``serve token ...`` and ``serve import`` manage it.

Why token and import commands work on the database directly: they are the administrator's
tools on the service's own machine (like ``createuser``), so they need no running server and
no token to bootstrap the first token.
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import os
import sys
from typing import Any

from stackwise.errors import StackwiseError

DEFAULT_CLIENT_RATE = 20_000.0  # stackwise.server.app.DEFAULT_CLIENT_RATE (not imported: starlette is optional)


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
    serve.add_argument("--workers", type=int, metavar="N",
                       help="worker processes (default: 1 on SQLite, min(4, CPUs) on PostgreSQL)")
    serve.add_argument("--db-connections", type=int, default=8, metavar="N",
                       help="database connections per worker process, at most (default 8)")
    serve.add_argument("--client-rate", type=float, default=DEFAULT_CLIENT_RATE, metavar="UNITS",
                       help="cost units a client address may spend per second (a GET costs 1, a query "
                       "1 + its names, a snapshot 100; default 20000, burst twice that; 0 = no limit)")
    serve.add_argument("--ssl-certfile", metavar="PEM", help="serve HTTPS with this certificate chain")
    serve.add_argument("--ssl-keyfile", metavar="PEM", help="the certificate's private key")
    serve.add_argument("--tuf-keys", metavar="DIR",
                       help="sign and publish every KB revision as TUF metadata with the online keys in DIR "
                       "(made by `serve keys init`)")
    serve.set_defaults(run=run_serve, serve_command=None)
    sub = serve.add_subparsers(dest="serve_command", metavar="SUBCOMMAND")

    token = sub.add_parser("token", help="manage write tokens (stored only as SHA-256 hashes)")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = tsub.add_parser("create", help="create a token and print it (shown only once)")
    create.add_argument("--label", default="", help="what the token is for (shown by `token list`)")
    _add_database(create, suppress=True)
    lst = tsub.add_parser("list", help="list tokens (id: the first 12 hex digits of the hash; label; creation time)")
    _add_database(lst, suppress=True)
    revoke = tsub.add_parser("revoke", help="delete the token with the id `token list` shows")
    revoke.add_argument("token_id", metavar="ID", help="the 12 hex digits `token list` shows (or the whole hash)")
    _add_database(revoke, suppress=True)

    keys = sub.add_parser("keys", help="signing keys for publishing the KB as signed TUF metadata")
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    init = ksub.add_parser("init", help="make root and online keys and the first signed root")
    init.add_argument("--keys", required=True, metavar="DIR", help="empty directory for the private keys")
    init.add_argument("--root-keys", type=int, default=1, metavar="N", help="number of root keys (default 1)")
    init.add_argument("--threshold", type=int, default=1, metavar="T",
                      help="root keys needed to sign a new root (default 1)")
    _add_database(init, suppress=True)
    rotate = ksub.add_parser("rotate", help="replace keys; a new root version signed by the old root keys")
    rotate.add_argument("--keys", required=True, metavar="DIR", help="the key directory (with the root keys)")
    rotate.add_argument("--role", action="append", choices=["root", "targets", "snapshot", "timestamp", "online"],
                        help="role(s) to rotate (repeatable; `online` = targets, snapshot and timestamp; "
                        "default: online)")
    _add_database(rotate, suppress=True)

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
    for option in ("database", "host", "tuf_keys", "ssl_certfile", "ssl_keyfile", "keys"):
        value = getattr(args, option, None)  # "" was taken as "not given": the default KB, HTTP, no signing
        if value is not None and not str(value).strip():
            raise StackwiseError(f"--{option.replace('_', '-')} was given an empty value; give one (is a variable "
                                 "unset?), or leave the option out.")
    command = getattr(args, "serve_command", None)
    if command == "token":
        return _run_token(args, settings)
    if command == "import":
        return _run_import(args, settings)
    if command == "keys":
        return _run_keys(args, settings)
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise StackwiseError(f"--port must be between 0 and 65535, got {port}.")
    if args.max_body <= 0 or args.max_age < 0:
        raise StackwiseError("--max-body must be positive and --max-age >= 0.")
    if args.db_connections < 1 or (args.workers is not None and args.workers < 1):
        raise StackwiseError("--workers and --db-connections must be at least 1.")
    # Each worker is a whole interpreter with its own caches: `--workers 100000` started
    # processes until the machine stalled (a thousand within minutes, load average 170).
    most = max(8, 4 * (os.cpu_count() or 1))
    if args.workers is not None and args.workers > most:
        raise StackwiseError(f"--workers {args.workers} is more than this machine can use: at most {most} "
                             "(4 per CPU; one process serves many connections).")
    if not args.client_rate >= 0 or args.client_rate == float("inf"):
        raise StackwiseError(f"--client-rate must be a number >= 0 (0 = no limit), got {args.client_rate}.")
    from stackwise.server.app import ServiceSettings
    from stackwise.server.runner import check_tls, serve_forever
    from stackwise.server.storage import open_storage

    check_tls(args.ssl_certfile, args.ssl_keyfile)
    _check_listen(host, port)
    database = getattr(args, "database", None) or settings.database
    storage = open_storage(database, pool_size=args.db_connections)  # migrates before any worker starts
    try:
        # SQLite: two processes by default (where there are two cores). One event loop serving
        # 64 connections of ~300 kB query answers had a p99 tail of 100-200 ms in about half the
        # runs; two read the same WAL database side by side (p99 26-31 ms, docs/benchmarks.md).
        # More would multiply each worker's caches (~100 MB at 100k rules) for little.
        workers = args.workers or min(4 if storage.kind == "postgresql" else 2, os.cpu_count() or 1)
        if args.tuf_keys:  # a key or root mistake is one error, before "serving" is said
            from stackwise.server.signing import Publisher

            Publisher(storage, args.tuf_keys).publish()
        revision, count = storage.meta()
        scheme = "https" if args.ssl_certfile else "http"
        print(f"stackwise: serving {storage.describe()} (revision {revision}, {count} rule(s)) "
              f"on {scheme}://{host}:{port} with {workers} worker process(es)", file=sys.stderr)
        if not _is_loopback(host):
            print("stackwise: note: listening beyond this machine; reads are open to anyone who can "
                  "connect, writes need a token.", file=sys.stderr)
            if not args.ssl_certfile:
                print("stackwise: warning: no TLS (--ssl-certfile/--ssl-keyfile): write tokens and every "
                      "answer travel in clear text over the network, where anyone on the path can read a "
                      "token and reuse it, or change the scores clients receive. Serve HTTPS, or put a "
                      "TLS proxy in front and listen on 127.0.0.1 only.", file=sys.stderr)
        if args.tuf_keys:
            print(f"stackwise: publishing signed snapshots (TUF) under /v1/tuf/ with the keys in {args.tuf_keys}",
                  file=sys.stderr)
        if workers > 1:
            storage.close()
        serve_forever(storage, host, port,
                      ServiceSettings(max_body=args.max_body, max_age=args.max_age, client_rate=args.client_rate,
                                      client_burst=2 * args.client_rate, tuf_keys=args.tuf_keys),
                      access_log=args.access_log, workers=workers, database=database or storage_url(storage),
                      pool_size=args.db_connections, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    finally:
        storage.close()
    return 0


def _check_listen(host: str, port: int) -> None:
    """Bind once before anything else: a port in use or a host that is no address of this
    machine was uvicorn's "ERROR: [Errno 98] ..." (exit status 3), after "serving on ..."."""
    import socket

    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind(address)
    except OSError as exc:  # socket.gaierror too: a name that does not resolve
        raise StackwiseError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None


def storage_url(storage: Any) -> str:
    """The URL a worker process opens to reach the same database as ``storage``."""
    return getattr(storage, "url", None) or "sqlite://" + str(storage.path)


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
            from stackwise._text import one_line

            for prefix, label, created in storage.list_tokens():
                when = datetime.datetime.fromtimestamp(created, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
                print(f"{prefix}  {when}  {one_line(label)}")  # a label holding a terminal escape is shown escaped
        else:
            if not storage.revoke_token(args.token_id):
                raise StackwiseError(f"No token with the id {args.token_id!r} (see `stackwise serve token list`).")
            print(f"stackwise: revoked token {args.token_id}.", file=sys.stderr)
    finally:
        storage.close()
    return 0


def _run_keys(args: argparse.Namespace, settings: Any) -> int:
    from stackwise.server.signing import init_keys, rotate_keys

    storage = _open(args, settings)
    try:
        if args.keys_command == "init":
            public = init_keys(storage, args.keys, root_keys=args.root_keys, threshold=args.threshold)
            print(f"stackwise: keys written to {args.keys}; the signed root is in {storage.describe()}.\n"
                  f"stackwise: give clients {public} and set `trust_root = PATH` to it (or pass --trust-root).\n"
                  f"stackwise: move {args.keys}/root-*.pem offline now (they are needed only to rotate keys); "
                  f"serve with --tuf-keys {args.keys}.", file=sys.stderr)
        else:
            roles: list[str] = []
            for role in args.role or ["online"]:
                roles.extend(["targets", "snapshot", "timestamp"] if role == "online" else [role])
            version = rotate_keys(storage, args.keys, tuple(dict.fromkeys(roles)))
            print(f"stackwise: rotated {', '.join(dict.fromkeys(roles))}; root version {version} is published "
                  f"(clients follow it); old keys are in {args.keys}/retired/. Restart the service.",
                  file=sys.stderr)
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
