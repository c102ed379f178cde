import BittensorNetwork
import ComputeProtocol
import Synchronization
@testable import Validator

/// A miner's axon as the runner reaches it through its ``AllocateCaller`` seam: answers as
/// scripted, with credentials really sealed to the caller's key, and remembers what it was asked.
final class ScriptedMiner: AllocateCaller {
    enum Answer: Sendable {
        /// HTTP 200 with this output.
        case output(AllocateOutput)
        /// An allocation's answer: these credentials sealed to the request's public key.
        case credentials(AllocationCredentials)
        /// The transport failed (no answer, as a dendrite reports a refused connection).
        case noAnswer
    }

    private let availability: Answer
    private let allocation: Answer
    private let asked = Mutex<[Allocate.Kind]>([])
    private let sealedTo = Mutex<[String]>([])

    init(availability: Answer = .output(AllocateOutput(status: true)), allocation: Answer) {
        self.availability = availability
        self.allocation = allocation
    }

    var requests: [Allocate.Kind] { asked.withLock { $0 } }
    /// The public key of each allocation request, in order.
    var allocationKeys: [String] { sealedTo.withLock { $0 } }

    func call(_ request: Allocate, to axon: AxonTarget, timeout: Double) async -> Allocate {
        asked.withLock { $0.append(request.kind) }
        if request.kind == .allocation { sealedTo.withLock { $0.append(request.publicKey) } }
        let answer: Answer =
            switch request.kind {
            case .availability: availability
            case .allocation: allocation
            default: .output(AllocateOutput(status: true))
            }
        var response = request
        switch answer {
        case let .output(output):
            response.answer = output
            response.common.dendrite = TerminalInfo(statusCode: 200, statusMessage: "Success")
        case let .credentials(credentials):
            let sealed = (try? credentials.sealed(toPublicKeyPEM: request.publicKey)) ?? ""
            response.answer = AllocateOutput(status: true, info: sealed, port: credentials.port)
            response.common.dendrite = TerminalInfo(statusCode: 200, statusMessage: "Success")
        case .noAnswer:
            response.common.dendrite = TerminalInfo(statusCode: 503, statusMessage: "Service unavailable: connection refused")
        }
        return response
    }
}

/// The validator's ledger of test allocations, in memory.
actor MemoryLedger: TestAllocationLedger {
    private(set) var live: Set<String> = []
    private(set) var recorded = 0

    func record(_ target: MinerTarget, publicKey: String) async throws {
        live.insert(target.hotkey)
        recorded += 1
    }

    func forget(_ hotkey: String) async throws { live.remove(hotkey) }
}
