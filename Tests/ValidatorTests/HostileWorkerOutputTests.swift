import Foundation
import ProofOfGPU
import Testing
@testable import Validator

/// Every hostile number a miner's worker can print goes through the code the runner uses
/// (``WorkerReplies``, ``RoundPlan``, ``ComputeDeadline``, ``PoGVerifier``) and fails that
/// miner with a named reason; none of them can trap the validator.
@Suite("hostile worker output fails the miner, never the validator")
struct HostileWorkerOutputTests {
    static let config = PoGConfig(
        gpus: [.init(name: "NVIDIA H100 80GB HBM3", fp16TFLOPS: 570, fp32TFLOPS: 49, vramGB: 34.36)],
        tolerancePairs: [:], scores: ["NVIDIA H100 80GB HBM3": 3.3], merkle: PoGConfig.MerkleSettings(),
        cpuDevice: (name: "CPU", score: 0.1))
    static let settings = PoGSettings(config: config)
    static let devnet = PoGSettings(config: config, devnet: true, benchmarkN: 2048, computeN: 256)

    static func benchmarkJSON(
        numGPUs: String = "1", vram: String = "34.36", fp16N: String = "92672", fp16Seconds: String = "2.8",
        fp32N: String = "46336", fp32Seconds: String = "4.1"
    ) -> [UInt8] {
        Array(
            """
            {"num_gpus": \(numGPUs), "vram_gb": \(vram), "fp16": {"n": \(fp16N), "seconds": \(fp16Seconds)}, \
            "fp32": {"n": \(fp32N), "seconds": \(fp32Seconds)}}
            """.utf8)
    }

    /// The runner's failure for `body`, nil when it succeeded; any other error is a defect.
    static func failure(_ body: () throws -> Void) -> PoGFailure? {
        do { try body() } catch let failure as PoGFailure { return failure } catch {
            Issue.record("not a PoGFailure: \(error)")
        }
        return nil
    }

