"""The huey instance, from PARTICIPA_QUEUE_URL:

- unset or sqlite:///path: a SQLite file (instance/queue.sqlite), no server needed: one
  machine, the web server and `participa worker` beside it;
- redis://host:port/db: Redis, when web servers and workers run on several machines;
- memory://: in the process (tests that drive the queue by hand).

PARTICIPA_QUEUE_IMMEDIATE=1 (the default in testing) runs every task at once, in the
process that enqueues it.
"""
from __future__ import annotations

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from participa.config import ConfigError

NAME = "participa"


def make_huey(config) -> Huey:
    url = config["QUEUE_URL"]
    options = {"results": False, "immediate": config["QUEUE_IMMEDIATE"], "utc": True}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(NAME, url=url, **options)
    if url.startswith("memory://"):
        return MemoryHuey(NAME, **options)
    if url.startswith("sqlite:///"):
        return SqliteHuey(NAME, filename=url.removeprefix("sqlite:///"), **options)
    raise ConfigError(f"PARTICIPA_QUEUE_URL must start with sqlite:///, redis:// or "
                     f"memory://, got {url!r}")
