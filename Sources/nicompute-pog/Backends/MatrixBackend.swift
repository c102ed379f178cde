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
