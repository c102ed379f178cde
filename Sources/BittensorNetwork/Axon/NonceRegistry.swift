/// The axon's nonce memory, shared by concurrent requests. Checking and recording are split
/// around the (slow) signature check and the record re-checks, so two requests racing with the
/// same nonce cannot both pass.
actor NonceRegistry {
    private var guardian = NonceGuard()
    private var recorded = 0

    func check(_ dendrite: TerminalInfo, timeout: Double?, now: Int) throws(NonceGuard.Rejection) {
        try guardian.check(nonce: dendrite.nonce, hotkey: dendrite.hotkey ?? "", uuid: dendrite.uuid ?? "",
                           version: dendrite.version, timeout: timeout, now: now)
    }

    func record(_ dendrite: TerminalInfo, timeout: Double?, now: Int) throws(NonceGuard.Rejection) {
        try check(dendrite, timeout: timeout, now: now)
        guard let nonce = dendrite.nonce else { throw .missing }
        guardian.record(nonce: nonce, hotkey: dendrite.hotkey ?? "", uuid: dendrite.uuid ?? "")
        recorded += 1
        if recorded % 10_000 == 0 { guardian.prune(now: now) }
    }
}
