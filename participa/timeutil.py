"""Times are stored as naive UTC; Babel shows them in America/Guayaquil."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
