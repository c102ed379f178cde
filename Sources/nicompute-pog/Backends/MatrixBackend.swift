#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU

/// Where the worker multiplies matrices: the CPU through OpenBLAS, or NVIDIA GPUs through
/// CUDA loaded at run time.
protocol MatrixBackend: Sendable {
    /// `cpu` or `cuda`, as reported by `gpu-info`.
    var name: String { get }
    /// The devices, each multiplying its own A·B.
    var deviceNames: [String] { get }
    /// Memory per device in GB, as the reference's probe reports it (a power of two).
    func memoryGB() throws -> Double
    /// C = A·B for n×n row-major float32 matrices on device `device`; returns the seconds
    /// spent multiplying (excluding transfers).
    func multiply(_ a: [Float], _ b: [Float], n: Int, device: Int, into c: inout [Float]) throws -> Double
    /// Seconds for one n×n multiplication of random matrices at the given precision.
    func benchmark(n: Int, precision: Precision) throws -> Double
    /// The largest n (a multiple of 32) whose A, B and C fit in the device's free memory at
    /// once, or nil when there is no such limit to respect.
    func largestBenchmarkSize(precision: Precision) throws -> Int?
    /// C = A·B for seeded A and B, generated where this backend does it best.
    func seededProduct(_ seeds: SeedPair, n: Int, device: Int) throws -> SeededProduct
    /// One seeded matrix as this backend generates it for `compute` (for `generate`).
    func seededMatrix(seed: UInt64, n: Int, device: Int) throws -> (values: [Float], onDevice: Bool)
}

enum Precision: String, Sendable {
    case fp16
    case fp32
}

/// A backend failure, shown as the worker's `{"error": …}`.
struct BackendError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One GPU's seeded product: C and the time of each phase.
struct SeededProduct {
    var c: [Float]
    var generationSeconds: Double
    var multiplicationSeconds: Double
    /// Whether A and B were generated on the device (else on the host and copied).
    var generatedOnDevice: Bool
}

extension MatrixBackend {
    /// C = A·B for the seeded A and B of `seeds` on `device`: by default generated on the host
    /// (all cores) and multiplied with ``multiply(_:_:n:device:into:)``. `n` must be in
    /// ``PoGLimits/matrixSizes``.
    func seededProduct(_ seeds: SeedPair, n: Int, device: Int) throws -> SeededProduct {
        let start = ContinuousClock.now
        let a = SeededMatrix(seed: seeds.a, n: n).values
        let b = SeededMatrix(seed: seeds.b, n: n).values
        let generation = (ContinuousClock.now - start).seconds
        var c = [Float](repeating: 0, count: n * n)
        let multiplication = try multiply(a, b, n: n, device: device, into: &c)
        return SeededProduct(c: c, generationSeconds: generation, multiplicationSeconds: multiplication, generatedOnDevice: false)
    }

    /// The seeded matrix as `device` generates it for `compute` (the host's, by default), and
    /// whether it came from the device.
    func seededMatrix(seed: UInt64, n: Int, device: Int) throws -> (values: [Float], onDevice: Bool) {
        (SeededMatrix(seed: seed, n: n).values, false)
    }
}
