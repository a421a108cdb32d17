#!/usr/bin/env python3
"""Keeps N downloads in flight, each read at RATE bytes/s, for SECONDS; prints what they got.
Usage: slow-clients.py URL AUTHORIZATION N RATE SECONDS"""
import asyncio, socket, sys, time
from urllib.parse import urlsplit

url, authorization, count, rate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
parts = urlsplit(url)
stats = {"started": 0, "bytes": 0, "failed": 0, "finished": 0}

async def one(deadline):
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    sock.setblocking(False)
    try:
        await asyncio.get_running_loop().sock_connect(sock, (parts.hostname, parts.port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=8192)
        writer.write(f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: {authorization}\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            stats["failed"] += 1
            return
        stats["started"] += 1
        chunk = max(1, rate // 8)
        while time.monotonic() < deadline:
            data = await reader.read(chunk)
            if not data:
                stats["finished"] += 1
                return
            stats["bytes"] += len(data)
            await asyncio.sleep(len(data) / rate)
        writer.close()
    except Exception:
        stats["failed"] += 1

async def main():
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(one(deadline) for _ in range(count)))

asyncio.run(main())
print(f"slow clients: {stats['started']} of {count} downloads started, {stats['failed']} failed, "
      f"{stats['finished']} finished early, {stats['bytes'] / seconds / count / 1024:.1f} KiB/s each on average")