    @Test("an honest H100 benchmark is taken for an H100, with the table's compute size")
    func honestPlan() throws {
        let info = try WorkerReplies.gpuInfo(Array(#"{"num_gpus": 1, "gpu_names": ["NVIDIA H100 80GB HBM3"], "backend": "cuda"}"#.utf8))
        let benchmark = try WorkerReplies.benchmark(Self.benchmarkJSON())
        let plan = try RoundPlan.make(settings: Self.settings, info: info, benchmark: benchmark)
        #expect(plan.device == "NVIDIA H100 80GB HBM3" && plan.n == 20704 && plan.gpuCount == 1)
        #expect(plan.deadline.tableSeconds != nil)
    }

    @Test("the devnet's honest CPU miner is still planned and timed against its own claim")
    func devnetCPU() throws {
        let info = try WorkerReplies.gpuInfo(Array(#"{"num_gpus": 1, "gpu_names": ["CPU"], "backend": "cpu"}"#.utf8))
        let benchmark = try WorkerReplies.benchmark(
            Self.benchmarkJSON(vram: "16.7", fp16N: "2048", fp16Seconds: "0.3", fp32N: "2048", fp32Seconds: "0.3"))
        let plan = try RoundPlan.make(settings: Self.devnet, info: info, benchmark: benchmark)
        #expect(plan.device == "CPU" && plan.n == 256 && plan.deadline.tableSeconds == nil)
        let timing = [ComputeResponse.Timing(gpu: 0, generationSeconds: 0.001, multiplicationSeconds: 0.002, merkleSeconds: 0.001)]
        #expect(plan.deadline.judge(measuredSeconds: 0.5, elapsedSeconds: 0.6, timings: timing) == nil)
    }

    @Test(
        "hostile benchmark numbers fail with the field named",
        arguments: [
            (["vram": "1e31"], "benchmark.vram_gb"),
            (["vram": "1e-9"], "benchmark.vram_gb"),
            (["vram": "-34.36"], "benchmark.vram_gb"),
            (["vram": "1e308"], "benchmark.vram_gb"),
            (["numGPUs": "1000000"], "benchmark.num_gpus"),
            (["numGPUs": "-8"], "benchmark.num_gpus"),
            (["fp32N": "9223372036854775807"], "benchmark.fp32.n"),
            (["fp16N": "-1"], "benchmark.fp16.n"),
            (["fp32Seconds": "-4"], "benchmark.fp32.seconds"),
            (["fp32Seconds": "0"], "benchmark.fp32.seconds"),
            (["fp16Seconds": "1e300"], "benchmark.fp16.seconds"),
        ])
    func hostileBenchmark(fields: [String: String], field: String) {
        let bytes = Self.benchmarkJSON(
            numGPUs: fields["numGPUs"] ?? "1", vram: fields["vram"] ?? "34.36", fp16N: fields["fp16N"] ?? "92672",
            fp16Seconds: fields["fp16Seconds"] ?? "2.8", fp32N: fields["fp32N"] ?? "46336",
            fp32Seconds: fields["fp32Seconds"] ?? "4.1")
        let failure = Self.failure { _ = try WorkerReplies.benchmark(bytes) }
        guard case let .implausibleValue(value)? = failure else { Issue.record("\(String(describing: failure))"); return }
        #expect(value.field == field)
        #expect(failure?.kind == "implausible_value")
    }

    @Test(
        "numbers JSON cannot hold (NaN, Infinity, beyond Int64) are malformed output",
        arguments: [
            #"{"num_gpus": 1, "vram_gb": NaN, "fp16": {"n": 1, "seconds": 1}, "fp32": {"n": 1, "seconds": 1}}"#,
            #"{"num_gpus": 1, "vram_gb": Infinity, "fp16": {"n": 1, "seconds": 1}, "fp32": {"n": 1, "seconds": 1}}"#,
            #"{"num_gpus": 1, "vram_gb": 1, "fp16": {"n": 1e30, "seconds": 1}, "fp32": {"n": 1, "seconds": 1}}"#,
            #"{"num_gpus": 99999999999999999999999, "vram_gb": 1, "fp16": {"n": 1, "seconds": 1}, "fp32": {"n": 1, "seconds": 1}}"#,
            #"{"num_gpus": 1, "vram_gb": 1, "fp16": {"n": 1, "seconds": nan}, "fp32": {"n": 1, "seconds": 1}}"#,
        ])
    func unrepresentable(json: String) {
        let failure = Self.failure { _ = try WorkerReplies.benchmark(Array(json.utf8)) }
        guard case .malformedOutput? = failure else { Issue.record("\(String(describing: failure))"); return }
    }

    @Test(
        "hostile gpu-info fails: counts, names and their lengths",
        arguments: [
            (#"{"num_gpus": 100000, "gpu_names": ["X"], "backend": "cuda"}"#, "num_gpus"),
            (#"{"num_gpus": -1, "gpu_names": [], "backend": "cuda"}"#, "num_gpus"),
            (#"{"num_gpus": 0, "gpu_names": [], "backend": "cuda"}"#, "num_gpus"),
            (#"{"num_gpus": 2, "gpu_names": ["X"], "backend": "cuda"}"#, "gpu_names"),
            (#"{"num_gpus": 1, "gpu_names": [""], "backend": "cuda"}"#, "gpu_names[0]"),
            ("{\"num_gpus\": 1, \"gpu_names\": [\"\(String(repeating: "A", count: 5000))\"], \"backend\": \"cuda\"}", "gpu_names[0]"),
        ])
    func hostileInfo(json: String, field: String) {
        let failure = Self.failure { _ = try WorkerReplies.gpuInfo(Array(json.utf8)) }
        guard case let .implausibleValue(value)? = failure else { Issue.record("\(String(describing: failure))"); return }
        #expect(value.field == field)
    }

    @Test("hostile compute answers fail: n, roots, timings")
    func hostileCompute() {
        let root = String(repeating: "ab", count: 32)
        func compute(_ n: String, gpus: [Int] = [0], seconds: String = "0.5") -> PoGFailure? {
            let roots = gpus.map { #"{"gpu": \#($0), "root": "\#(root)"}"# }.joined(separator: ",")
            let timings = gpus.map { #"{"gpu": \#($0), "generation_s": 0.1, "multiplication_s": \#(seconds), "merkle_s": 0.1}"# }.joined(
                separator: ",")
            let json = #"{"n": \#(n), "roots": [\#(roots)], "timings": [\#(timings)]}"#
            return Self.failure { _ = try WorkerReplies.compute(Array(json.utf8), n: 256, gpus: [0]) }
        }
        #expect(compute("256") == nil)
        for (answer, field) in [
            (compute("9223372036854775807"), "compute.n"), (compute("256", gpus: [0, 1]), "compute.roots"),
            (compute("256", gpus: []), "compute.roots"), (compute("256", seconds: "-1"), "compute.timings[gpu 0].multiplication_s"),
            (compute("256", seconds: "1e200"), "compute.timings[gpu 0].multiplication_s"),
        ] {
            guard case let .implausibleValue(value)? = answer else { Issue.record("\(String(describing: answer))"); continue }
            #expect(value.field == field)
        }
    }

    @Test("the pure logic refuses hostile sizes without trapping")
    func pureLogic() {
        for vram in [1e31, 1e-9, .nan, .infinity, -.infinity, -34.36, 0, .greatestFiniteMagnitude] {
            #expect(MatrixSize.fitting(vramGB: vram, elementSize: 4, bufferFactor: 0.1) == nil, "\(vram)")
            #expect(MatrixSize.forCompute(vramGB: vram) == nil, "\(vram)")
        }
        var rng = SystemRandomNumberGenerator()
        for n in [0, -1, Int.min, Int.max, Int.max / 4 + 1, 65_537] {
            #expect(ChallengePolicy.default.cells(n: n, using: &rng).isEmpty)
            #expect(ExactCell(seedA: 1, seedB: 2, i: 0, j: 0, n: n) == nil)
            #expect(ComputeDeadline(n: n, gpuCount: 1, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 49, timeTolerance: 5) == nil)
            let report = PoGVerifier(n: n).verify(
                seeds: [0: SeedPair(a: 1, b: 2)], roots: [0: String(repeating: "00", count: 32)],
                challenges: [0: [Cell(i: 0, j: 0)]], response: ProofResponse(proofs: []))
            #expect(report.failures[0] == .some(.matrixSizeOutOfRange(n)) && !report.passed)
        }
        for count in [0, -3, Int.max, Int.min] {
            #expect(ComputeDeadline(n: 256, gpuCount: count, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 49, timeTolerance: 5) == nil)
        }
        for tflops in [Double.nan, .infinity, 0, -1] {
            #expect(ComputeDeadline(n: 256, gpuCount: 1, tableFP32TFLOPS: nil, claimedFP32TFLOPS: tflops, timeTolerance: 5) == nil)
        }
        let identifier = GPUIdentifier(config: Self.config)
        #expect(identifier.identify(fp16TFLOPS: .nan, fp32TFLOPS: 49, vramGB: 34.36, reportedName: "X") == nil)
        #expect(identifier.identify(fp16TFLOPS: 570, fp32TFLOPS: 49, vramGB: .infinity, reportedName: "X") == nil)
        // A challenged cell outside the matrix, and seconds NaN fed to the timing judgement.
        let outside = PoGVerifier(n: 16).verify(
            seeds: [0: SeedPair(a: 1, b: 2)], roots: [0: String(repeating: "00", count: 32)],
            challenges: [0: [Cell(i: 16, j: Int.max)]], response: ProofResponse(proofs: []))
        #expect(outside.failures[0] == .some(.challengeOutsideMatrix(Cell(i: 16, j: Int.max))))
        if let deadline = ComputeDeadline(n: 256, gpuCount: 1, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 49, timeTolerance: 5) {
            #expect(deadline.judge(measuredSeconds: .nan, elapsedSeconds: .nan, timings: []) != nil)
        } else {
            Issue.record("an honest deadline must exist")
        }
        #expect(ChallengePolicy.requiredPasses(gpuCount: Int.min) == 1 && ChallengePolicy.requiredPasses(gpuCount: Int.max) > 0)
    }

    @Test("a benchmark that claims a fast GPU plans an unreachable deadline; claiming far below the table is unidentified")
    func claimsAreCheckedNotBelieved() throws {
        let info = try WorkerReplies.gpuInfo(
            Array(#"{"num_gpus": 8, "gpu_names": ["NVIDIA H100 80GB HBM3","A","B","C","D","E","F","G"], "backend": "cuda"}"#.utf8))
        let slow = try WorkerReplies.benchmark(Self.benchmarkJSON(numGPUs: "8", fp32Seconds: "400"))
        let failure = Self.failure { _ = try RoundPlan.make(settings: Self.settings, info: info, benchmark: slow) }
        guard case .unidentified? = failure else { Issue.record("\(String(describing: failure))"); return }
        let boasting = try WorkerReplies.benchmark(Self.benchmarkJSON(numGPUs: "8", fp16Seconds: "0.001", fp32Seconds: "0.001"))
        let plan = try RoundPlan.make(settings: Self.settings, info: info, benchmark: boasting)
        // Eight GPUs share one deadline: the claim's, tighter than the table's.
        #expect(plan.gpuCount == 8 && plan.deadline.seconds < (plan.deadline.tableSeconds ?? 0))
    }
}
