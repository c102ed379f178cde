#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU
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
    /// The driver API for device-side generation; nil falls back to host generation.
    private let driver: CUDADriverFunctions?

    /// Loads CUDA; nil when the libraries or an NVIDIA GPU are absent.
    init?() {
        guard let api = CUDAFunctions.load() else { return nil }
        var count: Int32 = 0
        guard api.getDeviceCount(&count) == 0, count > 0 else { return nil }
        self.api = api
        self.driver = CUDADriverFunctions.load()
        self.deviceNames = (0..<count).map { api.deviceName($0) }
    }

    func memoryGB() throws -> Double {
        // The figure config.yaml's VRAM column was measured with, not the card's size.
        VRAMProbe.reportedGB(freeBytes: try freeBytes())
    }

    /// GPU 0's free memory now.
    private func freeBytes() throws -> Int {
        try check(api.setDevice(0), "cudaSetDevice")
        var free = 0
        var total = 0
        try check(api.memGetInfo(&free, &total), "cudaMemGetInfo")
        return free
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

    // MARK: - Seeded matrices generated on the device

    /// A and B generated on the device by ``PhiloxPTX`` (host generation and a copy when the
    /// kernel cannot be loaded), C = A·B by cuBLAS, C copied back for the Merkle tree.
    func seededProduct(_ seeds: SeedPair, n: Int, device: Int) throws -> SeededProduct {
        guard PoGLimits.matrixSizes.contains(n), let deviceIndex = Int32(exactly: device) else {
            throw BackendError("n or device out of range")
        }
        try check(api.setDevice(deviceIndex), "cudaSetDevice")
        let bytes = n * n * MemoryLayout<Float>.size
        let dA = try allocate(bytes), dB = try allocate(bytes), dC = try allocate(bytes)
        defer { _ = api.free(dA); _ = api.free(dB); _ = api.free(dC) }
        let start = ContinuousClock.now
        let onDevice = try fill(dA, seed: seeds.a, n: n) && fill(dB, seed: seeds.b, n: n)
        if !onDevice {
            let a = SeededMatrix(seed: seeds.a, n: n).values
            let b = SeededMatrix(seed: seeds.b, n: n).values
            try a.withUnsafeBytes { try check(api.memcpy(dA, $0.baseAddress, bytes, 1), "cudaMemcpy A") }
            try b.withUnsafeBytes { try check(api.memcpy(dB, $0.baseAddress, bytes, 1), "cudaMemcpy B") }
        }
        try check(api.deviceSynchronize(), "cudaDeviceSynchronize")
        let generation = (ContinuousClock.now - start).seconds
        let multiplication = try gemm(dB, dA, dC, n: n, precision: .fp32)
        var c = [Float](repeating: 0, count: n * n)
        try c.withUnsafeMutableBytes { try check(api.memcpy($0.baseAddress, dC, bytes, 2), "cudaMemcpy C") }
        return SeededProduct(c: c, generationSeconds: generation, multiplicationSeconds: multiplication, generatedOnDevice: onDevice)
    }

    /// One seeded matrix generated on `device` (or on the host when the kernel cannot load).
    func seededMatrix(seed: UInt64, n: Int, device: Int) throws -> (values: [Float], onDevice: Bool) {
        guard PoGLimits.matrixSizes.contains(n), let deviceIndex = Int32(exactly: device) else {
            throw BackendError("n or device out of range")
        }
        try check(api.setDevice(deviceIndex), "cudaSetDevice")
        let bytes = n * n * MemoryLayout<Float>.size
        let matrix = try allocate(bytes)
        defer { _ = api.free(matrix) }
        guard try fill(matrix, seed: seed, n: n) else { return (SeededMatrix(seed: seed, n: n).values, false) }
        var values = [Float](repeating: 0, count: n * n)
        try values.withUnsafeMutableBytes { try check(api.memcpy($0.baseAddress, matrix, bytes, 2), "cudaMemcpy") }
        return (values, true)
    }

    /// Launches ``PhiloxPTX`` over the n×n float32 matrix at `matrix` on the current device and
    /// waits for it; false when the driver API, the module or the launch is unavailable (the
    /// caller then generates on the host). A failure after a launch is an error.
    private func fill(_ matrix: UnsafeMutableRawPointer, seed: UInt64, n: Int) throws -> Bool {
        guard let driver, let size = UInt32(exactly: n) else { return false }
        var context: OpaquePointer?
        guard driver.contextGetCurrent(&context) == 0, context != nil else { return false }
        var module: OpaquePointer?
        guard PhiloxPTX.source.withCString({ driver.moduleLoadData(&module, $0) }) == 0, let module else { return false }
        defer { _ = driver.moduleUnload(module) }
        var function: OpaquePointer?
        guard PhiloxPTX.kernelName.withCString({ driver.moduleGetFunction(&function, module, $0) }) == 0, let function else { return false }
        // n ≤ 65 536: n·⌈n/4⌉ ≤ 2³⁰ threads, so the grid fits a UInt32.
        let threads = UInt64(size) * ((UInt64(size) + 3) / 4)
        let blocks = (threads + UInt64(PhiloxPTX.threadsPerBlock) - 1) / UInt64(PhiloxPTX.threadsPerBlock)
        guard let grid = UInt32(exactly: blocks) else { return false }
        let (key0, key1) = SeededGenerator.key(seed)
        // The kernel's parameters by value (u64 pointer, u32 n, u32 key0, u32 key1) and the
        // array of pointers to them that cuLaunchKernel takes.
        let values = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
        defer { values.deallocate() }
        values.storeBytes(of: UInt64(UInt(bitPattern: matrix)), toByteOffset: 0, as: UInt64.self)
        values.storeBytes(of: size, toByteOffset: 8, as: UInt32.self)
        values.storeBytes(of: key0, toByteOffset: 12, as: UInt32.self)
        values.storeBytes(of: key1, toByteOffset: 16, as: UInt32.self)
        var parameters: [UnsafeMutableRawPointer?] = [values, values + 8, values + 12, values + 16]
        let launched = parameters.withUnsafeMutableBufferPointer { buffer in
            driver.launchKernel(function, grid, 1, 1, PhiloxPTX.threadsPerBlock, 1, 1, 0, nil, buffer.baseAddress, nil)
        }
        guard launched == 0 else { return false }
        try check(api.deviceSynchronize(), "philox_fill")
        return true
    }

    /// A cap on the reference's sizes: A, B and C must fit in 90 % of the memory free now. The
    /// reference's sizes need 1.5 × the probe's figure, which ``VRAMProbe`` keeps within the
    /// memory free when it ran; the cap keeps a run from failing when less is free by the time
    /// it multiplies (another process, cuBLAS's workspace).
    func largestBenchmarkSize(precision: Precision) throws -> Int? {
        let elementSize = precision == .fp16 ? 2.0 : 4.0
        return Int((0.9 * Double(try freeBytes()) / (3 * elementSize)).squareRoot()) / 32 * 32
    }

    func benchmark(n: Int, precision: Precision) throws -> Double {
        try check(api.setDevice(0), "cudaSetDevice")
        let elementSize = precision == .fp16 ? 2 : 4
        let bytes = n * n * elementSize
        let dA = try allocate(bytes), dB = try allocate(bytes), dC = try allocate(bytes)
        defer { _ = api.free(dA); _ = api.free(dB); _ = api.free(dC) }
        // Only the product is timed and any plausible data will do, so one tile of random
        // values (at most 64 MiB, whatever n is) is copied over A and B. Filling n² values one by
        // one from the system's CSPRNG took minutes at n = 16384 and needed host memory the
        // size of the GPU's at the full size.
        let tile = Self.randomTile(bytes: min(bytes, 64 << 20), precision: precision)
        for matrix in [dA, dB] {
            var offset = 0
            while offset < bytes {
                let count = min(tile.count, bytes - offset)
                try tile.withUnsafeBytes { try check(api.memcpy(matrix + offset, $0.baseAddress, count, 1), "cudaMemcpy") }
                offset += count
            }
        }
        return try gemm(dA, dB, dC, n: n, precision: precision)
    }

    private func gemm(
        _ left: UnsafeMutableRawPointer, _ right: UnsafeMutableRawPointer, _ out: UnsafeMutableRawPointer, n: Int, precision: Precision
    ) throws -> Double {
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

    /// `bytes` of values in [-1, 1] as fp16 or fp32, from a fast generator seeded once by the
    /// system (SplitMix64: the benchmark needs plausible data, not secrets).
    static func randomTile(bytes: Int, precision: Precision) -> [UInt8] {
        var state = UInt64.random(in: .min ... .max)
        var tile = [UInt8](repeating: 0, count: bytes)
        tile.withUnsafeMutableBytes { raw in
            let count = bytes / (precision == .fp16 ? 2 : 4)
            for index in 0..<count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                let value = Float(z >> 40) / Float(1 << 23) - 1
                if precision == .fp16 {
                    raw.storeBytes(of: halfBits(value).littleEndian, toByteOffset: index * 2, as: UInt16.self)
                } else {
                    raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
                }
            }
        }
        return tile
    }

    /// IEEE binary16 bits of `value` (round to nearest; the benchmark only needs plausible data).
    private static func halfBits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        guard exponent > 0 else { return sign }
        guard exponent < 31 else { return sign | 0x7C00 }
        return sign | UInt16(exponent) << 10 | UInt16((bits >> 13) & 0x3FF)
    }
}
