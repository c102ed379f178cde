import ComputeProtocol
import Subtensor
import Synchronization

/// What the API knows of miners: the latest metagraph (refreshed by the server) and the
/// devices the validator verified (its results, read-only here, re-read at most every
/// `verifiedReload`: listings of thousands of miners must not query it on every request, and
/// PoG results change on the scale of minutes).
public final class MinerDirectory: Sendable {
    private let current = Mutex<Metagraph?>(nil)
    /// The validator's results; nil when the API runs without them (nothing is verified).
    public let results: (any ProofOfGPUResults)?
    public let verifiedReload: Duration
    private let verifiedCache = Mutex<(at: ContinuousClock.Instant, verified: [String: VerifiedDevice])?>(nil)
    private let changes = Atomic<UInt64>(0)

    public init(results: (any ProofOfGPUResults)?, verifiedReload: Duration = .seconds(5)) {
        self.results = results
        self.verifiedReload = verifiedReload
    }

    /// The newest verified result per hotkey.
    public func verified() async -> [String: VerifiedDevice] {
        if let cached = verifiedCache.withLock({ $0 }), ContinuousClock.now - cached.at < verifiedReload { return cached.verified }
        let fresh = (try? await results?.latestVerified()) ?? [:]
        let changed = verifiedCache.withLock { cached in
            defer { cached = (ContinuousClock.now, fresh) }
            return cached?.verified != fresh
        }
        if changed { changes.add(1, ordering: .relaxed) }
        return fresh
    }

    /// Counts changes of the metagraph and of the verified devices: what the resource
    /// listing's snapshot is rebuilt on.
    public var generation: UInt64 { changes.load(ordering: .relaxed) }

    public var metagraph: Metagraph? { current.withLock { $0 } }

    public func replace(with metagraph: Metagraph) {
        // A new block alone changes nothing listed.
        let changed = current.withLock { held in
            defer { held = metagraph }
            return held?.neurons != metagraph.neurons
        }
        if changed { changes.add(1, ordering: .relaxed) }
    }

    /// The served miner with `hotkey`.
    public func target(hotkey: String) -> MinerTarget? {
        guard let neuron = metagraph?.neuron(hotkey: hotkey), neuron.axon.isServing else { return nil }
        return MinerTarget(neuron)
    }

    public func version(hotkey: String) -> Int { metagraph?.neuron(hotkey: hotkey)?.axon.version ?? 0 }

    /// Served miners with a verified device matching `gpuType` (a case-insensitive substring,
    /// any when empty or the reference's generic "gpu"), best score first.
    public func candidates(gpuType: String) async -> [(target: MinerTarget, device: String, score: Double)] {
        let verified = await verified()
        let wanted = gpuType.lowercased()
        var found = [(target: MinerTarget, device: String, score: Double)]()
        for neuron in metagraph?.neurons ?? [] where neuron.axon.isServing {
            guard let result = verified[neuron.hotkey] else { continue }
            if !wanted.isEmpty, wanted != "gpu", !result.device.lowercased().contains(wanted) { continue }
            found.append((MinerTarget(neuron), result.device, result.score))
        }
        return found.sorted { $0.score > $1.score }
    }
}
