#!/usr/bin/env python3
"""Keeps N downloads in flight, each read at RATE bytes/s (in two slices a second), for SECONDS;
prints how many started, failed and the rate they got. Usage: slow-clients.py URL AUTHORIZATION N RATE SECONDS"""
import asyncio, socket, sys, time
from urllib.parse import urlsplit

url, authorization, count, rate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
parts = urlsplit(url)
stats = {"started": 0, "bytes": 0, "failed": 0, "finished": 0}
reasons = {}
SLICE = 0.5

async def one(deadline):
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    sock.setblocking(False)
    try:
        await asyncio.get_running_loop().sock_connect(sock, (parts.hostname, parts.port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=65536)
        writer.write(f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: {authorization}\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise IOError(status.decode(errors="replace").strip() or "connection closed before the status line")
        stats["started"] += 1
        budget = int(rate * SLICE)
        while time.monotonic() < deadline:
            began = time.monotonic()
            got = 0
            while got < budget:
                data = await reader.read(budget - got)
                if not data:
                    stats["finished"] += 1
                    return
                got += len(data)
            stats["bytes"] += got
            await asyncio.sleep(max(0.0, SLICE - (time.monotonic() - began)))
        writer.close()
    except Exception as e:
        stats["failed"] += 1
        reasons[repr(e)[:80]] = reasons.get(repr(e)[:80], 0) + 1

async def main():
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(one(deadline) for _ in range(count)))

began = time.monotonic()
asyncio.run(main())
elapsed = time.monotonic() - began
print(f"slow clients: {stats['started']} of {count} downloads started, {stats['failed']} failed, "
      f"{stats['finished']} finished early, {stats['bytes'] / elapsed / count / 1024:.1f} KiB/s each on average"
      + (f"; failures: {reasons}" if reasons else ""))
