"""``eventwire serve`` as a real uvicorn process under hostile clients.

tests/api covers the app in-process (SQL injection, 413, malformed JSON, path traversal); what
only a real server shows is tested here, against one ``eventwire serve`` on a free loopback port:

- slow clients: one that sends its headers and then trickles its body, and idle connections
  that never finish their headers, while other clients keep getting answers;
- JSON bodies that parse into something odd (numbers too big, NaN, lone surrogates, UTF-16);
- request lines and queries far over any sane size, broken framing: a 4xx, never a 5xx;
- and after all of it, the server is up and its log holds no unhandled exception.
"""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from eventwire.testing.faults import child_env, cli_args

STARTUP_S = 60.0
ANSWER_S = 10.0  # a bound on "keeps answering", far above a loaded machine's latency
TRICKLE_BYTES = 200
SLOW_CONNECTIONS = 20


@dataclass
class Server:
    base: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    port = _free_port()
    log = root / "server.log"
    args = ["serve", "--db", str(root / "api.db"), "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as err:
        proc = subprocess.Popen(cli_args(*args), stdout=err, stderr=err, env=child_env())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(base + "/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield Server(base, port, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _raw(port: int, data: bytes, *, timeout: float = ANSWER_S) -> int | None:
    """Send ``data`` as it is; the status of the answer, None when the server closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        with contextlib.suppress(OSError):  # the server may stop reading a request it refused
            s.sendall(data)
        head = b""
        while b"\r\n" not in head:
            try:
                chunk = s.recv(4096)
            except OSError:
                break
            if not chunk:
                break
            head += chunk
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return int(m.group(1)) if m else None


def _answers(server: Server, count: int) -> list[int]:
    statuses = []
    with httpx.Client(base_url=server.base, timeout=ANSWER_S) as client:
        for i in range(count):
            path = "/health" if i % 2 else "/v1/events?limit=5"
            statuses.append(client.get(path).status_code)
    return statuses


def test_slow_clients_do_not_hold_up_the_others(server: Server) -> None:
    idle = []
    for _ in range(SLOW_CONNECTIONS):  # headers begun and never finished
        s = socket.create_connection(("127.0.0.1", server.port), timeout=ANSWER_S)
        s.sendall(b"GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        idle.append(s)
    body = b'{"text": "' + b"x" * (TRICKLE_BYTES - 12) + b'"'  # one brace short: malformed
    trickle = socket.create_connection(("127.0.0.1", server.port), timeout=ANSWER_S * 3)
    trickle.sendall(
        b"POST /v1/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    answered = threading.Event()

    def send_slowly() -> None:
        # a byte every 50 ms, the rest only once the other clients have their answers: the body
        # is incomplete all the time they ask
        sent = 0
        while sent < len(body) - 1 and not answered.is_set():
            trickle.sendall(body[sent : sent + 1])
            sent += 1
            time.sleep(0.05)
        answered.wait()
        trickle.sendall(body[sent:])

    sender = threading.Thread(target=send_slowly)
    sender.start()
    try:
        during = _answers(server, 30)
    finally:
        answered.set()
        sender.join()
    try:
        answer = trickle.recv(4096)
    finally:
        trickle.close()
        for s in idle:
            s.close()
    assert during == [200] * 30
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]  # the slow request itself is answered


MALFORMED = {
    "empty body": (b"", 400),
    "trailing data": (b'{"text": "Talks."} and more', 400),
    "control character in a string": (b'{"text": "\x01\x02"}', 400),
    "latin-1 bytes": ('{"text": "Caf\u00e9 talks."}'.encode("latin-1"), 400),
    "objects nested 50,000 deep": (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, 400),
    "a number of 5,000 digits": (b'{"text": "...", "id": ' + b"9" * 5000 + b"}", 400),
    "null": (b"null", 422),
    "a bare number": (b"42", 422),
    "a bare string": (b'"text"', 422),
    "NaN for text": (b'{"text": NaN}', 422),
    "an infinite id": (b'{"text": "...", "id": 1e999}', 422),
    "the text twice, the last a number": (b'{"text": "Talks.", "text": 5}', 422),
    "an object for a title": (b'{"text": "Talks.", "title": {"a": 1}}', 422),
    "UTF-8 with a byte-order mark, without words": (b'\xef\xbb\xbf{"text": "\xe2\x80\xa6"}', 422),
    "UTF-16 without words": ('{"text": "\u2026"}'.encode("utf-16"), 422),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_json_is_a_4xx_with_the_error_shape(server: Server, name: str) -> None:
    body, status = MALFORMED[name]
    response = httpx.post(
        server.base + "/v1/code", content=body, headers={"Content-Type": "application/json"}, timeout=60
    )
    assert response.status_code == status, response.text[:300]
    assert response.json()["error"]["message"]


def test_a_lone_surrogate_in_posted_json_is_coded_not_a_500(server: Server) -> None:
    body = b'{"text": "Kenyan President William Ruto met Tanzanian officials in Nairobi \\ud800on Monday."}'
    response = httpx.post(
        server.base + "/v1/code", content=body, headers={"Content-Type": "application/json"}, timeout=120
    )
    assert response.status_code == 200, response.text[:300]
    assert "\ufffd" in response.json()["text"]


HUGE = {
    "a 10 kB query value": b"GET /v1/events?q=" + b"x" * 10_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "a 100 kB query": b"GET /v1/events?q=" + b"x" * 100_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "a 2 MB query": b"GET /v1/events?q=" + b"x" * 2_000_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "5,000 parameters": b"GET /v1/events?"
    + b"&".join(b"p%d=1" % i for i in range(5000))
    + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "a 50 kB article id": b"GET /v1/articles/" + b"a" * 50_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "a limit of 5,000 digits": b"GET /v1/events?limit="
    + b"9" * 5000
    + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "NUL and broken escapes": b"GET /v1/events?q=%ff%fe%00&source=%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "garbage for a request line": b"\x00\x01\x02 nonsense\r\n\r\n",
    "a negative Content-Length": b"POST /v1/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n{}",
    "a Content-Length of 23 digits": b"POST /v1/code HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Length: 99999999999999999999999\r\n\r\n{}",
    "both Content-Length and chunked": b"POST /v1/code HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
}


@pytest.mark.parametrize("name", list(HUGE))
def test_oversized_and_broken_requests_are_a_4xx(server: Server, name: str) -> None:
    status = _raw(server.port, HUGE[name])
    assert status is not None and 400 <= status < 500, status


def test_the_server_is_up_and_logged_no_unhandled_error(server: Server) -> None:
    assert server.proc.poll() is None
    assert _answers(server, 4) == [200] * 4
    log = server.log.read_text(errors="replace")
    assert "Exception in ASGI application" not in log and "Traceback" not in log, log[-3000:]
