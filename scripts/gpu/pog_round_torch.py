#!/usr/bin/env python3
"""A Proof-of-GPU round on a real NVIDIA GPU without the Swift worker: A and B generated on the
device by the worker's own PTX kernel (PhiloxPTX.swift, through the driver), C = A·B by cuBLAS
through PyTorch in float32 (TF32 off), then 16 random cells per round checked against the exact
float64 value with NI Compute's fp32 bound (ValueTolerance.swift, reimplemented here). The same
cells are checked for two cheats: TF32 tensor cores (allow_tf32) and fp16 inputs. Prints one
JSON line per round: the worst |error|/bound of each, how many cells each fails, timings.

    scripts/gpu/pog_round_torch.py [N] [ROUNDS]      (needs torch, numpy, a GPU)
"""
import ctypes, json, math, sys, time
import numpy as np
import torch
from check_philox_ptx import ptx_source, check

U, LAM = 2.0 ** -24, 6.0


def bound(p):
    s = np.concatenate([[0.0], np.cumsum(p)])
    n = len(p)
    r = s.max() - s.min()
    return LAM * U * math.sqrt((n - 1) * r * r + float(np.sum(p * p))) * (1 + n * U) + U * abs(s[-1]) + n * 2.0 ** -53 * float(np.abs(p).sum()), s[-1]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 29280
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.cuda.init()
    torch.empty(1, device="cuda")
    cuda = ctypes.CDLL("libcuda.so.1")
    module, function = ctypes.c_void_p(), ctypes.c_void_p()
    check(cuda.cuModuleLoadData(ctypes.byref(module), ptx_source().encode()), "cuModuleLoadData")
    check(cuda.cuModuleGetFunction(ctypes.byref(function), module, b"philox_fill"), "cuModuleGetFunction")
    cuda.cuLaunchKernel.argtypes = [ctypes.c_void_p] + [ctypes.c_uint] * 7 + [ctypes.c_void_p] * 3
    rng = np.random.default_rng()

    def generate(seed):
        m = torch.empty((n, n), dtype=torch.float32, device="cuda")
        args = [ctypes.c_uint64(m.data_ptr()), ctypes.c_uint32(n), ctypes.c_uint32(seed & 0xFFFFFFFF), ctypes.c_uint32(seed >> 32)]
        params = (ctypes.c_void_p * 4)(*[ctypes.cast(ctypes.pointer(a), ctypes.c_void_p) for a in args])
        check(cuda.cuLaunchKernel(function, (n * ((n + 3) // 4) + 255) // 256, 1, 1, 256, 1, 1, 0, None, params, None), "launch")
        return m

    for r in range(rounds):
        sa, sb = int(rng.integers(0, 2**63)) * 2 + 1, int(rng.integers(0, 2**63)) * 2
        torch.cuda.synchronize(); t0 = time.perf_counter()
        a, b = generate(sa), generate(sb)
        torch.cuda.synchronize(); t1 = time.perf_counter()
        torch.backends.cuda.matmul.allow_tf32 = False
        c = a @ b
        torch.cuda.synchronize(); t2 = time.perf_counter()
        torch.backends.cuda.matmul.allow_tf32 = True
        c_tf32 = a @ b
        torch.backends.cuda.matmul.allow_tf32 = False
        c_16 = (a.half() @ b.half()).float()
        torch.cuda.synchronize()
        cells = [(int(i), int(j)) for i, j in rng.integers(0, n, (16, 2))]
        worst = {"fp32": 0.0, "tf32": 0.0, "fp16": 0.0}
        fails = {"fp32": 0, "tf32": 0, "fp16": 0}
        for i, j in cells:
            p = a[i, :].double().cpu().numpy() * b[:, j].double().cpu().numpy()
            tol, exact = bound(p)
            for name, m in (("fp32", c), ("tf32", c_tf32), ("fp16", c_16)):
                ratio = abs(float(m[i, j]) - exact) / tol
                worst[name] = max(worst[name], ratio)
                fails[name] += ratio > 1
        print(json.dumps({"round": r, "n": n, "generate_A_and_B_s": round(t1 - t0, 5), "sgemm_s": round(t2 - t1, 4),
                          "sgemm_tflops": round(2 * n ** 3 / (t2 - t1) / 1e12, 1), "cells": 16, "cells_failed": fails,
                          "worst_error_over_bound": {k: round(v, 3) for k, v in worst.items()}}), flush=True)


if __name__ == "__main__":
    main()
