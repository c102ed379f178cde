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
/// v2.2's health check of the user ports (``HealthCheck``) → deallocate, always (after failures, timeouts and cancellation too). The worker's output is
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

    /// Runs the test within the configured deadline, or `timeout` when shorter (a sybil slot's
    /// shared deadline); never throws.
    public func test(_ target: MinerTarget, timeout: Duration? = nil) async -> PoGOutcome {
        let started = ContinuousClock.now
        let limit = min(timeout ?? settings.testTimeout, settings.testTimeout)
        let result: PoGOutcome.Result
        do {
            result = try await withThrowingTaskGroup(of: PoGOutcome.Result.self) { group in
                group.addTask { try await runAllocated(target) }
                group.addTask {
                    try await Task.sleep(for: limit)
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
        let axon = target.axon
        let availability = await dendrite.call(Allocate.availabilityCheck(deviceRequirement: Self.deviceRequirement), to: axon, timeout: 15)
        try Self.requireAnswer(availability)
        guard availability.answer.status else { return .busy }

        let key: _RSA.Encryption.PrivateKey
        do { key = try _RSA.Encryption.PrivateKey(keySize: .bits2048) } catch { throw PoGFailure.allocationFailed("RSA key: \(error)") }
        let publicKey = key.publicKey.pemRepresentation
        try await ledger.record(target, publicKey: publicKey)
        let request = Allocate.allocation(publicKey: publicKey, timeline: 1, deviceRequirement: Self.deviceRequirement,
                                          dockerRequirement: .object([("base_image", .string("pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime"))]))
        let answer = await dendrite.call(request, to: axon, timeout: 60)
        do {
            try Self.requireAnswer(answer)
            let output = answer.answer
            guard output.status, let info = output.info else { throw PoGFailure.allocationFailed(output.refusal) }
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
            if case .passed = result {
                let check = HealthCheck(host: target.ip, ports: credentials.externalUserPorts, workerPath: Self.workerPath)
                try await check.verify(over: ssh, logger: logger)
                if !credentials.externalUserPorts.isEmpty {
                    logger.info("pog uid \(target.uid): health check passed on \(credentials.externalUserPorts.count) user ports")
                }
            }
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

        let info = try WorkerReplies.gpuInfo(try output(of: try await command(ssh, "\(path) gpu-info"), GPUInfo.self))
        let benchmarkArguments = settings.benchmarkN.map { " --n \($0)" } ?? ""
        let benchmark = try WorkerReplies.benchmark(try output(of: try await command(ssh, "\(path) benchmark\(benchmarkArguments)"), BenchmarkReport.self))
        let plan = try RoundPlan.make(settings: settings, info: info, benchmark: benchmark)
        logger.info("pog uid \(uid): \(info.numGPUs) × \(LogText.escaped(info.gpuNames[0])) reported; benchmark claims fp16 \(String(format: "%.3f", benchmark.fp16.teraflops)) TFLOPS, fp32 \(String(format: "%.3f", benchmark.fp32.teraflops)) TFLOPS, \(benchmark.vramGB) GB: taken for \(plan.device), compute n = \(plan.n), deadline \(String(format: "%.2f", plan.deadline.seconds)) s")

        // The validator's own clock times compute; one SSH round trip (the least of three) is
        // taken off, so a distant miner is not penalised for the network.
        let roundTrip = try await measureRoundTrip(ssh)
        let n = plan.n
        var generator = SystemRandomNumberGenerator()
        var seeds = [Int: SeedPair]()
        for gpu in 0..<plan.gpuCount { seeds[gpu] = SeedPair(a: generator.next(), b: generator.next()) }
        let computeRequest = ComputeRequest(n: n, seeds: seeds.sorted { $0.key < $1.key }.map { .init(gpu: $0.key, a: $0.value.a, b: $0.value.b) })
        let computeStarted = ContinuousClock.now
        let computeResult = try await command(ssh, "\(path) compute --state-dir \(Self.stateDirectory)", input: Array(try JSONEncoder().encode(computeRequest)))
        let elapsed = (ContinuousClock.now - computeStarted).seconds
        let computed = try WorkerReplies.compute(try output(of: computeResult, ComputeResponse.self), n: n, gpus: Set(seeds.keys))
        let measured = max(0, elapsed - roundTrip)
        if let failure = plan.deadline.judge(measuredSeconds: measured, elapsedSeconds: elapsed, timings: computed.timings) {
            throw PoGFailure.timing(failure.description)
        }

        logger.info("pog uid \(uid): compute n = \(n) in \(String(format: "%.2f", measured)) s (round trip \(String(format: "%.3f", roundTrip)) s), within \(String(format: "%.2f", plan.deadline.seconds)) s")
        let policy = settings.config.merkle.challenge
        var challenges = [Int: [Cell]]()
        for gpu in seeds.keys { challenges[gpu] = policy.cells(n: n, using: &generator) }
        let proofRequest = ProofRequest(indices: challenges.sorted { $0.key < $1.key }.map { .init(gpu: $0.key, cells: $0.value) })
        let proofResult = try await command(ssh, "\(path) proof --state-dir \(Self.stateDirectory)", input: Array(try JSONEncoder().encode(proofRequest)),
                                            maximumOutputBytes: 64 << 20)
        let proof = try WorkerReplies.decode(ProofResponse.self, try output(of: proofResult, ProofResponse.self))
        let roots = Dictionary(computed.roots.map { ($0.gpu, $0.root) }, uniquingKeysWith: { first, _ in first })
        let report = PoGVerifier(n: n).verify(seeds: seeds, roots: roots, challenges: challenges, response: proof)
        guard report.passed else {
            let firstFailure = report.failures.sorted { $0.key < $1.key }.compactMap { gpu, failure in failure.map { "gpu \(gpu): \($0)" } }.first
            throw PoGFailure.verification(firstFailure ?? "\(report.passedCount) of \(report.requiredPasses) GPUs passed")
        }
        let scoring = PoGScoring(config: settings.config, scoresCPUDevice: settings.devnet)
        return .passed(device: plan.device, count: plan.gpuCount, score: scoring.score(device: plan.device, count: plan.gpuCount))
    }

    /// The least of three SSH round trips of a command that does nothing, in seconds.
    private func measureRoundTrip(_ ssh: SSHConnection) async throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let started = ContinuousClock.now
            _ = try await command(ssh, "true", timeout: .seconds(30))
            best = min(best, (ContinuousClock.now - started).seconds)
        }
        return best.isFinite ? best : 0
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

    static func requireAnswer(_ synapse: Allocate) throws {
        let status = synapse.common.dendrite?.statusCode ?? 0
        guard status == 200 else {
            throw PoGFailure.unreachable("HTTP \(status): \(synapse.common.dendrite?.statusMessage ?? "no answer")")
        }
    }

    /// The reference validator's test requirement (`allocate_miner`).
    static let deviceRequirement = DeviceRequirement.minimal(testing: true).json
}

/// Where test allocations are remembered between their creation and their release.
public protocol TestAllocationLedger: Sendable {
    func record(_ target: MinerTarget, publicKey: String) async throws
    func forget(_ hotkey: String) async throws
}
