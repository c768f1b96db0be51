"""A worker's own short memory: a bounded map whose entries expire, least recently used out
first when it is full. For values costly to build or to unpickle that every request of the
worker may share (public pages, reports); nothing is shared between workers."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable


class ExpiringLRU:
    def __init__(self, max_entries: int, clock: Callable[[], float] = time.monotonic):
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threads share a worker's memory

    def get(self, key: str):
        """The value kept under `key`, or None when there is none or it has expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= self.clock():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, value, seconds: float) -> None:
        with self._lock:
            self._entries[key] = (self.clock() + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
