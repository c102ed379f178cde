/// Why a GPU failed verification: the first failing check, precise enough to log and count.
public enum GPUFailure: Error, Equatable, Sendable, CustomStringConvertible {
    case noRoot
    /// The verifier was asked for a size outside ``PoGLimits/matrixSizes``.
    case matrixSizeOutOfRange(Int)
    /// No cell was challenged, so nothing could be verified.
    case noChallenges
    /// A challenged cell lies outside the n×n matrix.
    case challengeOutsideMatrix(Cell)
    case malformedRoot
    case missingProofs
    case cellsNotAsChallenged
    case malformedRow(Cell)
    case wrongRowLength(Cell, length: Int)
    case malformedProof(Cell)
    case merkleMismatch(Cell)
    case valueMismatch(Cell, claimed: Float, expected: Double, tolerance: Double)

    public var description: String {
        switch self {
        case .noRoot: "no Merkle root was committed"
        case let .matrixSizeOutOfRange(n): "n = \(n) is outside \(PoGLimits.matrixSizes)"
        case .noChallenges: "no cell was challenged"
        case let .challengeOutsideMatrix(cell): "cell (\(cell.i), \(cell.j)) is outside the matrix"
        case .malformedRoot: "the committed root is not 32 bytes of hex"
        case .missingProofs: "no proofs were returned"
        case .cellsNotAsChallenged: "the proofs are not for the challenged cells"
        case let .malformedRow(cell): "row \(cell.i): not base64 of float32 values"
        case let .wrongRowLength(cell, length): "row \(cell.i): has \(length) values"
        case let .malformedProof(cell): "row \(cell.i): the proof is not a list of 32-byte hex digests"
        case let .merkleMismatch(cell): "row \(cell.i): does not hash to the committed root"
        case let .valueMismatch(cell, claimed, expected, tolerance):
            "cell (\(cell.i), \(cell.j)): \(claimed) differs from \(expected) by more than \(tolerance)"
        }
    }
}

/// The outcome of verifying one PoG round.
public struct VerificationReport: Sendable, Equatable {
    /// nil for a GPU that passed, else why it failed.
    public let failures: [Int: GPUFailure?]
    public let requiredPasses: Int

    public var passedCount: Int { failures.values.filter { $0 == nil }.count }
    public var passed: Bool { !failures.isEmpty && passedCount >= requiredPasses }
}
