import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging
import NIOCore
import ProofOfGPU

/// One miner's proof over its test container's shell, in the four stages ``run()`` calls in
/// order, each testable alone:
///
/// 1. ``upload()``: the worker (compressed, or skipped when already there), checked by its hash.
/// 2. ``identify()``: `gpu-info` and `benchmark`, validated, name the device and size the round
///    (``RoundPlan``).
/// 3. ``compute(_:using:)``: fresh seeds per GPU, `compute` timed by the validator's own clock
///    less the least of three round trips, judged against the plan's deadline.
/// 4. ``verify(_:using:)``: random cells per GPU, `proof`, and the Merkle proofs and values
///    checked (``PoGVerifier``); a pass is scored.
///
/// The worker's output is parsed strictly as data; nothing from a miner is executed here.
struct PoGProof: Sendable {
    let shell: any RemoteShell
    let settings: PoGSettings
    let worker: WorkerBinary
    /// For logs.
    let uid: Int
    let logger: Logger
    /// Where the worker and its state live in the container.
    var workerPath = TestContainerLayout.workerPath
    var stateDirectory = TestContainerLayout.stateDirectory

    /// What stage 3 leaves for stage 4: the size, each GPU's seeds and its Merkle root.
    struct ComputedRound: Sendable {
        let n: Int
        let seeds: [Int: SeedPair]
        let roots: [Int: String]
    }

    func run() async throws -> PoGOutcome.Result {
        try await upload()
        let plan = try await identify()
        var generator = SystemRandomNumberGenerator()
        let round = try await compute(plan, using: &generator)
        return try await verify(round, plan: plan, using: &generator)
    }

    // MARK: - Stages

    /// Skipped when the container's copy already has the worker's hash; else sent in the first
    /// ``WorkerBinary/Encoding`` whose decoder the container has (xz, then gzip), or as it is.
    /// Skipping on the container's word is safe: the proof's soundness rests on the validator's
    /// own checks (values recomputed from its seeds, time on its own clock), not on which binary
    /// runs, so the hash only spares an honest miner a stale worker and the network 7 MB.
    func upload() async throws {
        let path = workerPath
        let directory = (path as NSString).deletingLastPathComponent
        let decoders = WorkerBinary.Encoding.allCases.map(\.decoder).joined(separator: " ")
        let probe = try await command(
            "sha256sum \(path) 2>/dev/null; for c in \(decoders); do command -v $c >/dev/null 2>&1 && echo $c; done; true",
            maximumOutputBytes: 4096)
        let lines = probe.standardOutput.split(separator: "\n")
        if lines.first?.split(separator: " ").first.map(String.init) == worker.sha256 {
            logger.info("pog uid \(uid): worker already in place (sha256 matches); not uploaded")
            return
        }
        var chosen: (encoding: WorkerBinary.Encoding, bytes: ByteBuffer)?
        for candidate in WorkerBinary.Encoding.allCases where lines.contains(Substring(candidate.decoder)) {
            // Compression failing here (memory) is this validator's trouble, not the miner's: the
            // next encoding, or the worker as it is, goes instead.
            guard let compressed = try? await worker.compressed(candidate) else { continue }
            chosen = (candidate, compressed)
            break
        }
        let encoding = chosen?.encoding
        let sent = chosen?.bytes ?? ByteBuffer(bytes: worker.bytes)
        let result = try await command(
            "mkdir -p \(directory) && umask 077 && \(encoding?.decodeCommand ?? "cat") > \(path).part && chmod 700 \(path).part && mv \(path).part \(path) && sha256sum \(path)",
            input: sent, timeout: .seconds(120))
        guard result.standardOutput.split(separator: " ").first.map(String.init) == worker.sha256 else { throw PoGFailure.workerMismatch }
        logger.info(
            "pog uid \(uid): worker uploaded (\(sent.readableBytes >> 20) MiB sent\(encoding.map { " \($0.rawValue)-compressed" } ?? ""), sha256 matches)"
        )
    }

    func identify() async throws -> RoundPlan {
        let info = try WorkerReplies.gpuInfo(try output(of: try await command("\(workerPath) gpu-info"), GPUInfo.self))
        let benchmarkArguments = settings.benchmarkN.map { " --n \($0)" } ?? ""
        let benchmark = try WorkerReplies.benchmark(
            try output(of: try await command("\(workerPath) benchmark\(benchmarkArguments)"), BenchmarkReport.self))
        let plan = try RoundPlan.make(settings: settings, info: info, benchmark: benchmark)
        logger.info(
            "pog uid \(uid): \(info.numGPUs) × \(LogText.escaped(info.gpuNames[0])) reported; benchmark claims fp16 \(String(format: "%.3f", benchmark.fp16.teraflops)) TFLOPS, fp32 \(String(format: "%.3f", benchmark.fp32.teraflops)) TFLOPS, \(benchmark.vramGB) GB: taken for \(plan.device), compute n = \(plan.n), deadline \(String(format: "%.2f", plan.deadline.seconds)) s"
        )
        return plan
    }

