"""The Participa app plus a constant route: the ceiling of the same gunicorn stack."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from participa import create_app  # noqa: E402

app = create_app()


@app.route("/__ceiling")
def ceiling():
    return "ok"
