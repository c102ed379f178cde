import BittensorNetwork
import ComputeProtocol

/// Answers the legacy `Challenge` (hashcat proof of work) with a clear refusal: no validator has
/// sent it since v1.8.3, and Proof-of-GPU replaced it.
public enum ChallengeHandler {
    public static func handle(_ request: Challenge) async -> Challenge {
        var response = request
        response.output = .object([
            ("status", .bool(false)),
            ("error", .string("Challenge (hashcat proof of work) is not supported: NI Compute validators use Proof-of-GPU")),
        ])
        return response
    }
}
