/// Why a transaction through ``SubtensorClient`` did not go through.
public enum SubtensorClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A transaction was asked for but the client holds no hotkey to sign with.
    case noSigner
    /// The hotkey named by the caller is not the one the client signs with.
    case signerMismatch(requested: String, signer: String)
    /// The node refused or dropped the transaction (`invalid`, `dropped`, `usurped`…).
    case rejected(status: String)
    /// The transaction was not seen in a block within the deadline.
    case notIncluded(seconds: Double)
    /// A value the chain returned has an unexpected shape.
    case unexpectedValue(field: String, detail: String)
    /// The transaction is in a block but its call failed (`ExtrinsicFailed`), e.g.
    /// `SubtensorModule.SettingWeightsTooFast`.
    case dispatchFailed(String)

    public var description: String {
        switch self {
        case .noSigner: "this client has no hotkey to sign with (load a wallet)"
        case let .signerMismatch(requested, signer): "hotkey \(requested) requested, but this client signs as \(signer)"
        case let .rejected(status): "the node rejected the transaction: \(status)"
        case let .notIncluded(seconds): "the transaction was not included in a block within \(seconds) s"
        case let .unexpectedValue(field, detail): "chain value \(field): \(detail)"
        case let .dispatchFailed(error): "the transaction was included but failed: \(error)"
        }
    }
}