    func compute(_ plan: RoundPlan, using generator: inout some RandomNumberGenerator) async throws -> ComputedRound {
        // The validator's own clock times compute; one SSH round trip (the least of three) is
        // taken off, so a distant miner is not penalised for the network.
        let roundTrip = try await measureRoundTrip()
        let n = plan.n
        var seeds = [Int: SeedPair]()
        for gpu in 0..<plan.gpuCount { seeds[gpu] = SeedPair(a: generator.next(), b: generator.next()) }
        let request = ComputeRequest(n: n, seeds: seeds.sorted { $0.key < $1.key }.map { .init(gpu: $0.key, a: $0.value.a, b: $0.value.b) })
        let started = ContinuousClock.now
        let result = try await command(
            "\(workerPath) compute --state-dir \(stateDirectory)", input: ByteBuffer(bytes: try JSONEncoder().encode(request)))
        let elapsed = (ContinuousClock.now - started).seconds
        let computed = try WorkerReplies.compute(try output(of: result, ComputeResponse.self), n: n, gpus: Set(seeds.keys))
        let measured = max(0, elapsed - roundTrip)
        if let failure = plan.deadline.judge(measuredSeconds: measured, elapsedSeconds: elapsed, timings: computed.timings) {
            throw PoGFailure.timing(failure.description)
        }
        logger.info(
            "pog uid \(uid): compute n = \(n) in \(String(format: "%.2f", measured)) s (round trip \(String(format: "%.3f", roundTrip)) s), within \(String(format: "%.2f", plan.deadline.seconds)) s"
        )
        let roots = Dictionary(computed.roots.map { ($0.gpu, $0.root) }, uniquingKeysWith: { first, _ in first })
        return ComputedRound(n: n, seeds: seeds, roots: roots)
    }

    func verify(_ round: ComputedRound, plan: RoundPlan, using generator: inout some RandomNumberGenerator) async throws
        -> PoGOutcome.Result
    {
        let policy = settings.config.merkle.challenge
        var challenges = [Int: [Cell]]()
        for gpu in round.seeds.keys.sorted() { challenges[gpu] = policy.cells(n: round.n, using: &generator) }
        let request = ProofRequest(indices: challenges.sorted { $0.key < $1.key }.map { .init(gpu: $0.key, cells: $0.value) })
        let result = try await command(
            "\(workerPath) proof --state-dir \(stateDirectory)", input: ByteBuffer(bytes: try JSONEncoder().encode(request)),
            maximumOutputBytes: 64 << 20)
        let proof = try WorkerReplies.decode(ProofResponse.self, try output(of: result, ProofResponse.self))
        let report = PoGVerifier(n: round.n).verify(seeds: round.seeds, roots: round.roots, challenges: challenges, response: proof)
        guard report.passed else {
            let firstFailure = report.failures.sorted { $0.key < $1.key }.compactMap { gpu, failure in failure.map { "gpu \(gpu): \($0)" } }
                .first
            throw PoGFailure.verification(firstFailure ?? "\(report.passedCount) of \(report.requiredPasses) GPUs passed")
        }
        let scoring = PoGScoring(config: settings.config, scoresCPUDevice: settings.devnet)
        return .passed(device: plan.device, count: plan.gpuCount, score: scoring.score(device: plan.device, count: plan.gpuCount))
    }

    // MARK: - Helpers

    /// The least of three round trips of a command that does nothing, in seconds.
    private func measureRoundTrip() async throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let started = ContinuousClock.now
            _ = try await command("true", timeout: .seconds(30))
            best = min(best, (ContinuousClock.now - started).seconds)
        }
        return best.isFinite ? best : 0
    }

    private func command(_ line: String, input: ByteBuffer = ByteBuffer(), timeout: Duration? = nil, maximumOutputBytes: Int = 1 << 20)
        async throws -> SSHCommandResult
    {
        do {
            return try await shell.run(
                line, input: input, timeout: timeout ?? settings.commandTimeout, maximumOutputBytes: maximumOutputBytes)
        } catch let error as SSHError {
            if case .outputTooLarge = error { throw PoGFailure.malformedOutput(error.description) }
            throw PoGFailure.ssh(error.description)
        }
    }

    /// The command's stdout when it exited 0; else the worker's error, as a failure.
    private func output<T>(of result: SSHCommandResult, _ type: T.Type) throws -> [UInt8] {
        guard let status = result.exitStatus else {
            throw PoGFailure.ssh("\(T.self): the command ended without an exit status (the connection dropped)")
        }
        guard status == 0 else {
            let detail = (try? JSONDecoder().decode(WorkerErrorMessage.self, from: Data(result.stdout)).error) ?? result.standardError
            throw PoGFailure.malformedOutput("\(T.self): exit \(status): \(detail.prefix(300))")
        }
        return result.stdout
    }
}
