"""National-scale benchmark: `make bench` (options: python bench/run.py --help).

1. builds a fresh database through the migrations and fills it (bench/generate.py): SQLite,
   and PostgreSQL too with --database URL or BENCH_DATABASE_URL (same data, same table);
2. serves Participa with gunicorn (deploy/gunicorn.conf.py) on loopback;
3. drives each scenario with wrk for a fixed time, reads and writes, as signed-in citizens
   where needed, plus a constant route: the ceiling of the same stack; before each read
   scenario, one request per page is timed alone ("first ms": what the first visitor waits
   while the figures cache fills), and wrk then measures the steady state;
4. prints a table per database and writes bench/results.json ({"sqlite": ..., "postgresql":
   ...}, the same keys on every run).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyotp  # noqa: E402

from bench import generate_domains  # noqa: E402,F401  (registers the domain generators)
from bench import scenarios as scenario_catalogue  # noqa: E402
from bench.generate import BENCH_PASSWORD, generate  # noqa: E402
from bench.httpclient import Gunicorn  # noqa: E402
from bench.once_only_writes import forget_supports  # noqa: E402

TARGET_P95_MS = 200
TARGET_WRITES_PER_S = 100
TARGET_WORKER_MB = 250
TARGET_GENERATION_S = 600
TARGET_SHARE_OF_CEILING = 0.30


def database_url(database: str, data_dir: Path) -> str:
    """`sqlite` (a fresh file in bench/data/) or a PostgreSQL URL (its schema is emptied)."""
    return f"sqlite:///{data_dir / 'bench.sqlite'}" if database == "sqlite" else database


def dialect(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _empty_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build_database(url: str, scale: float) -> tuple[dict, dict, float]:
    os.environ.update(PARTICIPA_ENV="testing", PARTICIPA_SECRET_KEY="bench",
                      PARTICIPA_CEDULA_HASH_KEY="bench-cedula-hash-key",
                      PARTICIPA_DATABASE_URL=url)
    from flask_migrate import upgrade

    from participa import create_app
    from participa.extensions import db

    if dialect(url) == "postgresql":
        _empty_postgresql(url)
    app = create_app()
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        context, timings = generate(db.engine, scale)
        elapsed = time.perf_counter() - started
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        db.engine.dispose()
    return context, timings, elapsed


def reuse_database(url: str, saved: Path) -> tuple[dict, dict, float]:
    os.environ.update(PARTICIPA_ENV="testing", PARTICIPA_SECRET_KEY="bench",
                      PARTICIPA_CEDULA_HASH_KEY="bench-cedula-hash-key",
                      PARTICIPA_DATABASE_URL=url)
    from flask_migrate import upgrade

    from participa import create_app
    from participa.extensions import db

    data = json.loads(saved.read_text())
    with create_app().app_context():
        upgrade()
        with db.engine.begin() as connection:
            forgotten = forget_supports(connection, data["context"])
        if forgotten:
            print(f"  {forgotten} supports of the signed-in citizens from an earlier run "
                  "deleted (a person supports a proposal once)", flush=True)
        db.engine.dispose()
    return data["context"], data["timings"], data["generation_s"]


def start_server(url: str, data_dir: Path, workers: int) -> Gunicorn:
    return Gunicorn({
        "PARTICIPA_ENV": "production", "PARTICIPA_SECRET_KEY": "bench-secret",
        "PARTICIPA_CEDULA_HASH_KEY": "bench-cedula-hash-key",
        "PARTICIPA_DATABASE_URL": url, "PARTICIPA_RATELIMIT_ENABLED": "0",
        "PARTICIPA_MAIL_BACKEND": "file", "PARTICIPA_MAIL_DIR": str(data_dir / "mail"),
        "PARTICIPA_CACHE_DIR": str(data_dir / "cache"),
    }, workers=workers, log_path=data_dir / "gunicorn.log", app="wsgi_bench:app",
        chdir=ROOT / "bench")


def first_requests_ms(server: Gunicorn, scenario: dict, sessions_file: Path) -> float | None:
    """The slowest first request of the scenario's pages (reads only): what the first
    visitor waits while caches fill. The measurement that follows is the steady state."""
    if scenario.get("method", "GET") != "GET":
        return None
    cookie = sessions_file.read_text().splitlines()[0].split("\t")[0]
    slowest = 0.0
    for path in scenario["paths"]:
        started = time.perf_counter()
        try:
            server.request("GET", path, headers={"Cookie": cookie})
        except OSError:  # a timeout: wrk measures the page all the same
            return None
        slowest = max(slowest, (time.perf_counter() - started) * 1000)
    return round(slowest, 1)


def run_wrk(server: Gunicorn, scenario: dict, duration: int, connections: int,
            sessions_file: Path, workdir: Path) -> dict:
    first_ms = first_requests_ms(server, scenario, sessions_file)
    script = workdir / f"{scenario['name']}.lua"
    parts = [(ROOT / "bench" / "wrk" / "session.lua").read_text(),
             (ROOT / "bench" / "wrk" / "report.lua").read_text()]
    script.write_text("\n".join(parts))
    env = dict(os.environ, BENCH_SESSIONS=str(sessions_file),
               BENCH_METHOD=scenario.get("method", "GET"), BENCH_BODY=scenario.get("body", ""),
               BENCH_PATHS=" ".join(scenario["paths"]))
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s",
         str(script), f"http://127.0.0.1:{server.port}"],
        env=env, capture_output=True, text=True, timeout=duration + 60).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    return {
        "name": scenario["name"], "kind": scenario.get("method", "GET"),
        "requests": figures["requests"], "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1), "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1), "errors": figures["errors"],
        "non_2xx_3xx": figures["non_2xx_3xx"],
        "first_request_ms": first_ms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 is the national data set; 0.01 a quick check")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--sessions", type=int, default=200,
                        help="signed-in citizens that the writes rotate over")
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument("--database", action="append", dest="databases",
                        help="sqlite, or a PostgreSQL URL (postgresql+psycopg://...; its "
                             "public schema is emptied); give it twice to measure both. "
                             "Default: sqlite, plus BENCH_DATABASE_URL when set")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--markdown", default=str(ROOT / "bench" / "RESULTS.md"),
                        help="where the run's table is written for the repository")
    parser.add_argument("--markdown-from", metavar="RESULTS_JSON",
                        help="only write the Markdown table of an earlier results.json")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the data set of the previous run (migrated to the current "
                             "schema, its signed-in citizens' supports deleted) instead of "
                             "generating it again")
    parser.add_argument("--generate-only", action="store_true",
                        help="build the data set and stop (measure later with --reuse)")
    args = parser.parse_args()
    if args.markdown_from:
        reports = json.loads(Path(args.markdown_from).read_text())
        Path(args.markdown).write_text(markdown(reports))
        return 0
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    databases = args.databases or (
        ["sqlite"] + ([os.environ["BENCH_DATABASE_URL"]]
                      if os.environ.get("BENCH_DATABASE_URL") else []))

    reports = {}
    for database in databases:
        report = run_one(args, database)
        reports[report["database"]] = report
    if args.generate_only:
        return 0
    Path(args.output).write_text(json.dumps(reports, indent=2, ensure_ascii=False))
    Path(args.markdown).write_text(markdown(reports))
    for report in reports.values():
        print_table(report)
    return 0


def run_one(args, database: str) -> dict:
    """Generate (or reuse) the data set on one database, serve it, run every scenario."""
    data_dir = ROOT / "bench" / "data" / ("sqlite" if database == "sqlite" else "postgresql")
    url = database_url(database, data_dir)
    saved = data_dir / "context.json"
    print(f"== {dialect(url)} ==", flush=True)
    if args.reuse and saved.exists():
        print("Reusing the previous data set (migrating it) ...", flush=True)
        context, timings, generation_s = reuse_database(url, saved)
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        print(f"Generating the data set (scale {args.scale}) ...", flush=True)
        context, timings, generation_s = build_database(url, args.scale)
        saved.write_text(json.dumps({"context": context, "timings": timings,
                                     "generation_s": generation_s}))
    print(f"  {generation_s:.1f} s: {timings}", flush=True)
    if args.generate_only:
        return {"database": dialect(url), "scale": context.get("scale", args.scale),
                "generation_s": round(generation_s, 1), "rows": context.get("rows", {})}

    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # figures of an earlier run
    server = start_server(url, data_dir, args.workers)
    results = []
    try:
        workdir = Path(tempfile.mkdtemp(prefix="participa-bench-"))
        citizens = [f"ciudadano{n}@bench.ec" for n in context["verified_citizen_ids"][:args.sessions]]
        sessions_file = workdir / "sessions.txt"
        sessions_file.write_text("".join(
            "{}\t{}\n".format(*server.sign_in(email, BENCH_PASSWORD)) for email in citizens))
        staff_file = workdir / "staff.txt"
        totp = pyotp.TOTP(context["staff_totp_secret"])
        staff_file.write_text("{}\t{}\n".format(
            *server.sign_in(context["official_of_busiest"], BENCH_PASSWORD, code=totp.now)))
        rector_file = workdir / "rector.txt"
        rector_file.write_text("{}\t{}\n".format(
            *server.sign_in(context["rector_email"], BENCH_PASSWORD, code=totp.now)))
        anonymous_file = workdir / "anonymous.txt"
        anonymous_file.write_text("bench=anonymous\t-\n")  # no session cookie

        wanted = set(args.only.split(",")) if args.only else None
        for scenario in scenario_catalogue.build(context):
            if wanted and scenario["name"] not in wanted and scenario["name"] != "ceiling":
                continue
            file = {"staff": staff_file, "rector": rector_file,
                    "anonymous": anonymous_file}.get(scenario.get("as"), sessions_file)
            result = run_wrk(server, scenario, args.duration, args.connections, file, workdir)
            result["as"] = scenario.get("as", "citizen")
            results.append(result)
            print(f"  {result['name']:<40} {result['rps']:>8} req/s  p95 {result['p95_ms']} ms"
                  f"  errors {result['errors']}", flush=True)
        memory = server.worker_peak_mb()
    finally:
        server.stop()

    ceiling = next((r["rps"] for r in results if r["name"] == "ceiling"), None)
    for r in results:
        r["ratio_to_ceiling"] = round(r["rps"] / ceiling, 3) if ceiling else None
        if r["name"] == "ceiling":
            r["meets_target"] = None
        elif r["kind"] == "POST":
            r["meets_target"] = r["rps"] >= TARGET_WRITES_PER_S and r["errors"] == 0
        else:
            r["meets_target"] = (r["requests"] > 0 and r["p95_ms"] < TARGET_P95_MS
                                 and r["errors"] == 0
                                 and (r["ratio_to_ceiling"] or 0) >= TARGET_SHARE_OF_CEILING)
    return {
        "database": dialect(url), "machine": machine(),
        "scale": context.get("scale", args.scale),  # a reused data set keeps its own scale
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration, "generation_s": round(generation_s, 1),
        "generation_by_domain_s": timings, "worker_peak_mb": memory,
        "targets": {"p95_ms": TARGET_P95_MS, "writes_per_s": TARGET_WRITES_PER_S,
                    "share_of_ceiling": TARGET_SHARE_OF_CEILING,
                    "worker_mb": TARGET_WORKER_MB, "generation_s": TARGET_GENERATION_S},
        "rows": context.get("rows", {}), "scenarios": results,
    }


def machine() -> dict:
    """What the figures were measured on."""
    def run(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    cpu = next((line.split(":", 1)[1].strip() for line in run("lscpu").splitlines()
                if line.startswith("Model name")), "?")
    memory = next((line.split()[1] for line in run("free", "-g").splitlines()
                   if line.startswith("Mem:")), "?")
    return {"nproc": run("nproc"), "memory_gb": memory, "cpu": cpu,
            "load_average": " ".join(Path("/proc/loadavg").read_text().split()[:3])
            if Path("/proc/loadavg").exists() else "?",
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def markdown(reports: dict) -> str:
    """bench/RESULTS.md: the machine and one table per database."""
    if "machine" not in next(iter(reports.values()), {}):
        for report in reports.values():
            report["machine"] = machine()
    lines = ["# Benchmark results", ""]
    for report in reports.values():
        m = report["machine"]
        lines += [f"## {report['database']}, scale {report['scale']}", "",
                  f"{m['date']}; {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB; load "
                  f"average at the end {m['load_average']}; gunicorn -w {report['workers']}, "
                  f"wrk {report['connections']} connections, {report['duration_s']} s per "
                  f"scenario; data generated in {report['generation_s']} s; rows: "
                  + ", ".join(f"{k} {v:,}" for k, v in report["rows"].items()) + ".", "",
                  "| scenario | as | kind | req/s | share of ceiling | p95 ms | first ms | errors "
                  "| ok |",
                  "|---|---|---|---:|---:|---:|---:|---:|---|"]
        for r in report["scenarios"]:
            ok = {True: "yes", False: "NO", None: "-"}[r["meets_target"]]
            lines.append(f"| {r['name']} | {r.get('as', '')} | {r['kind']} | {r['rps']} | "
                         f"{round((r['ratio_to_ceiling'] or 0) * 100)} % | {r['p95_ms']} | "
                         f"{r.get('first_request_ms') or '-'} | "
                         f"{r['errors'] + r['non_2xx_3xx']} | {ok} |")
        lines.append("")
    return "\n".join(lines)


def print_table(report: dict) -> None:
    print()
    print(f"== {report['database']}, scale {report['scale']} ==")
    print(f"Data generation: {report['generation_s']} s (target < {TARGET_GENERATION_S} s)")
    print(f"Worker peak memory: {report['worker_peak_mb']} MB (target < {TARGET_WORKER_MB} MB each)")
    header = (f"{'scenario':<40} {'as':<9} {'kind':<5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'x ceil':>7} {'errors':>7} {'first ms':>9}  ok")
    print(header)
    print("-" * len(header))
    for r in report["scenarios"]:
        ok = {True: "yes", False: "NO", None: "-"}[r["meets_target"]]
        print(f"{r['name']:<40} {r.get('as', ''):<9} {r['kind']:<5} {r['rps']:>8} {r['p50_ms']:>8} {r['p95_ms']:>8} "
              f"{r['p99_ms']:>8} {r['ratio_to_ceiling'] or 0:>7} {r['errors']:>7} "
              f"{r['first_request_ms'] or '-':>9}  {ok}")


if __name__ == "__main__":
    sys.exit(main())
