import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging
import Synchronization

/// What each miner's own `Specs` answer says of its hardware (CPU, GPU memory, RAM, disk), for
/// `/list/resources_sql`. Answers are kept in the store: the leader asks every miner again each
/// `refresh`, and a miner never asked yet is asked when a listing needs it. Listings read a
/// parsed copy at most `reload` old, so a busy listing never re-reads and re-parses thousands
/// of answers per request.
public final class HardwareCatalog: Sendable {
    public let store: any RentalStore
    public let dendrite: Dendrite
    public let refresh: Duration
    public let reload: Duration
    private let parsed = Mutex<(at: ContinuousClock.Instant, specs: [String: JSONValue])?>(nil)
    private let changes = Atomic<UInt64>(0)
    private let logger: Logger

    public init(
        store: any RentalStore, dendrite: Dendrite, refresh: Duration = .seconds(600), reload: Duration = .seconds(5),
        logger: Logger = Logger(label: "api.hardware")
    ) {
        self.store = store
        self.dendrite = dendrite
        self.refresh = refresh
        self.reload = reload
        self.logger = logger
    }

    /// The known hardware of `targets`, asking those never asked.
    public func specs(of targets: [MinerTarget]) async -> [String: JSONValue] {
        var known = await cached()
        let missing = targets.filter { known[$0.hotkey] == nil }
        guard !missing.isEmpty else { return known }
        for (hotkey, specs) in await ask(missing) { known[hotkey] = specs }
        return known
    }

    /// The leader's duty: every miner asked again, each `refresh`.
    public func run(targets: @escaping @Sendable () async -> [MinerTarget]) async {
        while !Task.isCancelled {
            let asked = await ask(await targets())
            logger.info("api: hardware of \(asked.count) miners refreshed")
            try? await Task.sleep(for: refresh)
        }
    }

    /// At most this many `Specs` requests are in flight: a subnet of thousands of miners is
    /// asked in waves, not all at once.
    static let concurrentRequests = 64

    /// Asks `targets` for `Specs` (3 s each, ``concurrentRequests`` at a time), keeps the
    /// answers; those that answered.
    @discardableResult
    func ask(_ targets: [MinerTarget]) async -> [String: JSONValue] {
        let answers = await withTaskGroup(of: (String, String, JSONValue?).self) { group in
            var pending = targets.makeIterator()
            for _ in 0..<Self.concurrentRequests {
                guard let target = pending.next() else { break }
                group.addTask { await self.specs(of: target) }
            }
            var found = [String: (String, JSONValue)]()
            for await (hotkey, text, json) in group {
                if let json, case .object = json { found[hotkey] = (text, json) }
                if let target = pending.next() { group.addTask { await self.specs(of: target) } }
            }
            return found
        }
        let now = Date().timeIntervalSince1970
        for (hotkey, (text, _)) in answers {
            do { try await store.saveSpecs(hotkey: hotkey, specs: text, at: now) } catch {
                logger.warning("api: cannot keep the hardware of \(hotkey): \(error)")
            }
        }
        let fresh = answers.mapValues(\.1)
        let changed = parsed.withLock { current in
            guard let existing = current else { return !fresh.isEmpty }
            let merged = existing.specs.merging(fresh) { $1 }
            current = (existing.at, merged)
            return merged != existing.specs
        }
        if changed { changes.add(1, ordering: .relaxed) }
        return fresh
    }

    /// Counts changes of the known hardware: what the resource listing's snapshot is rebuilt on.
    public var generation: UInt64 { changes.load(ordering: .relaxed) }

    /// Re-reads the stored answers when the parsed copy is older than `reload`.
    public func reloadIfStale() async { _ = await cached() }

    /// One miner's `Specs` answer: (hotkey, text, parsed).
    private func specs(of target: MinerTarget) async -> (String, String, JSONValue?) {
        let text = await dendrite.call(Specs(), to: target.axon, timeout: 3).specsOutput
        return (target.hotkey, text, try? OrderedJSON.parse(Array(text.utf8)))
    }

    /// The parsed answers, reloaded from the store when older than `reload`.
    private func cached() async -> [String: JSONValue] {
        if let current = parsed.withLock({ $0 }), ContinuousClock.now - current.at < reload { return current.specs }
        let texts = (try? await store.allSpecs()) ?? [:]
        var specs = [String: JSONValue]()
        specs.reserveCapacity(texts.count)
        for (hotkey, text) in texts {
            if let json = try? OrderedJSON.parse(Array(text.utf8)) { specs[hotkey] = json }
        }
        let changed = parsed.withLock { current in
            defer { current = (ContinuousClock.now, specs) }
            return current?.specs != specs
        }
        if changed { changes.add(1, ordering: .relaxed) }
        return specs
    }
}
