import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation
import HexCoding
import Logging
import ProofOfGPU
import _CryptoExtras

/// Tests one miner: availability → allocate a test container with a fresh RSA key → open the
/// credentials → SSH in → upload the worker and check its hash → `gpu-info` → `benchmark` →
/// identify → `compute` with fresh seeds, timed here → `proof` for random cells → verify →
/// deallocate, always (after failures, timeouts and cancellation too). The worker's output is
/// parsed strictly as data; nothing from a miner is executed or unpickled here.
public struct PoGRunner: Sendable {
    public let settings: PoGSettings
    public let dendrite: Dendrite
    public let worker: WorkerBinary
    /// Records a test allocation before it is made and forgets it once released, so that a
    /// validator killed mid-round releases it at its next start.
    public let ledger: any TestAllocationLedger
    private let logger: Logger

    static let workerPath = "/tmp/nicompute/nicompute-pog"
    static let stateDirectory = "/tmp/nicompute/state"

    public init(settings: PoGSettings, dendrite: Dendrite, worker: WorkerBinary, ledger: any TestAllocationLedger,
                logger: Logger = Logger(label: "validator.pog")) {
        self.settings = settings
        self.dendrite = dendrite
        self.worker = worker
        self.ledger = ledger
        self.logger = logger
    }

    /// Runs the test within the configured deadline; never throws.
    public func test(_ target: MinerTarget) async -> PoGOutcome {
        let started = ContinuousClock.now
        let result: PoGOutcome.Result
        do {
            result = try await withThrowingTaskGroup(of: PoGOutcome.Result.self) { group in
                group.addTask { try await runAllocated(target) }
                group.addTask {
                    try await Task.sleep(for: settings.testTimeout)
                    throw PoGFailure.timedOut
                }
                let first = try await group.next() ?? .failed(.timedOut)
                group.cancelAll()
                return first
            }
        } catch let failure as PoGFailure {
            result = .failed(failure)
        } catch {
            result = .failed(.ssh("\(error)"))
        }
        let elapsed = (ContinuousClock.now - started).seconds
        switch result {
        case let .passed(device, count, score):
            logger.info("pog uid \(target.uid): passed, \(count) × \(LogText.escaped(device)), score \(score) (\(String(format: "%.1f", elapsed)) s)")
        case let .failed(failure):
            logger.info("pog uid \(target.uid): failed: \(LogText.escaped(String(describing: failure), maximumLength: 1_000)) (\(String(format: "%.1f", elapsed)) s)")
        case .busy:
            logger.info("pog uid \(target.uid): allocated to a renter, keeps its last score")
        }
        return PoGOutcome(target: target, result: result, elapsedSeconds: elapsed)
    }

    // MARK: - Allocation around the test

    private func runAllocated(_ target: MinerTarget) async throws -> PoGOutcome.Result {
        let axon = AxonTarget(ip: target.ip, port: target.port, hotkey: target.hotkey)
        let availability = await dendrite.call(Allocate.availabilityCheck(deviceRequirement: Self.deviceRequirement), to: axon, timeout: 15)
        try Self.requireAnswer(availability)
        guard availability.output["status"] == .bool(true) else { return .busy }

        let key: _RSA.Encryption.PrivateKey
        do { key = try _RSA.Encryption.PrivateKey(keySize: .bits2048) } catch { throw PoGFailure.allocationFailed("RSA key: \(error)") }
        let publicKey = key.publicKey.pemRepresentation
        try await ledger.record(target, publicKey: publicKey)
        let request = Allocate.allocation(publicKey: publicKey, timeline: 1, deviceRequirement: Self.deviceRequirement,
                                          dockerRequirement: .object([("base_image", .string("pytorch/pytorch:2.7.0-cuda12.6-cudnn9-runtime"))]))
        let answer = await dendrite.call(request, to: axon, timeout: 60)
        do {
            try Self.requireAnswer(answer)
            guard answer.output["status"] == .bool(true), case let .string(info)? = answer.output["info"] else {
                throw PoGFailure.allocationFailed(Self.reason(answer.output))
            }
            let credentials: AllocationCredentials
            do { credentials = try AllocationCredentials.open(info, privateKeyPEM: key.pemRepresentation) } catch {
                throw PoGFailure.badCredentials(error.description)
            }
            logger.info("pog uid \(target.uid): allocated a test container, ssh on port \(credentials.port)")
            let result = try await prove(target, credentials: credentials)
            await release(target, publicKey: publicKey)
            return result
        } catch {
            // Released whatever happened, also when this task was cancelled (a fresh task does
            // not inherit the cancellation).
            await Task { await release(target, publicKey: publicKey) }.value
            throw error
        }
    }

