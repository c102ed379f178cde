import ComputeProtocol
import Foundation
import ProofOfGPU
import ProofOfGPUConfig
import Testing
import TestSupport
@testable import Validator

/// The runner and each stage of the proof through its two seams (a scripted miner for
/// `Allocate`, a shell that runs the real worker on this machine), without a container engine
/// or SSH: one honest pass, then every ``PoGFailure`` kind, each with the test allocation
/// released and forgotten afterwards.
@Suite("Proof-of-GPU runner and stages, without a container")
struct PoGRunnerUnitTests {
    static let target = MinerTarget(uid: 7, hotkey: "5Miner", ip: "127.0.0.1", port: 9)

    /// The worker as `make test` builds it (`NICOMPUTE_POG_BIN`), run here in place of a container.
    static func worker() throws -> WorkerBinary {
        try WorkerBinary(path: TestPaths.pogWorker)
    }

    /// config.yaml's tables with the devnet's CPU class and small sizes, as `nicompute devnet` runs.
    static func settings(devnet: Bool = true, probe: Duration = .seconds(15)) throws -> PoGSettings {
        let config = try PoGConfig(yaml: String(contentsOf: TestPaths.repository.appendingPathComponent("config.yaml"), encoding: .utf8))
        return PoGSettings(
            config: config, devnet: devnet, benchmarkN: 256, computeN: 128, testTimeout: .seconds(60),
            commandTimeout: .seconds(30), healthProbeWindow: probe)
    }

    static let credentials = AllocationCredentials(password: "secret", port: 2222)

    /// A runner over `miner`, whose shell is `shell` (a fresh ``LocalShell`` when nil).
    static func runner(
        _ miner: ScriptedMiner, ledger: MemoryLedger, settings: PoGSettings? = nil,
        shell: (@Sendable (LocalShell) -> any RemoteShell)? = nil,
        opener: RemoteShellOpener? = nil
    ) throws -> PoGRunner {
        let open: RemoteShellOpener =
            opener ?? { _, _, _, _ in
                let local = try LocalShell()
                return shell?(local) ?? local
            }
        return PoGRunner(settings: try settings ?? Self.settings(), dendrite: miner, worker: try worker(), ledger: ledger, openShell: open)
    }

    /// Rewrites the stdout of commands whose line contains `marker`.
    static func rewriting(_ marker: String, _ change: @escaping @Sendable (String) -> String) -> @Sendable (LocalShell) -> any RemoteShell {
        { local in
            RewritingShell(inner: local) { line, result in
                guard line.contains(marker) else { return result }
                var changed = result
                changed.stdout = Array(change(result.standardOutput).utf8)
                return changed
            }
        }
    }

    /// Runs one test and checks the allocation around it: made, then released and forgotten.
    static func outcome(_ runner: PoGRunner, miner: ScriptedMiner, ledger: MemoryLedger, timeout: Duration? = nil) async
        -> PoGOutcome.Result
    {
        let outcome = await runner.test(target, timeout: timeout)
        if miner.requests.contains(.allocation) {
            #expect(miner.requests.last == .release, "released after \(outcome.result): \(miner.requests)")
            let (live, recorded) = (await ledger.live, await ledger.recorded)
            #expect(live.isEmpty && recorded == 1, "recorded before, forgotten after")
        }
        return outcome.result
    }

    static func kind(_ result: PoGOutcome.Result) -> String {
        if case let .failed(failure) = result { return failure.kind }
        return "\(result)"
    }

    @Test("an honest CPU worker passes every stage, and the container is released")
    func honestPass() async throws {
        let miner = ScriptedMiner(allocation: .credentials(Self.credentials))
        let ledger = MemoryLedger()
        let result = await Self.outcome(try Self.runner(miner, ledger: ledger), miner: miner, ledger: ledger)
        guard case let .passed(device, count, score) = result else { Issue.record("\(result)"); return }
        #expect(device == "CPU" && count == 1 && score > 0)
    }

