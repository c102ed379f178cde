import Foundation
import ProofOfGPU

/// The runner's only way to read what a miner's worker printed: strict JSON decoding, then
/// ``WorkerOutputValidation`` before any arithmetic. A reply that fails is that miner's
/// ``PoGFailure``; nothing in it can trap the validator.
enum WorkerReplies {
    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(PoGFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw .malformedOutput("\(T.self): \(String(describing: error).prefix(300))")
        }
    }

    static func gpuInfo(_ bytes: [UInt8]) throws(PoGFailure) -> GPUInfo {
        let info = try decode(GPUInfo.self, bytes)
        do { try WorkerOutputValidation.check(info) } catch { throw .implausibleValue(error) }
        return info
    }

    static func benchmark(_ bytes: [UInt8]) throws(PoGFailure) -> BenchmarkReport {
        let report = try decode(BenchmarkReport.self, bytes)
        do { try WorkerOutputValidation.check(report) } catch { throw .implausibleValue(error) }
        return report
    }

    static func compute(_ bytes: [UInt8], n: Int, gpus: Set<Int>) throws(PoGFailure) -> ComputeResponse {
        let response = try decode(ComputeResponse.self, bytes)
        do { try WorkerOutputValidation.check(response, n: n, gpus: gpus) } catch { throw .implausibleValue(error) }
        return response
    }
}
