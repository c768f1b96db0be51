"""Profile pages in process against a generated data set: where a request's time goes.

    python bench/profile_page.py bench/data/sqlite/bench.sqlite /consultas /propuestas/ \
        [--as citizen|anonymous] [--repeat 20] [--top 30] [--post 'field=value&...']

Runs the production configuration with the Flask test client (CSRF off, so that writes can be
posted), signs a generated citizen in through the real form when asked, warms each page once,
then reports the mean CPU time (steadier than wall time on a busy machine) and wall time
per request, the queries per request and cProfile's top entries by
cumulative and by own time.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def sign_in(client, args, password: str) -> None:
    """Through the real forms; staff and rector analysts give their two-step code too."""
    context = {}
    if args.who in ("staff", "rector"):
        saved = Path(args.context) if args.context else Path(args.database).parent / "context.json"
        context = json.loads(saved.read_text())["context"]
    email = {"citizen": "ciudadano2@bench.ec", "staff": context.get("official_of_busiest"),
             "rector": context.get("rector_email")}[args.who]
    response = client.post("/cuenta/entrar", data={"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    if context:
        import pyotp

        totp = pyotp.TOTP(context["staff_totp_secret"])
        response = client.post("/cuenta/entrar/codigo", data={"code": totp.now()})
        if response.status_code != 302:  # this code was just used: a code counts once
            time.sleep(totp.interval - time.time() % totp.interval + 1)
            response = client.post("/cuenta/entrar/codigo", data={"code": totp.now()})
        assert response.status_code == 302, response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", help="a SQLite file or a PostgreSQL URL")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--as", dest="who", default="citizen",
                        choices=["citizen", "anonymous", "staff", "rector"],
                        help="staff: an official of the busiest institution; rector: a rector "
                             "analyst (both with two-step codes from the data set's "
                             "context.json beside a SQLite file, or --context)")
    parser.add_argument("--context", help="the data set's context.json (default: beside the "
                                          "SQLite file)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--time-only", action="store_true",
                        help="no profiler: the mean time per request only")
    parser.add_argument("--post", help="a form body: POST it to each path instead of GET "
                                       "({n} is replaced by the request's number)")
    args = parser.parse_args()
    url = args.database if "://" in args.database else f"sqlite:///{Path(args.database).resolve()}"
    os.environ.update(PARTICIPA_ENV="production", PARTICIPA_SECRET_KEY="bench-secret",
                      PARTICIPA_CEDULA_HASH_KEY="bench-cedula-hash-key",
                      PARTICIPA_DATABASE_URL=url, PARTICIPA_RATELIMIT_ENABLED="0",
                      PARTICIPA_MAIL_BACKEND="file",
                      PARTICIPA_MAIL_DIR=str(Path("/tmp/participa-profile-mail")),
                      PARTICIPA_CACHE_DIR=str(Path("/tmp/participa-profile-cache")))
    from sqlalchemy import event

    from bench.generate import BENCH_PASSWORD
    from participa import create_app
    from participa.extensions import db

    app = create_app({"WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    if args.who != "anonymous":
        sign_in(client, args, BENCH_PASSWORD)
    queries = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a: queries.__setitem__(0, queries[0] + 1))

    def hit(path, n):
        if args.post:
            return client.post(path, data=args.post.replace("{n}", str(n)),
                               content_type="application/x-www-form-urlencoded")
        return client.get(path)

    for path in args.paths:
        status = hit(path, 0).status_code
        queries[0] = 0
        profiler = cProfile.Profile()
        started, cpu_started = time.perf_counter(), time.process_time()
        if not args.time_only:
            profiler.enable()
        for n in range(1, args.repeat + 1):
            hit(path, n)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / args.repeat
        cpu = (time.process_time() - cpu_started) / args.repeat
        print(f"== {path}: {status}, {cpu * 1000:.1f} ms CPU ({elapsed * 1000:.1f} ms) per request, "
              f"{queries[0] / args.repeat:.1f} queries per request", flush=True)
        if args.time_only:
            continue
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
