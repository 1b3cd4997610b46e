"""A small asyncio HTTP/1.1 load client that behaves like a browser, for the server benches.

A "normal" client keeps its connection alive where the server offers it and closes it at once
when the server says ``Connection: close``. A "late" client reads each response and then keeps
the socket open for ``linger`` seconds before closing it (a phone on venue wifi, a busy proxy);
with ``linger=None`` it never closes until the run ends. Every loop is bounded in time.
Only loopback addresses are ever targeted.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class Stats:
    """Latencies (seconds) and error count of one group of clients."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def summary(self) -> dict[str, float]:
        """``{"n", "p50_ms", "p95_ms", "max_ms", "errors"}`` of the recorded latencies."""
        if not self.latencies:
            return {"n": 0, "p50_ms": float("nan"), "p95_ms": float("nan"),
                    "max_ms": float("nan"), "errors": self.errors}
        values = sorted(self.latencies)
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        return {
            "n": len(values),
            "p50_ms": statistics.median(values) * 1000,
            "p95_ms": p95 * 1000,
            "max_ms": values[-1] * 1000,
            "errors": self.errors,
        }


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return (status, server wants the connection closed)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers.get("connection", "").lower() == "close"


async def _client(host: str, port: int, path: str, until: float, stats: Stats,
                  linger: float | None, keep_alive: bool) -> None:
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: bench\r\n"
               f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n").encode()
    writer = None
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(host, port), timeout=max(0.1, until - started))
            writer.write(request)
            await writer.drain()
            status, close = await asyncio.wait_for(
                _read_response(reader), timeout=max(0.1, until - started + 5))
            stats.latencies.append(time.monotonic() - started)
            if status >= 500:
                stats.errors += 1
            if close or not keep_alive:
                if linger is None:
                    await asyncio.sleep(max(0.0, until - time.monotonic()))
                elif linger:
                    await asyncio.sleep(linger)
                writer.close()
                writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            if time.monotonic() < until:
                stats.errors += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def run_load(host: str, port: int, path: str, *, normal: int, late: int,
                   seconds: float, linger: float | None = 2.0) -> tuple[Stats, Stats]:
    """Run ``normal`` browser-like clients beside ``late`` ones for ``seconds``; both stats."""
    assert host.startswith("127.") or host == "localhost", "bench targets loopback only"
    until = time.monotonic() + seconds
    normal_stats, late_stats = Stats(), Stats()
    tasks = [_client(host, port, path, until, normal_stats, 0.0, True) for _ in range(normal)]
    tasks += [_client(host, port, path, until, late_stats, linger, False) for _ in range(late)]
    await asyncio.gather(*tasks)
    return normal_stats, late_stats
