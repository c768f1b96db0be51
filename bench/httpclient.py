"""A tiny HTTP client and gunicorn launcher shared by the benchmark and the multi-server tests."""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """Participa under gunicorn with deploy/gunicorn.conf.py, on a free loopback port."""

    def __init__(self, env: dict, workers: int = 1, log_path: Path | None = None,
                 app: str = "wsgi:app", chdir: Path = ROOT):
        self.port = free_port()
        full_env = dict(os.environ, PARTICIPA_BIND=f"127.0.0.1:{self.port}",
                        PARTICIPA_WORKERS=str(workers), PARTICIPA_THREADS="1", **env)
        self.log = open(log_path or os.devnull, "w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config",
             str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile", "/dev/null",
             "--chdir", str(chdir), app],
            env=full_env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start (log: {log_path})")

    def request(self, method, path, body=None, headers=None):
        """Returns (status, text, cookies as 'name=value' strings)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        cookies = [v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
        connection.close()
        return response.status, data, cookies

    def post_form(self, path, fields: dict, cookie: str = ""):
        return self.request("POST", path, urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded",
                             "Cookie": cookie})

    def sign_in(self, email: str, password: str, code=None) -> tuple[str, str]:
        """Sign in through the real forms; return (Cookie header, CSRF token of the session).

        `code` gives the current two-step verification code, for accounts that use it."""
        jar: dict[str, str] = {}

        def visit(method, path, fields=None):
            header = "; ".join(f"{k}={v}" for k, v in jar.items())
            if fields is None:
                status, page, cookies = self.request(method, path, headers={"Cookie": header})
            else:
                status, page, cookies = self.post_form(path, fields, header)
            jar.update(cookie.split("=", 1) for cookie in cookies)
            return status, page

        _, page = visit("GET", "/cuenta/entrar")
        status, _ = visit("POST", "/cuenta/entrar", {
            "csrf_token": CSRF.search(page).group(1), "email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"{email} could not sign in ({status})")
        if code is not None:
            _, page = visit("GET", "/cuenta/entrar/codigo")
            status, _ = visit("POST", "/cuenta/entrar/codigo", {
                "csrf_token": CSRF.search(page).group(1), "code": code()})
            if status != 302:
                raise RuntimeError(f"{email} could not complete the second step ({status})")
        # The first form page after sign-in stores the session's CSRF secret in the cookie.
        _, page = visit("GET", "/")
        return "; ".join(f"{k}={v}" for k, v in jar.items()), CSRF.search(page).group(1)

    def worker_peak_mb(self) -> list[float]:
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                                  text=True).stdout.split()
        peaks = []
        for pid in children:
            try:
                match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            except OSError:
                continue
            if match:
                peaks.append(round(int(match.group(1)) / 1024, 1))
        return peaks

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
