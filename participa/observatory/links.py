"""Links people give: only public http(s) addresses are kept."""
from __future__ import annotations

from urllib.parse import urlsplit


def is_public_link(value: str) -> bool:
    """An absolute http or https address with a host and no spaces."""
    value = (value or "").strip()
    if not value or any(c.isspace() for c in value) or len(value) > 500:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_open_data_path(value: str) -> bool:
    """A path to one of Participa's own open data files, such as /datos/instituciones.csv."""
    value = (value or "").strip()
    return value.startswith("/datos/") and not any(c.isspace() for c in value) \
        and "//" not in value and ".." not in value and len(value) <= 500
