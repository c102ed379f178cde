"""The reference validator's per-cell verification cost, reproduced from its description
(ni-compute v1.9.0 pog.py:verify_responses): A's row and B's column built by calling the
numpy-scalar generator once per value, then np.dot and np.isclose. Prints seconds per cell."""
import json
import sys
import time

import numpy as np

M = np.uint64(0xFFFFFFFF)


def xorshift(x):
    x = x & M
    x ^= np.uint64((x << np.uint64(13)) & M)
    x ^= np.uint64((x >> np.uint64(17)) & M)
    x ^= np.uint64((x << np.uint64(5)) & M)
    return x & M


def value(s, i, j):
    state = (np.uint64(s) + np.uint64(i % 2**32) + np.uint64(j)) & M
    for _ in range(10):
        state = xorshift(state)
    return state / float(0xFFFFFFFF)


def verify_cell(s_a, s_b, i, j, n, claimed):
    row = np.array([value(s_a, i, col) for col in range(n)], dtype=np.float32)
    col = np.array([value(s_b, r, j) for r in range(n)], dtype=np.float32)
    return bool(np.isclose(claimed, np.dot(row, col), atol=1e-5))


n = int(sys.argv[1]) if len(sys.argv) > 1 else 16384
cells = int(sys.argv[2]) if len(sys.argv) > 2 else 2
start = time.perf_counter()
for c in range(cells):
    verify_cell(1, 2, c, 77, n, 4096.0)
print(json.dumps({"n": n, "seconds_per_cell": (time.perf_counter() - start) / cells}))
