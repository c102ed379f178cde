#!/usr/bin/env python3
"""Independent check of NI Compute's Proof-of-GPU generator, in plain Python (numpy optional).

Reimplements Philox4x32-10 from Salmon et al. (SC11), pins it to the Random123 known answers,
asks `nicompute-pog generate` for rows of a seeded matrix, recomputes every printed entry here,
and looks for the shift structure of the legacy generator (A[i+1][k] == A[i][k+1]), which
would let a miner compute C by a recurrence instead of a product.

    check_generator.py WORKER [--seed S] [--n N]

Prints a JSON summary; exits 1 on any mismatch or if the shift structure is found.
"""
import json
import subprocess
import sys

MASK = 0xFFFFFFFF
M0, M1 = 0xD2511F53, 0xCD9E8D57
W0, W1 = 0x9E3779B9, 0xBB67AE85


def philox4x32_10(counter, key):
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for _ in range(10):
        p0 = M0 * c0
        p1 = M1 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32) ^ c3 ^ k1) & MASK, p0 & MASK
        k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
    return c0, c1, c2, c3


KNOWN_ANSWERS = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((MASK, MASK, MASK, MASK), (MASK, MASK), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]


def entry_q(seed, i, j):
    """The signed 24-bit integer q of entry (i, j); the value is q * 2**-23."""
    key = (seed & MASK, seed >> 32)
    block = j // 4
    words = philox4x32_10((i & MASK, block & MASK, i >> 32, block >> 32), key)
    word = words[j % 4]
    signed = word - (1 << 32) if word & 0x80000000 else word
    return signed >> 8


def main():
    worker = sys.argv[1]
    seed = 0xFEDCBA9876543210
    n = 257
    args = sys.argv[2:]
    if "--seed" in args:
        seed = int(args[args.index("--seed") + 1])
    if "--n" in args:
        n = int(args[args.index("--n") + 1])
    for counter, key, expected in KNOWN_ANSWERS:
        got = philox4x32_10(counter, key)
        if got != expected:
            print(json.dumps({"ok": False, "reason": f"Philox known answer {counter} {key}: {got}"}))
            return 1
    rows = list(range(0, min(n, 24)))
    out = subprocess.run([worker, "generate", "--backend", "cpu", "--seed", str(seed), "--n", str(n),
                          "--rows", ",".join(map(str, rows))], capture_output=True, check=True)
    answer = json.loads(out.stdout)
    matrix = {row["i"]: row["q"] for row in answer["rows"]}
    mismatches = sum(1 for i in rows for j in range(n) if matrix[i][j] != entry_q(seed, i, j))
    # Shift structure: the legacy generator has A[i+1][k] == A[i][k+1] for every k.
    pairs = shifted = 0
    for i in rows[:-1]:
        for k in range(n - 1):
            pairs += 1
            shifted += matrix[i + 1][k] == matrix[i][k + 1]
    values = [q for i in rows for q in matrix[i]]
    mean = sum(values) / len(values) / 2**23
    in_range = all(-(1 << 23) <= q < (1 << 23) for q in values)
    # Equal 24-bit values by chance: about one pair in 2**24.
    ok = mismatches == 0 and shifted <= max(1, pairs // 100000) and in_range and abs(mean) < 0.05
    print(json.dumps({"ok": ok, "n": n, "seed": str(seed), "entries_checked": len(values), "mismatches": mismatches,
                      "shift_pairs": pairs, "shift_equal": shifted, "mean": mean, "in_range": in_range}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
