"""sr25519 sign/verify throughput of bittensor-wallet's Rust core (schnorrkel), through its
Python binding: the peer `make bench` measures our Swift implementation against."""
import json
import sys
import time

from bittensor_wallet import Keypair

DURATION = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
keypair = Keypair.create_from_uri("//Alice")
message = b"a" * 106
signature = keypair.sign(message)
assert keypair.verify(message, signature)


def rate(operation):
    for _ in range(200):  # warm-up
        operation()
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < DURATION:
        for _ in range(100):
            operation()
        count += 100
    return count / elapsed


def noop():
    pass


print(json.dumps({
    "sign": rate(lambda: keypair.sign(message)),
    "verify": rate(lambda: keypair.verify(message, signature)),
    # What a Python call itself costs, to show how much of the peer's time is the binding.
    "call_overhead_per_s": rate(noop),
}))
