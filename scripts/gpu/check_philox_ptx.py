#!/usr/bin/env python3
"""Checks the worker's device-side generator (the PTX kernel in
Sources/nicompute-pog/Backends/PhiloxPTX.swift) on a real NVIDIA GPU, with nothing but the
driver (libcuda.so.1) and plain Python: loads the PTX text as the worker does
(cuModuleLoadData), launches it, and compares the entries with an independent Python
Philox4x32-10 (scripts/pog/check_generator.py). Prints one JSON line per case, and the
kernel's generation speed.

    scripts/gpu/check_philox_ptx.py        (exit 0 when every compared entry matches)
"""
import ctypes
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "pog"))
from check_generator import entry_q, philox4x32_10, KNOWN_ANSWERS  # noqa: E402


def ptx_source():
    text = open(os.path.join(ROOT, "Sources/nicompute-pog/Backends/PhiloxPTX.swift")).read()
    start = text.index('static let source = """') + len('static let source = """')
    end = text.index('"""', start)
    lines = text[start:end].split("\n")[1:]
    return "\n".join(line[8:] if line.startswith("        ") else line for line in lines) + "\0"


def check(status, call):
    if status != 0:
        raise RuntimeError(f"{call} failed with CUDA error {status}")


def main():
    for counter, key, expected in KNOWN_ANSWERS:
        assert philox4x32_10(counter, key) == expected
    cuda = ctypes.CDLL("libcuda.so.1")
    check(cuda.cuInit(0), "cuInit")
    device = ctypes.c_int()
    check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
    context = ctypes.c_void_p()
    check(cuda.cuDevicePrimaryCtxRetain(ctypes.byref(context), device), "cuDevicePrimaryCtxRetain")
    check(cuda.cuCtxSetCurrent(context), "cuCtxSetCurrent")
    module = ctypes.c_void_p()
    log = ctypes.create_string_buffer(8192)
    options = (ctypes.c_int * 2)(5, 6)  # CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
    values = (ctypes.c_void_p * 2)(ctypes.cast(log, ctypes.c_void_p), ctypes.c_void_p(8192))
    status = cuda.cuModuleLoadDataEx(ctypes.byref(module), ptx_source().encode(), 2, options, values)
    if status != 0:
        print(json.dumps({"ok": False, "stage": "cuModuleLoadDataEx", "status": status, "log": log.value.decode(errors="replace")}))
        return 1
    function = ctypes.c_void_p()
    check(cuda.cuModuleGetFunction(ctypes.byref(function), module, b"philox_fill"), "cuModuleGetFunction")
    cuda.cuMemAlloc_v2.argtypes = [ctypes.POINTER(ctypes.c_uint64), ctypes.c_size_t]
    cuda.cuMemcpyDtoH_v2.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.c_size_t]
    cuda.cuMemFree_v2.argtypes = [ctypes.c_uint64]
    cuda.cuLaunchKernel.argtypes = [ctypes.c_void_p] + [ctypes.c_uint] * 7 + [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]

    def generate(seed, n):
        pointer = ctypes.c_uint64()
        size = n * n * 4
        check(cuda.cuMemAlloc_v2(ctypes.byref(pointer), size), "cuMemAlloc")
        arguments = [ctypes.c_uint64(pointer.value), ctypes.c_uint32(n), ctypes.c_uint32(seed & 0xFFFFFFFF), ctypes.c_uint32(seed >> 32)]
        parameters = (ctypes.c_void_p * 4)(*[ctypes.cast(ctypes.pointer(a), ctypes.c_void_p) for a in arguments])
        threads = n * ((n + 3) // 4)
        grid = (threads + 255) // 256
        check(cuda.cuCtxSynchronize(), "cuCtxSynchronize")
        started = time.perf_counter()
        check(cuda.cuLaunchKernel(function, grid, 1, 1, 256, 1, 1, 0, None, parameters, None), "cuLaunchKernel")
        check(cuda.cuCtxSynchronize(), "cuCtxSynchronize")
        seconds = time.perf_counter() - started
        return pointer, seconds

    def rows(pointer, n, wanted):
        out = {}
        for i in wanted:
            buffer = (ctypes.c_float * n)()
            check(cuda.cuMemcpyDtoH_v2(buffer, pointer.value + i * n * 4, n * 4), "cuMemcpyDtoH")
            out[i] = [int(v * 2**23) for v in buffer]
        return out

    ok = True
    cases = [(0, 1), (5, 3), (2**64 - 1, 5), (0xFEDCBA9876543210, 257), (0x0123456789ABCDEF, 1024), (42, 16384), (7, 29312), (99, 65536)]
    for seed, n in cases:
        pointer, seconds = generate(seed, n)
        if n <= 257:
            wanted = list(range(n))
        else:
            wanted = [0, 1, n // 2, n - 1]
        got = rows(pointer, n, wanted)
        columns = range(n) if n <= 2048 else list(range(64)) + list(range(n // 2 - 3, n // 2 + 5)) + list(range(n - 64, n))
        mismatches = sum(1 for i in wanted for j in columns if got[i][j] != entry_q(seed, i, j))
        compared = len(wanted) * len(columns)
        check(cuda.cuMemFree_v2(pointer.value), "cuMemFree")
        ok = ok and mismatches == 0
        print(json.dumps({"seed": str(seed), "n": n, "compared": compared, "mismatches": mismatches, "kernel_seconds": round(seconds, 6),
                          "values_per_second": round(n * n / seconds) if seconds > 0 else None}), flush=True)
    print(json.dumps({"ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
