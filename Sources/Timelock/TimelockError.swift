import BLS12381

/// Why a beacon, a ciphertext or a decryption was refused; each case names what was wrong.
public enum TimelockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A point from outside did not decode (its own error names the field and the rule).
    case invalidPoint(PointEncodingError)
    /// The ciphertext's bytes do not follow the layout; `field` is the part being read.
    case malformedCiphertext(field: String, offset: Int, reason: String)
    /// The beacon's signature does not verify for its round.
    case beaconRejected(round: UInt64, reason: String)
    /// The signature does not open this ciphertext: the wrong round, or altered bytes.
    case decryptionFailed(String)

    public var description: String {
        switch self {
        case .invalidPoint(let error): error.description
        case .malformedCiphertext(let field, let offset, let reason): "timelock ciphertext: \(field) at byte \(offset): \(reason)"
        case .beaconRejected(let round, let reason): "drand beacon for round \(round): \(reason)"
        case .decryptionFailed(let reason): "timelock decryption failed: \(reason)"
        }
    }
}
