"""Configuration: safe defaults, overridden by PARTICIPA_* environment variables.

The environment name (PARTICIPA_ENV) decides the defaults that matter for security:
anything that is not "development" or "testing" is treated as production.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_ENVS = {"development", "testing"}


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"PARTICIPA_{name}", default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"PARTICIPA_{name} must be an integer, got {raw!r}") from exc


def _development_key(instance_path: Path, name: str) -> str:
    """A random key kept in instance/`name`, so that a developer's sessions (the secret key)
    and ballots (the cédula hash key) survive restarts."""
    key_file = instance_path / name
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    return key


# Always accepted in production besides the public host: probes from the server itself
# (`curl http://127.0.0.1:8000/healthz`). Any other name a probe uses goes in
# PARTICIPA_TRUSTED_HOSTS.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def trusted_hosts(public_url: str, extra: str | None) -> list[str]:
    """The host names production answers for: the public address's, the local ones and
    the comma-separated extras. Requests naming any other host get 400 Bad Request."""
    hosts = [urlsplit(public_url).hostname or "", *LOCAL_HOSTS]
    hosts += [name.strip() for name in (extra or "").split(",")]
    return list(dict.fromkeys(name for name in hosts if name))


def build_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """Return the Flask configuration for this process."""
    overrides = overrides or {}
    env = overrides.get("ENV_NAME") or _env("ENV", "production")
    is_dev = env in DEVELOPMENT_ENVS

    secret = overrides.get("SECRET_KEY") or _env("SECRET_KEY")
    if not secret:
        if not is_dev:
            raise ConfigError(
                "PARTICIPA_SECRET_KEY is not set. Outside development Participa refuses to "
                "start without a secret key: set PARTICIPA_SECRET_KEY to a long random value "
                "(for example the output of `python -c 'import secrets; print(secrets.token_hex(32))'`), "
                "or set PARTICIPA_ENV=development on a developer's machine."
            )
        secret = _development_key(instance_path, "secret_key")

    # The key of the cédula hash kept on ballots and supports (participa.cedula_hash): its
    # own key, so that rotating the secret key changes nothing; it must never change.
    cedula_hash_key = overrides.get("CEDULA_HASH_KEY") or _env("CEDULA_HASH_KEY")
    if not cedula_hash_key:
        if not is_dev:
            raise ConfigError(
                "PARTICIPA_CEDULA_HASH_KEY is not set. Outside development Participa refuses "
                "to start without it: set it once to a long random value, different from "
                "PARTICIPA_SECRET_KEY, and never change it (ballots and supports are matched "
                "to people by it)."
            )
        cedula_hash_key = _development_key(instance_path, "cedula_hash_key")


    public_url = overrides.get("PUBLIC_URL") or _env("PUBLIC_URL", "http://localhost:5000")
    database_url = _env("DATABASE_URL") or f"sqlite:///{instance_path / 'participa.sqlite'}"

    config = {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "CEDULA_HASH_KEY": cedula_hash_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # A pooled connection idle this long is checked before use (participa.connection_checks).
        "DATABASE_CHECK_AFTER_IDLE_SECONDS": _env_int("DATABASE_CHECK_AFTER_IDLE_SECONDS", 10),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not is_dev,
        "SESSION_COOKIE_NAME": "participa_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not is_dev,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "es",
        "BABEL_DEFAULT_TIMEZONE": "America/Guayaquil",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT_DIR / "translations"),
        "LANGUAGES": ("es", "en"),
        "MAX_CONTENT_LENGTH": _env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        # Accounts
        "LOGIN_MAX_FAILURES": _env_int("LOGIN_MAX_FAILURES", 5),
        "LOGIN_LOCKOUT_MINUTES": _env_int("LOGIN_LOCKOUT_MINUTES", 15),
        # Failed sign-in steps allowed from one IP address, whatever the accounts tried.
        "LOGIN_IP_LIMIT": _env("LOGIN_IP_LIMIT", "20 per 15 minutes"),
        "PASSWORD_MIN_LENGTH": _env_int("PASSWORD_MIN_LENGTH", 12),
        "PASSWORD_RESET_MAX_AGE": _env_int("PASSWORD_RESET_MAX_AGE", 3600),
        # Rate limits (see participa/ratelimits.py); Redis when several app servers run.
        "RATELIMIT_ENABLED": _env("RATELIMIT_ENABLED", "1") == "1",
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_KEY_PREFIX": "participa",
        "RATELIMIT_HEADERS_ENABLED": True,
        "OPEN311_KEY_LIMIT": _env("OPEN311_KEY_LIMIT", "300 per hour"),
        # Computed figures (dashboard, open data) are cached this many seconds: in files
        # shared by the workers of one server by default, in Redis (shared by all app
        # servers) when CACHE_URL is set.
        # An overdue case escalates one step (assignee, institution administrators, rector
        # ministry) each time it stays overdue this many more business days.
        "ESCALATION_STEP_DAYS": _env_int("ESCALATION_STEP_DAYS", 5),
        "STATS_CACHE_SECONDS": _env_int("STATS_CACHE_SECONDS", 0 if env == "testing" else 300),
        # The public API (/api/v1): answers kept this many seconds; requests per client.
        "API_CACHE_SECONDS": _env_int("API_CACHE_SECONDS", 0 if env == "testing" else 60),
        "API_RATE_LIMIT": _env("API_RATE_LIMIT", "600 per hour"),
        # Public pages read without signing in are kept this many seconds by each worker
        # (participa.page_cache); signed-in people always get a fresh page. Off while
        # developing, so that an edited template shows at once.
        "PAGE_CACHE_SECONDS": _env_int("PAGE_CACHE_SECONDS", 0 if is_dev else 10),
        "CACHE_TYPE": "RedisCache" if _env("CACHE_URL") else "FileSystemCache",
        "CACHE_REDIS_URL": _env("CACHE_URL"),
        "CACHE_DIR": _env("CACHE_DIR", str(instance_path / "cache")),
        "CACHE_THRESHOLD": 2000,
        "CACHE_KEY_PREFIX": "participa:",
        "EMAIL_CONFIRMATION_MAX_AGE": _env_int("EMAIL_CONFIRMATION_MAX_AGE", 48 * 3600),
        # Identity verification methods offered (participa.verification.methods) and the civil
        # registry service the `registry` method asks.
        "VERIFICATION_METHODS": tuple(
            name.strip() for name in (_env("VERIFICATION_METHODS", "census,in_person") or "")
            .split(",") if name.strip()),
        "REGISTRY_URL": _env("REGISTRY_URL"),
        "REGISTRY_USER": _env("REGISTRY_USER"),
        "REGISTRY_PASSWORD": _env("REGISTRY_PASSWORD"),
        "REGISTRY_TIMEOUT_SECONDS": _env_int("REGISTRY_TIMEOUT_SECONDS", 10),
        # Argon2id costs for password hashes (RFC 9106 low-memory profile); raising them
        # upgrades every hash at its owner's next sign-in.
        "ARGON2_TIME_COST": _env_int("ARGON2_TIME_COST", 3),
        "ARGON2_MEMORY_KIB": _env_int("ARGON2_MEMORY_KIB", 65536),
        "ARGON2_PARALLELISM": _env_int("ARGON2_PARALLELISM", 4),
        # Sessions end after this many minutes without a request: anyone holding a role
        # (official, moderator, administrator, analyst) gets the shorter one.
        "IDLE_TIMEOUT_MINUTES": _env_int("IDLE_TIMEOUT_MINUTES", 120),
        "PRIVILEGED_IDLE_TIMEOUT_MINUTES": _env_int("PRIVILEGED_IDLE_TIMEOUT_MINUTES", 30),
        # The institution that answers, as controller, requests under the personal-data law
        # about Participa itself (acronym); the privacy page links to its request forms.
        "DATA_CONTROLLER": _env("DATA_CONTROLLER", "MINTEL"),
        # Name shown in authenticator apps next to the account.
        "TOTP_ISSUER": _env("TOTP_ISSUER", "Participa"),
        # Mail: "file" writes to the log and instance/mail/; "smtp" sends for real.
        "MAIL_BACKEND": _env("MAIL_BACKEND", "file" if is_dev else "smtp"),
        "MAIL_DIR": _env("MAIL_DIR", str(instance_path / "mail")),
        "MAIL_FROM": _env("MAIL_FROM", "Participa <no-reply@participa.gob.ec>"),
        "SMTP_HOST": _env("SMTP_HOST", "localhost"),
        "SMTP_PORT": _env_int("SMTP_PORT", 25),
        "SMTP_USERNAME": _env("SMTP_USERNAME"),
        "SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _env("SMTP_STARTTLS", "1") == "1",
        # Mail goes through the outbox table; failures are retried after MAIL_RETRY_SECONDS,
        # doubled at each attempt, until MAIL_MAX_ATTEMPTS (participa/outbox.py).
        "MAIL_MAX_ATTEMPTS": _env_int("MAIL_MAX_ATTEMPTS", 8),
        "MAIL_RETRY_SECONDS": _env_int("MAIL_RETRY_SECONDS", 60),
        "MAIL_KEEP_SENT_DAYS": _env_int("MAIL_KEEP_SENT_DAYS", 30),
        # A notice to more people than this is rendered and queued by the worker.
        "MAIL_FAN_OUT_ABOVE": _env_int("MAIL_FAN_OUT_ABOVE", 100),
        # Background queue (participa/tasks/): a SQLite file by default, Redis
        # (redis://...) when several machines share it; immediate runs tasks in-process.
        "QUEUE_URL": _env("QUEUE_URL") or f"sqlite:///{instance_path / 'queue.sqlite'}",
        "QUEUE_IMMEDIATE": _env("QUEUE_IMMEDIATE", "1" if env == "testing" else "0") == "1",
        "QUEUE_WORKERS": _env_int("QUEUE_WORKERS", 2),
        "PREFERRED_URL_SCHEME": "http" if is_dev else "https",
        # The public address: every link in a mail is built from it, never from the request.
        "PUBLIC_URL": public_url,
        # Host names answered in production (None: any, for development and tests).
        "TRUSTED_HOSTS": None if is_dev else trusted_hosts(public_url, _env("TRUSTED_HOSTS")),
        # Number of reverse proxies in front (nginx: 1) whose X-Forwarded-* headers to trust.
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
    }
    config.update(overrides)
    return config
