"""A WebSocket client for the Register API tests (the `websockets` library of the SDK's
environment): connects to /connect with a key, prints every message as a JSON line until
`until` appears in one or `seconds` pass; exit 3 if the upgrade is refused.

usage: ws_client.py <url> <api key, proto:<api key> (as a browser sends it: subprotocols) or -> <seconds> [until]
"""
import asyncio
import json
import signal
import sys

import websockets


async def main():
    url, key, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    until = sys.argv[4] if len(sys.argv) > 4 else None
    headers, subprotocols = {}, None
    if key.startswith("proto:"):
        subprotocols = ["nicompute.v1", "nicompute.key." + key[len("proto:"):]]
    elif key != "-":
        headers = {"Authorization": f"Bearer {key}"}
    try:
        async with websockets.connect(url, additional_headers=headers, subprotocols=subprotocols) as socket:
            print(f"CONNECTED subprotocol={socket.subprotocol}", flush=True)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seconds
            while loop.time() < deadline:
                try:
                    message = await asyncio.wait_for(socket.recv(), timeout=max(0.1, deadline - loop.time()))
                except asyncio.TimeoutError:
                    break
                print(json.dumps(json.loads(message)), flush=True)
                if until and until in message:
                    break
    except websockets.exceptions.InvalidStatus as error:
        print(f"REFUSED {error}", flush=True)
        sys.exit(3)


signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
asyncio.run(main())
