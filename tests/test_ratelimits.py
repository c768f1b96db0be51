"""Rate limits on the forms that attackers hammer, shared across app servers through Redis."""
import os
import subprocess
import sys

import pytest

from conftest import make_app


def test_too_many_sign_in_attempts_from_one_address_get_a_translated_429(client):
    for _ in range(20):
        assert client.post("/cuenta/entrar", data={"email": "x@example.ec",
                                                   "password": "x" * 12}).status_code == 401
    response = client.post("/cuenta/entrar", data={"email": "x@example.ec", "password": "x" * 12})
    assert response.status_code == 429
    assert "Demasiadas solicitudes" in response.get_data(as_text=True)
    # Reading the page is never limited.
    assert client.get("/cuenta/entrar").status_code == 200


def test_another_address_is_not_limited(client):
    for _ in range(21):
        client.post("/cuenta/entrar", data={"email": "x@example.ec", "password": "x" * 12})
    other = client.post("/cuenta/entrar", data={"email": "x@example.ec", "password": "x" * 12},
                        environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 401


REDIS_URL = os.environ.get("PARTICIPA_TEST_REDIS_URL")


OTHER_SERVER = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from conftest import make_app
app = make_app(Path({tmp!r}), RATELIMIT_STORAGE_URI={url!r})
client = app.test_client()
for _ in range(10):
    client.post("/cuenta/entrar", data={{"email": "x@example.ec", "password": "x" * 12}})
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
    data = {"email": "x@example.ec", "password": "x" * 12}
    statuses = [here.post("/cuenta/entrar", data=data).status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
