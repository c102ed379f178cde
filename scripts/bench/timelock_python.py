#!/usr/bin/env python3
"""bittensor-drand 2.0.0 (Rust `tle`, arkworks) doing what TimelockBench does: encrypting the same
256-uid weight payload to quicknet round 1000 and decrypting it with that round's recorded
signature; py_ecc's pairing for scale. Prints one JSON object of operations per second.
Usage: timelock_python.py SECONDS"""
import json
import sys
import time

import bittensor_drand

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
SIGNATURE = "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"


def compact(n):
    return bytes([n << 2]) if n < 64 else ((n << 2) | 1).to_bytes(2, "little")


def payload():
    uids = list(range(256))
    values = [(u * 251) & 0xFFFF for u in uids]
    out = compact(32) + bytes([7] * 32)
    for vector in (uids, values):
        out += compact(len(vector)) + b"".join(v.to_bytes(2, "little") for v in vector)
    return out + (221).to_bytes(8, "little")


def rate(body, seconds=SECONDS):
    body()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        body()
        count += 1
    return count / (time.perf_counter() - start)


data = payload()
wrapped, _ = bittensor_drand.encrypt_at_round(data, 1000)
assert bytes(bittensor_drand.decrypt_with_signature(wrapped, SIGNATURE)) == data
result = {
    "encrypt_commit": rate(lambda: bittensor_drand.encrypt_at_round(data, 1000)),
    "decrypt_commit": rate(lambda: bittensor_drand.decrypt_with_signature(wrapped, SIGNATURE)),
}
try:
    from py_ecc.optimized_bls12_381 import G1, G2, multiply, pairing
    p, q = multiply(G1, 12345), multiply(G2, 67890)
    result["py_ecc_pairing"] = rate(lambda: pairing(q, p), seconds=min(SECONDS, 5))
except ImportError:
    pass
print(json.dumps(result))