    @Test("the stages alone: upload, identify and compute hand on what the next one needs; a tampered root fails verification")
    func stagesAlone() async throws {
        let shell = try LocalShell()
        defer { Task { await shell.close() } }
        let proof = PoGProof(shell: shell, settings: try Self.settings(), worker: try Self.worker(), uid: 7, logger: .init(label: "test"))
        try await proof.upload()
        let plan = try await proof.identify()
        #expect(plan.device == "CPU" && plan.n == 128 && plan.gpuCount == 1)
        var generator = SystemRandomNumberGenerator()
        let round = try await proof.compute(plan, using: &generator)
        #expect(round.n == 128 && round.seeds.count == 1 && round.roots[0]?.count == 64)
        let forged = PoGProof.ComputedRound(n: round.n, seeds: round.seeds, roots: [0: String(repeating: "0", count: 64)])
        await #expect(throws: PoGFailure.self) { try await proof.verify(forged, plan: plan, using: &generator) }
        #expect(
            try await proof.verify(round, plan: plan, using: &generator)
                == .passed(
                    device: "CPU", count: 1,
                    score: PoGScoring(config: try Self.settings().config, scoresCPUDevice: true).score(device: "CPU", count: 1)))
    }

    @Test("upload: xz-compressed when the container has xz, else gzip, else as it is; skipped when its copy has the hash")
    func upload() async throws {
        let worker = try Self.worker()
        let local = try LocalShell()
        defer { Task { await local.close() } }
        let shell = RecordingShell(inner: local)
        let proof = PoGProof(shell: shell, settings: try Self.settings(), worker: worker, uid: 7, logger: .init(label: "test"))
        try await proof.upload()
        let xz = try await worker.compressed(.xz).readableBytes
        let gzip = try await worker.compressed(.gzip).readableBytes
        let sent = shell.commands.map(\.sent).max() ?? 0
        #expect(sent == xz && xz < gzip * 2 / 3 && gzip < worker.bytes.count / 2, "xz \(xz), gzip \(gzip) of \(worker.bytes.count)")
        #expect(shell.commands.contains { $0.command.contains("xz -dc") })
        // The worker landed whole (this host's real `xz` decoded it; the hash was checked): the
        // next test of this container finds it and sends nothing.
        let before = shell.commands.count
        try await proof.upload()
        #expect(shell.commands.count == before + 1 && shell.commands.last?.sent == 0, "\(shell.commands.map(\.command))")
        _ = try await proof.identify()

        // Containers without xz, and without either, as their probe answers say.
        for (missing, expected) in [(["xz"], gzip), (["xz", "gzip"], worker.bytes.count)] {
            let bare = try LocalShell()
            defer { Task { await bare.close() } }
            let lacking = RecordingShell(
                inner: RewritingShell(inner: bare) { line, result in
                    guard line.contains("command -v") else { return result }
                    var changed = result
                    let kept = result.standardOutput.split(separator: "\n").filter { !missing.contains(String($0)) }
                    changed.stdout = Array(kept.map { "\($0)\n" }.joined().utf8)
                    return changed
                })
            try await PoGProof(shell: lacking, settings: try Self.settings(), worker: worker, uid: 7, logger: .init(label: "test")).upload()
            #expect(lacking.commands.map(\.sent).max() == expected, "without \(missing)")
            #expect(!lacking.commands.contains { line in missing.contains { line.command.contains("\($0) -dc") } }, "without \(missing)")
        }
    }

    @Test("a rented miner is busy: no allocation is made")
    func busy() async throws {
        let miner = ScriptedMiner(availability: .output(AllocateOutput(status: false)), allocation: .credentials(Self.credentials))
        let result = await Self.outcome(try Self.runner(miner, ledger: MemoryLedger()), miner: miner, ledger: MemoryLedger())
        #expect(result == .busy)
        #expect(miner.requests == [.availability])
    }

    @Test("the allocation's failures: unreachable, refused, unreadable credentials, no shell")
    func allocationFailures() async throws {
        let cases: [(ScriptedMiner, RemoteShellOpener?, String)] = [
            (ScriptedMiner(availability: .noAnswer, allocation: .credentials(Self.credentials)), nil, "unreachable"),
            (ScriptedMiner(allocation: .output(AllocateOutput(status: false, reason: "no GPU free"))), nil, "allocation"),
            (ScriptedMiner(allocation: .output(AllocateOutput(status: true, info: "bm90IHNlYWxlZA=="))), nil, "credentials"),
            (
                ScriptedMiner(allocation: .credentials(Self.credentials)), { _, _, _, _ in throw SSHError.connectionFailed("refused") },
                "ssh"
            ),
        ]
        for (miner, opener, expected) in cases {
            let ledger = MemoryLedger()
            let result = await Self.outcome(try Self.runner(miner, ledger: ledger, opener: opener), miner: miner, ledger: ledger)
            #expect(Self.kind(result) == expected, "\(result)")
        }
    }

    @Test("the proof's failures, one per kind, each from a worker that answers wrongly at one stage")
    func proofFailures() async throws {
        let cases: [(String, @Sendable (LocalShell) -> any RemoteShell, PoGSettings?)] = [
            ("worker_mismatch", Self.rewriting("sha256sum") { _ in String(repeating: "0", count: 64) + "  worker\n" }, nil),
            ("malformed_output", Self.rewriting("gpu-info") { _ in "<html>not json</html>" }, nil),
            (
                "implausible_value",
                Self.rewriting(" benchmark") {
                    $0.replacingOccurrences(of: #""num_gpus":1"#, with: #""num_gpus":100000"#)
                        .replacingOccurrences(of: #""num_gpus": 1"#, with: #""num_gpus": 100000"#)
                }, nil
            ),
            ("unidentified", { $0 }, try Self.settings(devnet: false)),
            (
                "timing",
                Self.rewriting(" compute ") { text in
                    // A phase longer than the validator's own clock allows.
                    text.replacingOccurrences(
                        of: #""multiplication_s":[0-9.eE+-]+"#, with: #""multiplication_s":5000"#, options: .regularExpression)
                }, nil
            ),
            (
                "verification",
                Self.rewriting(" proof ") { text in
                    // Each challenged row's first values changed: they no longer follow from the seeds.
                    text.components(separatedBy: #""row":""#).enumerated().map { index, part in
                        index == 0 ? part : (part.hasPrefix("AAAA") ? "BBBB" : "AAAA") + part.dropFirst(4)
                    }.joined(separator: #""row":""#)
                }, nil
            ),
        ]
        for (expected, shell, settings) in cases {
            let miner = ScriptedMiner(allocation: .credentials(Self.credentials))
            let ledger = MemoryLedger()
            let result = await Self.outcome(
                try Self.runner(miner, ledger: ledger, settings: settings, shell: shell), miner: miner, ledger: ledger)
            #expect(Self.kind(result) == expected, "\(result)")
        }
    }

    @Test("a user port that does not reach the container fails the health check after a passing proof")
    func healthCheck() async throws {
        let closed = UserPort(internalPort: 27_015, externalPort: 9)
        let miner = ScriptedMiner(
            allocation: .credentials(AllocationCredentials(password: "secret", port: 2222, externalUserPorts: [closed])))
        let ledger = MemoryLedger()
        // The server "starts" (exit 0) but nothing answers on the external port.
        let started: @Sendable (LocalShell) -> any RemoteShell = { local in
            InterceptingShell(inner: local) { line in
                line.contains("health-server") ? SSHCommandResult(exitStatus: 0, stdout: [], stderr: []) : nil
            }
        }
        let runner = try Self.runner(miner, ledger: ledger, settings: try Self.settings(probe: .milliseconds(300)), shell: started)
        #expect(Self.kind(await Self.outcome(runner, miner: miner, ledger: ledger)) == "health_check")
    }

    @Test("a test past its deadline is cut off and still released")
    func deadline() async throws {
        let miner = ScriptedMiner(allocation: .credentials(Self.credentials))
        let ledger = MemoryLedger()
        let stalled: @Sendable (LocalShell) -> any RemoteShell = { local in
            RewritingShell(inner: local) { _, result in
                try await Task.sleep(for: .seconds(30))
                return result
            }
        }
        let runner = try Self.runner(miner, ledger: ledger, shell: stalled)
        let started = ContinuousClock.now
        #expect(Self.kind(await Self.outcome(runner, miner: miner, ledger: ledger, timeout: .milliseconds(500))) == "timeout")
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