    /// Deallocates the test container (``AllocationRelease``) and forgets the ledger entry once
    /// it is gone; an entry that could not be released stays for the next round or start.
    public func release(_ target: MinerTarget, publicKey: String) async {
        if await AllocationRelease.release(target, publicKey: publicKey, dendrite: dendrite, attempts: 5, timeout: 15, logger: logger) {
            try? await ledger.forget(target.hotkey)
        }
    }

    /// The least share of its model's table throughput a device must measure to be named.
    static let minimumThroughputShare = 0.5

    // MARK: - The proof over SSH

    private func prove(_ target: MinerTarget, credentials: AllocationCredentials) async throws -> PoGOutcome.Result {
        let ssh: SSHConnection
        do {
            ssh = try await SSHConnection.connect(host: target.ip, port: credentials.port, username: credentials.username,
                                                  password: credentials.password)
        } catch {
            throw PoGFailure.ssh("\(error)")
        }
        do {
            let result = try await prove(over: ssh, uid: target.uid)
            await ssh.close()
            return result
        } catch {
            await ssh.close()
            throw error
        }
    }

    private func prove(over ssh: SSHConnection, uid: Int) async throws -> PoGOutcome.Result {
        let path = Self.workerPath
        let upload = try await command(ssh, "mkdir -p /tmp/nicompute && umask 077 && cat > \(path).part && chmod 700 \(path).part && mv \(path).part \(path) && sha256sum \(path)",
                                       input: worker.bytes, timeout: .seconds(120))
        guard upload.standardOutput.split(separator: " ").first.map(String.init) == worker.sha256 else { throw PoGFailure.workerMismatch }
        logger.info("pog uid \(uid): worker uploaded (\(worker.bytes.count >> 20) MiB, sha256 matches)")

        let info = try await decode(GPUInfo.self, try await command(ssh, "\(path) gpu-info"))
        guard info.numGPUs > 0, info.numGPUs == info.gpuNames.count, info.numGPUs <= 64 else {
            throw PoGFailure.malformedOutput("gpu-info: \(info.numGPUs) devices named \(info.gpuNames.prefix(4))")
        }
        let benchmarkArguments = settings.benchmarkN.map { " --n \($0)" } ?? ""
        let benchmark = try await decode(BenchmarkReport.self, try await command(ssh, "\(path) benchmark\(benchmarkArguments)"))
        guard benchmark.fp32.seconds > 0, benchmark.fp16.seconds > 0, benchmark.vramGB > 0, benchmark.vramGB.isFinite else {
            throw PoGFailure.malformedOutput("benchmark: non-positive times or memory")
        }
        let identifier = GPUIdentifier(config: settings.config, allowsCPUDevice: settings.devnet)
        guard let device = identifier.identify(fp16TFLOPS: benchmark.fp16.teraflops, fp32TFLOPS: benchmark.fp32.teraflops,
                                               vramGB: benchmark.vramGB, reportedName: info.gpuNames[0]) else {
            throw PoGFailure.unidentified("no device table")
        }
        // The nearest table entry is not proof enough: far below every GPU, a CPU is "nearest"
        // to whichever has the closest memory. A device must reach a fair share of its model's
        // throughput (the reference has no such floor).
        if let spec = settings.config.gpus.first(where: { $0.name == device }),
           benchmark.fp32.teraflops < spec.fp32TFLOPS * Self.minimumThroughputShare
            || benchmark.fp16.teraflops < spec.fp16TFLOPS * Self.minimumThroughputShare {
            throw PoGFailure.unidentified(String(format: "measured %.3f/%.3f TFLOPS (fp16/fp32), far below the %.1f/%.1f of a ",
                                                 benchmark.fp16.teraflops, benchmark.fp32.teraflops, spec.fp16TFLOPS, spec.fp32TFLOPS) + device)
        }
        logger.info("pog uid \(uid): \(info.numGPUs) × \(LogText.escaped(info.gpuNames.first ?? "?")) reported; benchmark fp16 \(String(format: "%.3f", benchmark.fp16.teraflops)) TFLOPS, fp32 \(String(format: "%.3f", benchmark.fp32.teraflops)) TFLOPS, \(benchmark.vramGB) GB: identified as \(LogText.escaped(device))")

        let n = settings.computeN ?? MatrixSize.forCompute(vramGB: benchmark.vramGB)
        var generator = SystemRandomNumberGenerator()
        var seeds = [Int: SeedPair]()
        for gpu in 0..<info.numGPUs { seeds[gpu] = SeedPair(a: generator.next(), b: generator.next()) }
        let computeRequest = ComputeRequest(n: n, seeds: seeds.sorted { $0.key < $1.key }.map { .init(gpu: $0.key, a: $0.value.a, b: $0.value.b) })
        let computeStarted = ContinuousClock.now
        let computed = try await decode(ComputeResponse.self, try await command(
            ssh, "\(path) compute --state-dir \(Self.stateDirectory)", input: Array(try JSONEncoder().encode(computeRequest))))
        let elapsed = (ContinuousClock.now - computeStarted).seconds
        guard computed.n == n, !computed.timings.isEmpty else { throw PoGFailure.malformedOutput("compute: answered for n = \(computed.n), asked \(n)") }
        let averageMultiplication = computed.timings.map(\.multiplicationSeconds).reduce(0, +) / Double(computed.timings.count)
        let scoring = PoGScoring(config: settings.config, scoresCPUDevice: settings.devnet)
        guard scoring.timingPassed(elapsedSeconds: elapsed, gpuCount: computed.timings.count, fp32BenchmarkSeconds: benchmark.fp32.seconds,
                                   averageMultiplicationSeconds: averageMultiplication) else {
            throw PoGFailure.timing(String(format: "compute took %.2f s (multiply %.2f s) against a %.2f s fp32 benchmark",
                                           elapsed, averageMultiplication, benchmark.fp32.seconds))
        }

        logger.info("pog uid \(uid): compute n = \(n) in \(String(format: "%.2f", elapsed)) s, timing passed")
        let policy = settings.config.merkle.challenge
        var challenges = [Int: [Cell]]()
        for gpu in seeds.keys { challenges[gpu] = policy.cells(n: n, using: &generator) }
        let proofRequest = ProofRequest(indices: challenges.sorted { $0.key < $1.key }.map { .init(gpu: $0.key, cells: $0.value) })
        let proof = try await decode(ProofResponse.self, try await command(
            ssh, "\(path) proof --state-dir \(Self.stateDirectory)", input: Array(try JSONEncoder().encode(proofRequest)), maximumOutputBytes: 64 << 20))
        let roots = Dictionary(computed.roots.map { ($0.gpu, $0.root) }, uniquingKeysWith: { first, _ in first })
        let report = PoGVerifier(n: n).verify(seeds: seeds, roots: roots, challenges: challenges, response: proof)
        guard report.passed else {
            let firstFailure = report.failures.sorted { $0.key < $1.key }.compactMap { gpu, failure in failure.map { "gpu \(gpu): \($0)" } }.first
            throw PoGFailure.verification(firstFailure ?? "\(report.passedCount) of \(report.requiredPasses) GPUs passed")
        }
        let count = info.numGPUs
        return .passed(device: device, count: count, score: scoring.score(device: device, count: count))
    }

