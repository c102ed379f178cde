#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many cells of each GPU's C the verifier challenges, and what that buys.
///
/// A miner that computed only a fraction f of C's rows (and committed garbage for the rest)
/// survives one uniformly random challenged cell with probability f, and k independent cells
/// with probability fᵏ. The reference challenges one cell (a half-computing miner passes half
/// the time); the default here, 16 cells, lets it pass with probability 2⁻¹⁶ ≈ 1.5·10⁻⁵.
public struct ChallengePolicy: Sendable, Equatable, Codable {
    /// Cells challenged per GPU.
    public var cellsPerGPU: Int

    public static let `default` = ChallengePolicy(cellsPerGPU: 16)

    public init(cellsPerGPU: Int) {
        precondition(cellsPerGPU > 0, "at least one cell must be challenged")
        self.cellsPerGPU = cellsPerGPU
    }

    /// The probability that a miner who computed only `fraction` of the rows passes.
    public func cheatingSuccessProbability(computedFraction fraction: Double) -> Double {
        guard fraction.isFinite else { return 0 }
        return pow(min(max(fraction, 0), 1), Double(cellsPerGPU))
    }

    /// `cellsPerGPU` random cells of an n×n matrix; none when n is outside
    /// ``PoGLimits/matrixSizes`` (the verifier then fails the GPU for having no challenge).
    public func cells(n: Int, using generator: inout some RandomNumberGenerator) -> [Cell] {
        // A decoded policy skips init's precondition, hence the max; an empty range would trap.
        guard PoGLimits.matrixSizes.contains(n) else { return [] }
        return (0..<max(cellsPerGPU, 0)).map { _ in
            Cell(i: Int.random(in: 0..<n, using: &generator), j: Int.random(in: 0..<n, using: &generator))
        }
    }

    /// The number of GPUs that must pass, as the reference: all of them up to 2 (and 3), 3 of
    /// 4, and ⌈0.75·n⌉ above 4.
    public static func requiredPasses(gpuCount: Int) -> Int {
        switch gpuCount {
        case ...0: 1
        case 4: 3
        case 5...: Int((0.75 * Double(gpuCount)).rounded(.up))
        default: gpuCount
        }
    }
}

/// A challenged cell (row i, column j) of C.
public struct Cell: Sendable, Equatable, Hashable, Codable {
    public let i: Int
    public let j: Int

    public init(i: Int, j: Int) {
        self.i = i
        self.j = j
    }
}
