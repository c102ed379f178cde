import BittensorNetwork
import ComputeProtocol
import Logging

/// Deallocates an allocation on a miner by its RSA public key, retrying with back-off while
/// the miner says "not yet" or cannot be reached. Validators release their test containers
/// with it, the Register API its rentals and failed allocations.
public enum AllocationRelease {
    /// A miner's answers that mean the allocation no longer exists there.
    public static let goneReasons = ["no allocation is live", "does not match the live allocation", "belongs to another hotkey"]

    /// True once the miner confirms, or says the allocation is gone (or was never made).
    public static func release(_ target: MinerTarget, publicKey: String, dendrite: Dendrite, attempts: Int, timeout: Double,
                               logger: Logger? = nil) async -> Bool {
        let request = Allocate.release(publicKey: publicKey)
        let axon = AxonTarget(ip: target.ip, port: target.port, hotkey: target.hotkey)
        for attempt in 1...max(1, attempts) {
            let answer = await dendrite.call(request, to: axon, timeout: timeout)
            let reason = Self.reason(answer)
            if answer.output["status"] == .bool(true) || goneReasons.contains(where: reason.contains) { return true }
            logger?.info("uid \(target.uid): deallocation attempt \(attempt) failed: \(reason)")
            if attempt < attempts { try? await Task.sleep(for: .seconds(1 << (attempt - 1))) }
        }
        return false
    }

    /// The miner's stated reason, or what the transport said.
    public static func reason(_ answer: Allocate) -> String {
        if case let .string(reason)? = answer.output["reason"] { return reason }
        let code = answer.common.dendrite?.statusCode ?? 0
        return code == 200 ? "status \(answer.output["status"].map { "\($0)" } ?? "missing")"
            : "HTTP \(code): \(answer.common.dendrite?.statusMessage ?? "no answer")"
    }
}
