import BittensorNetwork
import Logging

/// Deallocates an allocation on a miner by its RSA public key, retrying with back-off while
/// the miner says "not yet" or cannot be reached. Validators release their test containers
/// with it, the Register API its rentals and failed allocations.
public enum AllocationRelease {
    /// A miner's answers that mean the allocation no longer exists there.
    public static let goneReasons = ["no allocation is live", "does not match the live allocation", "belongs to another hotkey"]

    /// True once the miner confirms, or says the allocation is gone (or was never made).
    public static func release(
        _ target: MinerTarget, publicKey: String, dendrite: any AllocateCaller, attempts: Int, timeout: Double,
        logger: Logger? = nil
    ) async -> Bool {
        let request = Allocate.release(publicKey: publicKey)
        for attempt in 1...max(1, attempts) {
            let answer = await dendrite.call(request, to: target.axon, timeout: timeout)
            let reason = answer.failureReason
            if answer.answer.status || goneReasons.contains(where: reason.contains) { return true }
            logger?.info("uid \(target.uid): deallocation attempt \(attempt) failed: \(reason)")
            if attempt < attempts { try? await Task.sleep(for: .seconds(1 << min(attempt - 1, 6))) }
        }
        return false
    }
}
