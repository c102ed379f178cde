#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far an honest worker's float32 C[i][j] may be from the exact value, from n and float32
/// rounding alone.
///
/// The reference accepts `|c − ĉ| ≤ 1e-5 + 1e-5·|ĉ|`: fixed constants unrelated to n. Yet
/// float32 rounding grows with √n: at the n an H200 gets (29312), plain recursive summation
/// has a relative standard deviation of about u·√(n/3) ≈ 5.9·10⁻⁶, so the fixed 10⁻⁵ is under
/// two standard deviations and may reject an honest worker (cuBLAS's blocked sums are usually
/// more accurate, but nothing guarantees it); at small n the fixed `atol` says nothing. Ours is
/// a bound that holds for any summation order, so no honest worker is ever turned away, and
/// cheating is caught by challenging several cells (``ChallengePolicy``) rather than by a
/// tolerance tuned by hand:
///
/// - **Accumulation** (any order, blocked or FMA): the probabilistic bound of Higham and Mary
///   (SIAM J. Sci. Comput. 41(5), 2019, Thm. 3.1 for inner products): with probability at least
///   1 − 2n·exp(−λ²(1−u)²/2), `|ŝ − s| ≤ γ̃ₙ(λ)·Σ|aₖbₖ|` where `γ̃ₙ(λ) = exp(λ√n·u + n·u²/(1−u)) − 1`
///   and u = 2⁻²⁴. With λ = 10 an honest cell is rejected with probability below 10⁻¹⁷ for every
///   n we use. The deterministic worst case (γₙ = n·u/(1 − n·u)) is √n times larger and would let
///   a half-precision result through, so it is not used.
/// - **Inputs**: one ulp (2u relative) on each of aₖ and bₖ, so that a worker that rounds the
///   generator's values by the reference validator's float64 rule still passes: 4u·Σ|aₖbₖ|.
/// - **Storing the result** as float32: u·|s| ≤ u·Σ|aₖbₖ|.
public enum ValueTolerance {
    /// float32 unit roundoff.
    public static let unitRoundoff = 0x1p-24
    /// The probabilistic bound's confidence parameter λ.
    public static let lambda = 10.0

    /// The relative factor applied to Σ|aₖbₖ| for an inner product of length `n`.
    public static func relativeBound(n: Int) -> Double {
        let u = unitRoundoff
        let nd = Double(n)
        let accumulation = exp(lambda * nd.squareRoot() * u + nd * u * u / (1 - u)) - 1
        return accumulation + 5 * u
    }

    /// The absolute tolerance for a cell whose exact inner product has Σ|aₖbₖ| = `absoluteSum`.
    public static func tolerance(n: Int, absoluteSum: Double) -> Double {
        relativeBound(n: n) * absoluteSum
    }

    /// The probability bound that an honest cell exceeds the tolerance (Higham–Mary).
    public static func honestRejectionBound(n: Int) -> Double {
        min(1, 2 * Double(n) * exp(-lambda * lambda * (1 - unitRoundoff) * (1 - unitRoundoff) / 2))
    }
}
