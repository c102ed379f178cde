import SCALE

/// A transaction's validity window (`sp_runtime::generic::Era`).
public enum Era: Sendable, Equatable {
    /// Valid forever; signed against the genesis hash.
    case immortal
    /// Valid for `period` blocks (a power of two, 4…65536) from the block whose number
    /// modulo `period` is `phase`.
    case mortal(period: UInt64, phase: UInt64)

    /// The SDK's mortal era: `period` rounded up to a power of two and clamped to 4…65536,
    /// starting at block `current`.
    public static func mortal(period requested: UInt64, current: UInt64) -> Era {
        var period: UInt64 = 4
        while period < requested, period < 65536 { period <<= 1 }
        let quantize = max(period >> 12, 1)
        let phase = current % period / quantize * quantize
        return .mortal(period: period, phase: phase)
    }

    /// The block the era starts at, given the current block: its hash is signed.
    public func birth(current: UInt64) -> UInt64 {
        switch self {
        case .immortal: 0
        case let .mortal(period, phase): (max(current, phase) - phase) / period * period + phase
        }
    }

    /// The era's SCALE bytes: `00`, or two bytes packing the period's exponent and the phase.
    public var encoded: [UInt8] {
        switch self {
        case .immortal: return [0]
        case let .mortal(period, phase):
            let quantize = max(period >> 12, 1)
            let exponent = UInt64(min(max(period.trailingZeroBitCount - 1, 1), 15))
            let value = UInt16(truncatingIfNeeded: exponent | ((phase / quantize) << 4))
            return [UInt8(value & 0xff), UInt8(value >> 8)]
        }
    }
}
