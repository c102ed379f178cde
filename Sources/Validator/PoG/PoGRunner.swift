import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation
import HexCoding
import Logging
import ProofOfGPU

/// Tests one miner, never throwing: availability → allocate a test container with a fresh RSA
/// key (recorded in the ledger first) → open the credentials → a shell on the container →
/// the proof's stages (``PoGProof``: upload, identify, timed compute, challenge and verify) →
/// v2.2's health check of the user ports (``HealthCheck``) → deallocate, always (after
/// failures, timeouts and cancellation too), all under one deadline.
///
/// The miner is reached through two seams: an ``AllocateCaller`` (the dendrite) and a
/// ``RemoteShellOpener`` (SSH), so every stage and failure is unit-tested without a container.
public struct PoGRunner: Sendable {
    public let settings: PoGSettings
    public let dendrite: any AllocateCaller
    public let worker: WorkerBinary
    /// Records a test allocation before it is made and forgets it once released, so that a
    /// validator killed mid-round releases it at its next start.
    public let ledger: any TestAllocationLedger
    let openShell: RemoteShellOpener
    private let logger: Logger

    public init(
        settings: PoGSettings, dendrite: any AllocateCaller, worker: WorkerBinary, ledger: any TestAllocationLedger,
        openShell: @escaping RemoteShellOpener = SSHConnection.opener, logger: Logger = Logger(label: "validator.pog")
    ) {
        self.settings = settings
        self.dendrite = dendrite
        self.worker = worker
        self.ledger = ledger
        self.openShell = openShell
        self.logger = logger
    }

    /// Runs the test within the configured deadline, or `timeout` when shorter (a sybil slot's
    /// shared deadline), sealed to `key` (a round's ``TestKey``; a fresh one when nil); never
    /// throws.
    public func test(_ target: MinerTarget, timeout: Duration? = nil, key: TestKey? = nil) async -> PoGOutcome {
        let started = ContinuousClock.now
        let limit = min(timeout ?? settings.testTimeout, settings.testTimeout)
        let result: PoGOutcome.Result
        do {
            result = try await withDeadline(seconds: limit.seconds) { try await runAllocated(target, key: key) }
        } catch is DeadlineExceeded {
            result = .failed(.timedOut)
        } catch let failure as PoGFailure {
            result = .failed(failure)
        } catch {
            result = .failed(.ssh("\(error)"))
        }
        let elapsed = (ContinuousClock.now - started).seconds
        switch result {
        case let .passed(device, count, score):
            logger.info(
                "pog uid \(target.uid): passed, \(count) × \(LogText.escaped(device)), score \(score) (\(String(format: "%.1f", elapsed)) s)"
            )
        case let .failed(failure):
            logger.info(
                "pog uid \(target.uid): failed: \(LogText.escaped(String(describing: failure), maximumLength: 1_000)) (\(String(format: "%.1f", elapsed)) s)"
            )
        case .busy:
            logger.info("pog uid \(target.uid): allocated to a renter, keeps its last score")
        }
        return PoGOutcome(target: target, result: result, elapsedSeconds: elapsed)
    }

    // MARK: - Allocation around the test

    private func runAllocated(_ target: MinerTarget, key: TestKey?) async throws -> PoGOutcome.Result {
        let axon = target.axon
        let availability = await dendrite.call(Allocate.availabilityCheck(deviceRequirement: Self.deviceRequirement), to: axon, timeout: 15)
        try Self.requireAnswer(availability)
        guard availability.answer.status else { return .busy }

        let key = try key ?? TestKey.generate()
        let publicKey = key.publicKeyPEM
        try await ledger.record(target, publicKey: publicKey)
        let request = Allocate.allocation(
            publicKey: publicKey, timeline: 1, deviceRequirement: Self.deviceRequirement,
            dockerRequirement: .object([("base_image", .string("pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime"))]))
        let answer = await dendrite.call(request, to: axon, timeout: 60)
        do {
            try Self.requireAnswer(answer)
            let output = answer.answer
            guard output.status, let info = output.info else { throw PoGFailure.allocationFailed(output.refusal) }
            let credentials: AllocationCredentials
            do { credentials = try AllocationCredentials.open(info, privateKeyPEM: key.privateKeyPEM) } catch {
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

    // MARK: - The proof over the container's shell

    private func prove(_ target: MinerTarget, credentials: AllocationCredentials) async throws -> PoGOutcome.Result {
        let shell: any RemoteShell
        do {
            shell = try await openShell(target.ip, credentials.port, credentials.username, credentials.password)
        } catch {
            throw PoGFailure.ssh("\(error)")
        }
        do {
            let result = try await PoGProof(
                shell: shell, settings: settings, worker: worker, uid: target.uid, logger: logger,
                workerPath: TestContainerLayout.workerPath
            ).run()
            if case .passed = result {
                let check = HealthCheck(
                    host: target.ip, ports: credentials.externalUserPorts, workerPath: TestContainerLayout.workerPath,
                    probeWindow: settings.healthProbeWindow)
                try await check.verify(over: shell, logger: logger)
                if !credentials.externalUserPorts.isEmpty {
                    logger.info("pog uid \(target.uid): health check passed on \(credentials.externalUserPorts.count) user ports")
                }
            }
            await shell.close()
            return result
        } catch {
            await shell.close()
            throw error
        }
    }

    // MARK: - Helpers

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
