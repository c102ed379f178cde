import BittensorNetwork

/// The five things an `Allocate` asks, and the requests that ask them.
///
/// The reference tells them apart by two flags and the sign of `timeline`
/// (reference-inventory §1.3). Validators, the Register API and the miner all go through
/// ``Allocate/kind`` and these builders, so the flag combinations live in one place.
extension Allocate {
    public enum Kind: Sendable, Equatable {
        /// `checking`, `timeline > 0`: is the miner free (and does it fit the requirement)?
        case availability
        /// `checking`, `timeline ≤ 0`: is the allocation made with this public key live?
        case liveness
        /// `docker_change`: restart, pause, unpause or exchange the key of the container.
        case containerAction
        /// `timeline > 0`: allocate for that many days.
        case allocation
        /// `timeline ≤ 0`: release the allocation made with this public key.
        case release
    }

    public var kind: Kind {
        if checking { return timeline > 0 ? .availability : .liveness }
        if dockerChange { return .containerAction }
        return timeline > 0 ? .allocation : .release
    }

    /// Is the miner free for `timeline` days? An empty requirement asks only whether it is
    /// rented; the reference's answer `status: true` means free ("Docker OFFLINE").
    public static func availabilityCheck(timeline: Int = 1, deviceRequirement: JSONValue = .object([])) -> Allocate {
        var request = Allocate()
        request.checking = true
        request.timeline = max(1, timeline)
        request.deviceRequirement = deviceRequirement
        return request
    }

    /// Is the allocation made with `publicKey` still live on the miner?
    public static func livenessCheck(publicKey: String) -> Allocate {
        var request = Allocate()
        request.checking = true
        request.timeline = 0
        request.publicKey = publicKey
        return request
    }

    /// Allocate for `timeline` days; the credentials come back sealed to `publicKey`.
    public static func allocation(
        publicKey: String, timeline: Int, deviceRequirement: JSONValue,
        dockerRequirement: JSONValue = Allocate.defaultDockerRequirement
    ) -> Allocate {
        var request = Allocate()
        request.checking = false
        request.timeline = max(1, timeline)
        request.publicKey = publicKey
        request.deviceRequirement = deviceRequirement
        request.dockerRequirement = dockerRequirement
        return request
    }

    /// Release the allocation made with `publicKey`.
    public static func release(publicKey: String) -> Allocate {
        var request = Allocate()
        request.checking = false
        request.timeline = 0
        request.publicKey = publicKey
        return request
    }

    /// `action` on the container of the allocation made with `publicKey`. The reference sends
    /// `timeline` 1 with a key exchange and 0 otherwise; miners read only `docker_change`.
    public static func containerAction(_ action: DockerAction, publicKey: String, sshKey: String = "", keyType: String = "") -> Allocate {
        var request = Allocate()
        request.checking = false
        request.timeline = action == .exchangeKey ? 1 : 0
        request.publicKey = publicKey
        request.dockerChange = true
        request.dockerAction = .object([("action", .string(action.rawValue)), ("ssh_key", .string(sshKey)), ("key_type", .string(keyType))])
        return request
    }
}
