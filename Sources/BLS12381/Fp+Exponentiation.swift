extension Fp {
    static let inverseExponent = LimbArithmetic.subtracting(2, from: modulus)  // p − 2
    static let sqrtExponent = LimbArithmetic.dividing(LimbArithmetic.adding(1, to: modulus), by: 4)  // (p + 1) / 4

    /// self⁻¹ by Fermat's little theorem (constant time); 0 has none and gives 0.
    public func inverse() -> Fp { power(Fp.inverseExponent) }

    /// A square root, or nil when self is not a square. p ≡ 3 (mod 4), so self^((p+1)/4) is
    /// a root whenever one exists.
    public func squareRoot() -> Fp? {
        let candidate = power(Fp.sqrtExponent)
        return candidate.square() == self ? candidate : nil
    }
}
