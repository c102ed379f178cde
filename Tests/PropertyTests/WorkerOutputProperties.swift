import Foundation
import ProofOfGPU
import Testing
@testable import Validator

/// What a miner's worker prints, mutated from honest answers, through the code the validator's
/// runner uses (``WorkerReplies`` and ``RoundPlan``): each answer is a value the round can use or
/// that miner's ``PoGFailure``, and nothing a miner prints traps the validator.
@Suite("property: the worker's JSON answers")
struct WorkerOutputProperties {
    static let config = PoGConfig(
        gpus: [.init(name: "NVIDIA H100 80GB HBM3", fp16TFLOPS: 570, fp32TFLOPS: 49, vramGB: 34.36)],
        tolerancePairs: [:], scores: ["NVIDIA H100 80GB HBM3": 3.3], merkle: PoGConfig.MerkleSettings(),
        cpuDevice: (name: "CPU", score: 0.1))
    static let root = String(repeating: "ab", count: 32)
    static let info = #"{"num_gpus": 1, "gpu_names": ["NVIDIA H100 80GB HBM3"], "backend": "cuda"}"#
    static let benchmark = #"{"num_gpus": 1, "vram_gb": 34.36, "fp16": {"n": 92672, "seconds": 2.8}, "fp32": {"n": 46336, "seconds": 4.1}}"#
    static let compute =
        #"{"n": 256, "roots": [{"gpu": 0, "root": "\#(root)"}], "#
        + #""timings": [{"gpu": 0, "generation_s": 0.1, "multiplication_s": 0.5, "merkle_s": 0.1}]}"#

    /// Runs `body`; a failure must be a ``PoGFailure``.
    static func outcome<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch is PoGFailure { return nil } catch {
            Issue.record("not a PoGFailure: \(error)")
            return nil
        }
    }

    @Test("GPU info and benchmark answers: a round plan or a named failure")
    func plans() {
        var mutator = SeededMutator()
        let settings = PoGSettings(config: Self.config)
        var planned = 0
        for _ in 0..<SeededMutator.runs {
            let infoBytes = mutator.below(2) == 0 ? Array(Self.info.utf8) : mutator.mutate(Array(Self.info.utf8))
            // Honest answers now and then, so each run also proves the honest path still plans.
            let benchmarkBytes = mutator.below(4) == 0 ? Array(Self.benchmark.utf8) : mutator.mutate(Array(Self.benchmark.utf8))
            guard let info = Self.outcome({ try WorkerReplies.gpuInfo(infoBytes) }),
                let report = Self.outcome({ try WorkerReplies.benchmark(benchmarkBytes) })
            else { continue }
            if let plan = Self.outcome({ try RoundPlan.make(settings: settings, info: info, benchmark: report) }) {
                #expect(plan.n > 0 && plan.gpuCount >= 1, "seed \(mutator.seed): \(String(decoding: benchmarkBytes, as: UTF8.self))")
                planned += 1
            }
        }
        #expect(planned > 0, "the mutations never produced a plan: the harness would prove nothing")
    }

    @Test("compute answers: accepted for the size and GPUs asked, or a named failure")
    func computeAnswers() {
        var mutator = SeededMutator()
        var accepted = 0
        for _ in 0..<SeededMutator.runs {
            let bytes = mutator.mutate(Array(Self.compute.utf8))
            if let response = Self.outcome({ try WorkerReplies.compute(bytes, n: 256, gpus: [0]) }) {
                #expect(response.n == 256, "seed \(mutator.seed): \(String(decoding: bytes, as: UTF8.self))")
                accepted += 1
            }
        }
        #expect(accepted > 0)
    }
}
