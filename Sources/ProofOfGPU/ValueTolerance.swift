#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How far an honest worker's C[i][j] may be from the exact value: a bound for float32 inputs
/// with float32 accumulation in any contiguous-tree summation order, computed per cell in O(n)
/// from the exact products pₖ = aₖ·bₖ (exact in float64) and their prefix sums sₖ = p₁ + … + pₖ.
///
/// The argument (u = 2⁻²⁴, float32's unit roundoff):
///
/// - **Any summation tree over contiguous ranges** (sequential, pairwise, blocked, split-K,
///   FMA chains: what BLAS libraries and GPU kernels do). Each of the n − 1 additions rounds
///   its result x̂ + ŷ by a factor (1 + δ), |δ| ≤ u, adding δ·(node) to the error. A node sums a
///   contiguous range of products, so its exact value is a difference s_r − s_l of two prefix
///   sums and lies within R = max sₖ − min sₖ (s₀ = 0 included) of zero.
/// - **Products rounded to float32** (hardware without FMA): each adds δₖ·pₖ, |δₖ| ≤ u.
/// - Treating the rounding errors as mean-independent (the model of Higham and Mary, SIAM J.
///   Sci. Comput. 41(5), 2019), the error is a martingale whose steps are bounded by u·R (n − 1 of
///   them) and u·|pₖ| (n of them); Azuma–Hoeffding gives
///   `|error| ≤ λ·u·√((n − 1)·R² + Σpₖ²)` with probability at least 1 − 2·exp(−λ²/2).
///   The factor (1 + n·u) covers the second-order terms (errors riding on errors).
/// - **Storing** a result accumulated in higher precision: u·|s|. **The validator's own
///   float64 sum**: at most n·2⁻⁵³·Σ|pₖ|.
///
/// λ = 6: an honest cell exceeds the bound with probability below 2·e⁻¹⁸ ≈ 3·10⁻⁸, and in
/// practice far less (R is a worst case for every node at once). Reduced precision fails it:
/// rounding each input to 11 significant bits (fp16, TF32) moves a cell by about
/// 2⁻¹²·√(Σpₖ²)·√2, much more than λ·u·R·√n at the sizes in use, so 16 challenged cells catch
/// it with overwhelming probability (figures in docs/proof-of-gpu.md).
public enum ValueTolerance {
    /// float32 unit roundoff.
    public static let unitRoundoff = 0x1p-24
    /// The Azuma–Hoeffding confidence parameter λ.
    public static let lambda = 6.0

    /// The probability bound that an honest cell exceeds the tolerance: 2·exp(−λ²/2).
    public static var honestRejectionBound: Double { 2 * exp(-lambda * lambda / 2) }

    /// The tolerance for a cell of an inner product of length `n` whose exact products have
    /// prefix-sum range `prefixRange` (max sₖ − min sₖ), Σpₖ² `sumOfSquares`, Σ|pₖ|
    /// `absoluteSum` and sum `value`.
    public static func tolerance(n: Int, prefixRange: Double, sumOfSquares: Double, absoluteSum: Double, value: Double) -> Double {
        let u = unitRoundoff
        let terms = Double(max(n, 1))
        let accumulation = lambda * u * ((terms - 1) * prefixRange * prefixRange + sumOfSquares).squareRoot() * (1 + terms * u)
        let storing = u * abs(value)
        let validatorRounding = terms * 0x1p-53 * absoluteSum
        return accumulation + storing + validatorRounding
    }
}
