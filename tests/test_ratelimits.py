"""Rate limits on the forms that attackers hammer, shared across app servers through Redis."""
import os
import subprocess
import sys

import pytest

from conftest import make_app


def _register(client, n, remote_addr="127.0.0.1"):
    return client.post("/cuenta/registro", data={
        "name": f"Persona {n}", "email": f"persona{n}@example.ec", "cedula": "",
        "password": "una frase larga y segura", "confirm": "una frase larga y segura"},
        environ_base={"REMOTE_ADDR": remote_addr})


def test_mass_registration_from_one_address_is_stopped_with_a_translated_429(client):
    statuses = [_register(client, n).status_code for n in range(20)]
    assert 429 not in statuses
    response = _register(client, 20)
    assert response.status_code == 429
    assert "Demasiadas solicitudes" in response.get_data(as_text=True)
    # Reading the form is never limited, and another address may still register.
    assert client.get("/cuenta/registro").status_code == 200
    assert _register(client, 21, remote_addr="10.1.2.3").status_code != 429


REDIS_URL = os.environ.get("PARTICIPA_TEST_REDIS_URL")

OTHER_SERVER = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from conftest import make_app
app = make_app(Path({tmp!r}), RATELIMIT_STORAGE_URI={url!r})
client = app.test_client()
for n in range(10):
    client.post("/cuenta/entrar", data={{"email": f"otro{{n}}@example.ec", "password": "x" * 12}})
"""


@pytest.mark.skipif(not REDIS_URL and not os.environ.get("CI"),
                    reason="set PARTICIPA_TEST_REDIS_URL to a Redis server to run")
def test_limits_count_across_app_servers_sharing_redis(app, tmp_path):
    """Another process (another app server) spends half the allowance; this one sees it."""
    assert REDIS_URL, "CI must provide PARTICIPA_TEST_REDIS_URL"
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    script = OTHER_SERVER.format(tests=os.path.dirname(__file__), tmp=str(tmp_path),
                                 url=REDIS_URL)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)

    here = make_app(tmp_path, RATELIMIT_STORAGE_URI=REDIS_URL).test_client()
    statuses = [here.post("/cuenta/entrar", data={"email": f"aqui{n}@example.ec",
                                                  "password": "x" * 12}).status_code
                for n in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
