import COpenBLAS
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU

/// The CPU as one device: OpenBLAS `sgemm` on all cores. It has no fast half precision, so its
/// "fp16" benchmark is the float32 one; the devnet's CPU device class is identified by name.
struct CPUBackend: MatrixBackend {
    let name = "cpu"
    var deviceNames: [String] { ["CPU"] }

    func memoryGB() throws -> Double {
        Double(SystemMemory.physicalBytes) / 1e9
    }

    func multiply(_ a: [Float], _ b: [Float], n: Int, device: Int, into c: inout [Float]) throws -> Double {
        guard device == 0 else { throw BackendError("the cpu backend has one device (0), not \(device)") }
        let size = Int32(n)
        let start = ContinuousClock.now
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1, a, size, b, size, 0, &c, size)
        return (ContinuousClock.now - start).seconds
    }

    /// Host memory is not probed: the reference's sizes are what a CPU machine is asked for.
    func largestBenchmarkSize(precision: Precision) throws -> Int? { nil }

    func benchmark(n: Int, precision: Precision) throws -> Double {
        var generator = SystemRandomNumberGenerator()
        let a = (0..<(n * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(n * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        var c = [Float](repeating: 0, count: n * n)
        return try multiply(a, b, n: n, device: 0, into: &c)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
