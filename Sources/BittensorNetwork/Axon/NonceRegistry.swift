import Synchronization

/// The axon's nonce memory, shared by concurrent requests behind a lock (no actor hop on the
/// hot path). Checking and recording are split around the slow signature check, and the record
/// re-checks, so two requests racing with the same nonce cannot both pass.
final class NonceRegistry: Sendable {
    private struct State {
        var guardian = NonceGuard()
        var recorded = 0
    }

    private let state = Mutex(State())

    func check(_ dendrite: TerminalInfo, timeout: Double?, now: Int) throws(NonceGuard.Rejection) {
        let result: Result<Void, NonceGuard.Rejection> = state.withLock { state in
            Result { () throws(NonceGuard.Rejection) in
                try state.guardian.check(nonce: dendrite.nonce, hotkey: dendrite.hotkey ?? "", uuid: dendrite.uuid ?? "",
                                         version: dendrite.version, timeout: timeout, now: now)
            }
        }
        try result.get()
    }

    func record(_ dendrite: TerminalInfo, timeout: Double?, now: Int) throws(NonceGuard.Rejection) {
        let result: Result<Void, NonceGuard.Rejection> = state.withLock { state in
            Result { () throws(NonceGuard.Rejection) in
                try state.guardian.check(nonce: dendrite.nonce, hotkey: dendrite.hotkey ?? "", uuid: dendrite.uuid ?? "",
                                         version: dendrite.version, timeout: timeout, now: now)
                guard let nonce = dendrite.nonce else { throw .missing }
                state.guardian.record(nonce: nonce, hotkey: dendrite.hotkey ?? "", uuid: dendrite.uuid ?? "")
                state.recorded += 1
                if state.recorded % 10_000 == 0 { state.guardian.prune(now: now) }
            }
        }
        try result.get()
    }
}