    // MARK: - Helpers

    private func command(_ ssh: SSHConnection, _ line: String, input: [UInt8] = [], timeout: Duration? = nil,
                         maximumOutputBytes: Int = 1 << 20) async throws -> SSHCommandResult {
        do {
            return try await ssh.run(line, input: input, timeout: timeout ?? settings.commandTimeout, maximumOutputBytes: maximumOutputBytes)
        } catch let error as SSHError {
            if case .outputTooLarge = error { throw PoGFailure.malformedOutput(error.description) }
            throw PoGFailure.ssh(error.description)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ result: SSHCommandResult) async throws -> T {
        guard let status = result.exitStatus else {
            throw PoGFailure.ssh("\(T.self): the command ended without an exit status (the connection dropped)")
        }
        guard status == 0 else {
            let detail = (try? JSONDecoder().decode(WorkerErrorMessage.self, from: Data(result.stdout)).error) ?? result.standardError
            throw PoGFailure.malformedOutput("\(T.self): exit \(status): \(detail.prefix(300))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(result.stdout))
        } catch {
            throw PoGFailure.malformedOutput("\(T.self): \(String(describing: error).prefix(300))")
        }
    }

    static func requireAnswer(_ synapse: Allocate) throws {
        let status = synapse.common.dendrite?.statusCode ?? 0
        guard status == 200 else {
            throw PoGFailure.unreachable("HTTP \(status): \(synapse.common.dendrite?.statusMessage ?? "no answer")")
        }
    }

    static func reason(_ output: JSONValue) -> String {
        if case let .string(reason)? = output["reason"] { return reason }
        return "status \(output["status"].map { "\($0)" } ?? "missing")"
    }

    /// The reference validator's test requirement (`allocate_miner`).
    static let deviceRequirement: JSONValue = .object([
        ("cpu", .object([("count", .int(1))])),
        ("gpu", .object([("count", .int(1)), ("capacity", .int(0)), ("type", .string(""))])),
        ("hard_disk", .object([("capacity", .int(1 << 30))])),
        ("ram", .object([("capacity", .int(1 << 30))])),
        ("testing", .bool(true)),
    ])
}

/// Where test allocations are remembered between their creation and their release.
public protocol TestAllocationLedger: Sendable {
    func record(_ target: MinerTarget, publicKey: String) async throws
    func forget(_ hotkey: String) async throws
}
