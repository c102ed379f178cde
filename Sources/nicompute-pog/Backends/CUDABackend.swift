#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// NVIDIA GPUs through the CUDA runtime and cuBLAS, loaded with `dlopen` at run time so the
/// worker has no build- or link-time dependency on CUDA and runs unchanged where it is absent.
///
/// Row-major C = A·B is computed as column-major Cᵀ = Bᵀ·Aᵀ, i.e. `sgemm(B, A)`. Float32 GEMM
/// runs in cuBLAS's default math mode, which never substitutes TF32.
final class CUDABackend: MatrixBackend, @unchecked Sendable {
    // @unchecked: the function pointers are immutable after init and the libraries are
    // thread-safe per device; the worker drives one device at a time.
    let name = "cuda"
    let deviceNames: [String]
    private let api: CUDAFunctions

    /// Loads CUDA; nil when the libraries or an NVIDIA GPU are absent.
    init?() {
        guard let api = CUDAFunctions.load() else { return nil }
        var count: Int32 = 0
        guard api.getDeviceCount(&count) == 0, count > 0 else { return nil }
        self.api = api
        self.deviceNames = (0..<count).map { api.deviceName($0) }
    }

    func memoryGB() throws -> Double {
        try check(api.setDevice(0), "cudaSetDevice")
        var free = 0
        var total = 0
        try check(api.memGetInfo(&free, &total), "cudaMemGetInfo")
        // The reference doubles an fp16 allocation until it fails: the largest power of two
        // that fits. Computed here without the allocations.
        guard free > 0 else { return 0 }
        let power = Int.bitWidth - 1 - free.leadingZeroBitCount
        return Double(1 << power) / 1e9
    }

    func multiply(_ a: [Float], _ b: [Float], n: Int, device: Int, into c: inout [Float]) throws -> Double {
        try check(api.setDevice(Int32(device)), "cudaSetDevice")
        let bytes = n * n * MemoryLayout<Float>.size
        let dA = try allocate(bytes), dB = try allocate(bytes), dC = try allocate(bytes)
        defer { _ = api.free(dA); _ = api.free(dB); _ = api.free(dC) }
        try a.withUnsafeBytes { try check(api.memcpy(dA, $0.baseAddress, bytes, 1), "cudaMemcpy A") }
        try b.withUnsafeBytes { try check(api.memcpy(dB, $0.baseAddress, bytes, 1), "cudaMemcpy B") }
        let seconds = try gemm(dB, dA, dC, n: n, precision: .fp32)
        try c.withUnsafeMutableBytes { try check(api.memcpy($0.baseAddress, dC, bytes, 2), "cudaMemcpy C") }
        return seconds
    }

    func benchmark(n: Int, precision: Precision) throws -> Double {
        try check(api.setDevice(0), "cudaSetDevice")
        let elementSize = precision == .fp16 ? 2 : 4
        let bytes = n * n * elementSize
        let dA = try allocate(bytes), dB = try allocate(bytes), dC = try allocate(bytes)
        defer { _ = api.free(dA); _ = api.free(dB); _ = api.free(dC) }
        var generator = SystemRandomNumberGenerator()
        let host: [UInt8]
        if precision == .fp16 {
            host = (0..<(n * n)).flatMap { _ -> [UInt8] in
                let bits = halfBits(Float.random(in: -1...1, using: &generator))
                return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
            }
        } else {
            host = (0..<(n * n)).map { _ in Float.random(in: -1...1, using: &generator) }.withUnsafeBytes { Array($0) }
        }
        try host.withUnsafeBytes { try check(api.memcpy(dA, $0.baseAddress, bytes, 1), "cudaMemcpy") }
        try host.withUnsafeBytes { try check(api.memcpy(dB, $0.baseAddress, bytes, 1), "cudaMemcpy") }
        return try gemm(dA, dB, dC, n: n, precision: precision)
    }

    private func gemm(_ left: UnsafeMutableRawPointer, _ right: UnsafeMutableRawPointer, _ out: UnsafeMutableRawPointer, n: Int, precision: Precision) throws -> Double {
        var handle: OpaquePointer?
        guard api.cublasCreate(&handle) == 0, let handle else { throw BackendError("cublasCreate failed") }
        defer { _ = api.cublasDestroy(handle) }
        var alpha: Float = 1
        var beta: Float = 0
        let size = Int32(n)
        try check(api.deviceSynchronize(), "cudaDeviceSynchronize")
        let start = ContinuousClock.now
        let status: Int32
        switch precision {
        case .fp32:
            status = api.sgemm(handle, 0, 0, size, size, size, &alpha, left, size, right, size, &beta, out, size)
        case .fp16:
            // CUDA_R_16F = 2 for A, B and C; CUBLAS_COMPUTE_32F = 68; CUBLAS_GEMM_DEFAULT = -1.
            status = api.gemmEx(handle, 0, 0, size, size, size, &alpha, left, 2, size, right, 2, size, &beta, out, 2, size, 68, -1)
        }
        guard status == 0 else { throw BackendError("cuBLAS GEMM failed with status \(status)") }
        try check(api.deviceSynchronize(), "cudaDeviceSynchronize")
        return (ContinuousClock.now - start).seconds
    }

    private func allocate(_ bytes: Int) throws -> UnsafeMutableRawPointer {
        var pointer: UnsafeMutableRawPointer?
        guard api.malloc(&pointer, bytes) == 0, let pointer else {
            throw BackendError("cudaMalloc of \(bytes) bytes failed: not enough GPU memory for this n")
        }
        return pointer
    }

    private func check(_ status: Int32, _ call: String) throws {
        guard status == 0 else { throw BackendError("\(call) failed with CUDA error \(status)") }
    }

    /// IEEE binary16 bits of `value` (round to nearest; the benchmark only needs plausible data).
    private func halfBits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        guard exponent > 0 else { return sign }
        guard exponent < 31 else { return sign | 0x7C00 }
        return sign | UInt16(exponent) << 10 | UInt16((bits >> 13) & 0x3FF)
    }
}
