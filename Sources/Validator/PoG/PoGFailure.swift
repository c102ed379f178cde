import ProofOfGPU

/// Why a miner's Proof-of-GPU round did not pass: recorded with the result and counted in
/// `/metrics` by ``kind``.
public enum PoGFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The axon did not answer, or refused us (blacklist, 4xx/5xx).
    case unreachable(String)
    /// Allocation refused or malformed.
    case allocationFailed(String)
    /// The sealed credentials did not open.
    case badCredentials(String)
    /// SSH connection, upload or a command failed or timed out.
    case ssh(String)
    /// The worker's output is not what the contract says.
    case malformedOutput(String)
    /// A number the worker printed is outside ``PoGLimits`` (checked before any arithmetic).
    case implausibleValue(ImplausibleValue)
    /// The uploaded worker does not hash to what we sent.
    case workerMismatch
    /// The benchmark names no known device.
    case unidentified(String)
    /// `compute` took longer than the benchmark allows.
    case timing(String)
    /// The proofs do not verify.
    case verification(String)
    /// After a passing proof, a user port did not reach the container (v2.2's health check).
    case healthCheck(String)
    /// The whole test ran past its deadline.
    case timedOut

    public var kind: String {
        switch self {
        case .unreachable: "unreachable"
        case .allocationFailed: "allocation"
        case .badCredentials: "credentials"
        case .ssh: "ssh"
        case .malformedOutput: "malformed_output"
        case .implausibleValue: "implausible_value"
        case .workerMismatch: "worker_mismatch"
        case .unidentified: "unidentified"
        case .timing: "timing"
        case .verification: "verification"
        case .healthCheck: "health_check"
        case .timedOut: "timeout"
        }
    }

    /// Failures worth a retry later: the miner may be back; a cheat is not retried.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .allocationFailed, .ssh: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case let .unreachable(reason): "unreachable: \(reason)"
        case let .allocationFailed(reason): "allocation failed: \(reason)"
        case let .badCredentials(reason): "credentials: \(reason)"
        case let .ssh(reason): "ssh: \(reason)"
        case let .malformedOutput(reason): "malformed worker output: \(reason)"
        case let .implausibleValue(value): "implausible worker output: \(value)"
        case .workerMismatch: "the uploaded worker does not hash to the validator's"
        case let .unidentified(reason): "device not identified: \(reason)"
        case let .timing(reason): "timing: \(reason)"
        case let .verification(reason): "verification: \(reason)"
        case let .healthCheck(reason): "health check: \(reason)"
        case .timedOut: "the test ran past its deadline"
        }
    }
}
