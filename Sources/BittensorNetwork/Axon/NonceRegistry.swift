import SQLiteStore
import Synchronization

/// The axon's nonce memory, shared by concurrent requests behind a lock (no actor hop on the
/// hot path), optionally written through to a ``NonceLedger`` so it survives restarts.
///
/// ``admit(_:now:)`` is called only after the signature verified and the caller was admitted,
/// so only authenticated callers add state; checking and recording in memory are one step
/// under the lock, so two requests racing with the same nonce cannot both pass. With a ledger,
/// the request then waits, suspended, until ``NonceLedgerWriter`` has its nonce on disk; a
/// failed write refuses it (the nonce stays spent in memory).
final class NonceRegistry: Sendable {
    /// Why a nonce could not be admitted.
    enum Failure: Error {
        case rejected(NonceGuard.Rejection)
        /// The memory is full of live keys; the request is refused rather than forgetting one.
        case full
        /// The ledger could not record the nonce; the request is refused (fail closed).
        case storage(String)
    }

    private struct State {
        var guardian = NonceGuard()
        var lastPrune: Int
    }

    /// Keys kept at most; each is a verified, admitted (hotkey, uuid) seen in the last
    /// ``NonceGuard/retention``.
    let maximumKeys: Int
    private let state: Mutex<State>
    private let writer: NonceLedgerWriter?

    /// A registry in memory only.
    init(maximumKeys: Int = 1_000_000, now: Int = WallClock.nanoseconds()) {
        self.maximumKeys = maximumKeys
        self.state = Mutex(State(lastPrune: now))
        self.writer = nil
    }

    /// A registry backed by the SQLite file at `path` (created if needed), starting with the
    /// nonces it remembers from earlier runs.
    init(path: String, maximumKeys: Int = 1_000_000, now: Int = WallClock.nanoseconds()) throws(SQLiteError) {
        var state = State(lastPrune: now)
        let opened = try NonceLedger(path: path)
        let horizon = NonceGuard.saturating(now, -NonceGuard.retention)
        try opened.prune(before: horizon)
        for (key, nonce) in try opened.load(since: horizon) {
            state.guardian.record(key: key, nonce: nonce)
        }
        self.maximumKeys = maximumKeys
        self.state = Mutex(state)
        self.writer = NonceLedgerWriter(ledger: opened)
    }

    /// Checks `request`'s nonce (fresh, greater than the key's last) and records it.
    func admit(_ request: SignedRequest, now: Int) async throws(Failure) {
        let key = NonceGuard.key(hotkey: request.hotkey, uuid: request.uuid)
        let outcome: Result<Bool, Failure> = state.withLock { state in
            do throws(NonceGuard.Rejection) {
                try state.guardian.check(
                    nonce: request.nonce, hotkey: request.hotkey, uuid: request.uuid, timeout: request.timeout, now: now)
            } catch {
                return .failure(.rejected(error))
            }
            var pruned = false
            if now - state.lastPrune > NonceGuard.retention / 2 {
                state.lastPrune = now
                state.guardian.prune(now: now)
                pruned = true
            }
            let isNew = state.guardian.lastNonce(hotkey: request.hotkey, uuid: request.uuid) == nil
            if isNew && state.guardian.trackedKeys >= maximumKeys { return .failure(.full) }
            state.guardian.record(key: key, nonce: request.nonce)
            return .success(pruned)
        }
        let pruned = try outcome.get()
        guard let writer else { return }
        if pruned { writer.prune(before: NonceGuard.saturating(now, -NonceGuard.retention)) }
        do {
            try await writer.record(key: key, nonce: request.nonce)
        } catch {
            throw .storage(error.message)
        }
    }

    var trackedKeys: Int { state.withLock { $0.guardian.trackedKeys } }
}
