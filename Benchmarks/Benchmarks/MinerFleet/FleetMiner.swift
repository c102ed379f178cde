import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import ProofOfGPU
import Synchronization

/// One miner of the fleet: its hotkey and axon port, its SSH port, and the state a real miner
/// keeps between a validator's requests (the test allocation's password, the worker's hash, the
/// last `compute`), behind one lock because the axon runs in tasks and the SSH sessions on
/// event loops.
///
/// A load generator for measuring the validator, not a miner: it answers the validator's exact
/// questions in process, without a container.
final class FleetMiner: Sendable {
    let uid: Int
    let keypair: Keypair
    let axonPort: Int
    let sshPort: Int

    struct Computed {
        var n: Int
        var matrices: [Int: [Float]]
        var trees: [Int: MerkleTree]
    }

    struct State {
        /// The public key and password of the live test allocation.
        var allocation: (publicKey: String, password: String)?
        var workerSHA256: String?
        var computed: Computed?
        /// What the validator sent on SSH sessions' stdin (the worker upload, requests).
        var bytesReceived = 0
        var allocations = 0
        var releases = 0
    }

    let state = Mutex(State())

    init(uid: Int, keypair: Keypair, axonPort: Int, sshPort: Int) {
        self.uid = uid
        self.keypair = keypair
        self.axonPort = axonPort
        self.sshPort = sshPort
    }

    /// The miner's `Allocate` answers, as the reference miner gives them, for one test container
    /// at a time.
    func allocate(_ request: Allocate) -> Allocate {
        var response = request
        var output: AllocateOutput
        switch request.kind {
        case .availability:
            output = AllocateOutput(status: state.withLock { $0.allocation == nil })
        case .liveness:
            output = AllocateOutput(status: state.withLock { $0.allocation?.publicKey == request.publicKey })
        case .allocation:
            let password = Self.password()
            let accepted = state.withLock { state -> Bool in
                guard state.allocation == nil else { return false }
                state.allocation = (request.publicKey, password)
                state.allocations += 1
                return true
            }
            if accepted,
                let sealed = try? AllocationCredentials(password: password, port: sshPort).sealed(toPublicKeyPEM: request.publicKey)
            {
                output = AllocateOutput(status: true, info: sealed)
            } else {
                state.withLock { if $0.allocation?.password == password { $0.allocation = nil } }
                output = AllocateOutput(status: false, reason: accepted ? "public_key: not an RSA key" : "already allocated")
            }
        case .release:
            let released = state.withLock { state -> Bool in
                guard state.allocation?.publicKey == request.publicKey else { return false }
                state.allocation = nil
                state.computed = nil
                state.releases += 1
                return true
            }
            output = AllocateOutput(status: released, reason: released ? nil : "no such allocation")
        case .containerAction:
            output = AllocateOutput(status: false, reason: "the fleet has no containers to act on")
        }
        output.port = sshPort
        response.answer = output
        return response
    }

    /// Whether `password` opens the live test allocation.
    func accepts(username: String, password: String) -> Bool {
        state.withLock { username == "root" && $0.allocation?.password == password }
    }

    private static func password() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
