"""A TCP proxy in front of PostgreSQL that a test can cut and restore, to cause an outage.

Threads forward bytes both ways. ``cut()`` closes every open connection and then answers
new ones the way a lost database does: ``refuse`` closes them at once (a server down),
``hang`` accepts and never answers (a host gone from the network, where only a connect
timeout helps). ``restore()`` forwards again.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Literal

Mode = Literal["refuse", "hang"]


class DatabaseProxy:
    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._cut: Mode | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def cut(self, mode: Mode = "refuse") -> None:
        """Drop every connection through the proxy; new ones are refused or left hanging."""
        with self._lock:
            self._cut = mode
            self._close_all()

    def restore(self) -> None:
        with self._lock:
            self._cut = None
            self._close_all()  # the hanging ones

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            self._close_all()
        self._thread.join(timeout=5)

    def __enter__(self) -> DatabaseProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _close_all(self) -> None:
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        self._open.clear()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # the listener was closed
            with self._lock:
                mode = self._cut
                if mode == "hang":
                    self._open.add(client)
                    continue
            if mode == "refuse":
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._cut is not None:  # cut while connecting
                    client.close()
                    upstream.close()
                    continue
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                for sock in (source, sink):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    with contextlib.suppress(OSError):
                        sock.close()
                    self._open.discard(sock)
