import SQLiteStore
import Synchronization

/// The axon's nonce memory, shared by concurrent requests behind a lock (no actor hop on the
/// hot path), optionally written through to a ``NonceLedger`` so it survives restarts.
///
/// ``admit(_:now:)`` is called only after the signature verified and the caller was admitted,
/// so only authenticated callers add state; checking and recording are one step under the
/// lock, so two requests racing with the same nonce cannot both pass.
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
    private let ledger: Mutex<NonceLedger?>

    /// A registry in memory only.
    init(maximumKeys: Int = 1_000_000, now: Int = WallClock.nanoseconds()) {
        self.maximumKeys = maximumKeys
        self.state = Mutex(State(lastPrune: now))
        self.ledger = Mutex(nil)
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
        self.ledger = Mutex(opened)
    }

    /// Checks `request`'s nonce (fresh, greater than the key's last) and records it.
    func admit(_ request: SignedRequest, now: Int) throws(Failure) {
        let outcome: Result<Void, Failure> = state.withLock { state in
            do throws(NonceGuard.Rejection) {
                try state.guardian.check(
                    nonce: request.nonce, hotkey: request.hotkey, uuid: request.uuid, timeout: request.timeout, now: now)
            } catch {
                return .failure(.rejected(error))
            }
            if now - state.lastPrune > NonceGuard.retention / 2 {
                prune(&state, now: now)
            }
            let isNew = state.guardian.lastNonce(hotkey: request.hotkey, uuid: request.uuid) == nil
            if isNew && state.guardian.trackedKeys >= maximumKeys { return .failure(.full) }
            let key = NonceGuard.key(hotkey: request.hotkey, uuid: request.uuid)
            do throws(SQLiteError) {
                try ledger.withLock { ledger throws(SQLiteError) in try ledger?.record(key: key, nonce: request.nonce) }
            } catch {
                return .failure(.storage(error.message))
            }
            state.guardian.record(key: key, nonce: request.nonce)
            return .success(())
        }
        try outcome.get()
    }

    private func prune(_ state: inout State, now: Int) {
        state.lastPrune = now
        state.guardian.prune(now: now)
        // A failed prune on disk only leaves old rows behind; they are pruned at the next start.
        try? ledger.withLock { ledger throws(SQLiteError) in
            try ledger?.prune(before: NonceGuard.saturating(now, -NonceGuard.retention))
        }
    }

    var trackedKeys: Int { state.withLock { $0.guardian.trackedKeys } }
}
