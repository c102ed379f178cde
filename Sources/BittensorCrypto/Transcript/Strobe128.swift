/// The subset of STROBE-128 (v1.0.2) that Merlin transcripts use: meta-AD, AD, PRF and KEY.
///
/// Follows the construction of dalek-cryptography/merlin's `strobe.rs`: rate 166, the
/// initial block `[1, 168, 1, 0, 1, 96] ‖ "STROBEv1.0.2"`, and no support for the operations
/// Merlin never issues (send/receive, ratchet). Operation flags are checked by `precondition`
/// because a mismatch is a programming error in this module, never a consequence of input.
struct Strobe128: Sendable {
    private static let rate = 166

    private struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        static let inbound = Flags(rawValue: 1)  // I
        static let application = Flags(rawValue: 2)  // A
        static let cipher = Flags(rawValue: 4)  // C
        static let transport = Flags(rawValue: 8)  // T
        static let meta = Flags(rawValue: 16)  // M
        static let keyed = Flags(rawValue: 32)  // K
    }

    private var state = KeccakState()
    private var position = 0
    private var positionBegin = 0
    private var currentFlags: Flags = []

    init(protocolLabel: [UInt8]) {
        let header: [UInt8] = [1, UInt8(Self.rate + 2), 1, 0, 1, 96] + Array("STROBEv1.0.2".utf8)
        state.withBytes { st, permute in
            for (index, byte) in header.enumerated() { st[index] = byte }
            permute()
        }
        metaAD(protocolLabel, more: false)
    }

    mutating func metaAD(_ data: [UInt8], more: Bool) {
        beginOperation([.meta, .application], more: more)
        absorb(data)
    }

    mutating func ad(_ data: [UInt8], more: Bool) {
        beginOperation([.application], more: more)
        absorb(data)
    }

    mutating func prf(count: Int, more: Bool) -> [UInt8] {
        beginOperation([.inbound, .application, .cipher], more: more)
        return squeeze(count: count)
    }

    mutating func key(_ data: [UInt8], more: Bool) {
        beginOperation([.application, .cipher], more: more)
        overwrite(data)
    }

    // MARK: - Duplex

    private mutating func beginOperation(_ flags: Flags, more: Bool) {
        if more {
            precondition(currentFlags == flags, "STROBE: continued an operation with other flags")
            return
        }
        precondition(!flags.contains(.transport), "STROBE: transport operations are not supported")
        let oldBegin = UInt8(truncatingIfNeeded: positionBegin)
        positionBegin = position + 1
        currentFlags = flags
        absorb([oldBegin, flags.rawValue])
        let forceF = !flags.intersection([.cipher, .keyed]).isEmpty
        if forceF && position != 0 {
            runF()
        }
    }

    private mutating func runF() {
        let (at, begin) = (position, positionBegin)
        state.withBytes { st, permute in
            Self.pad(st, position: at, begin: begin)
            permute()
        }
        position = 0
        positionBegin = 0
    }

    private mutating func absorb(_ data: [UInt8]) {
        duplex(count: data.count) { st, at, index in st[at] ^= data[index] }
    }

    private mutating func overwrite(_ data: [UInt8]) {
        duplex(count: data.count) { st, at, index in st[at] = data[index] }
    }

    private mutating func squeeze(count: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        duplex(count: count) { st, at, index in
            output[index] = st[at]
            st[at] = 0
        }
        return output
    }

    /// Runs `step` on `count` consecutive state positions, permuting whenever the rate is full.
    @inline(__always)
    private mutating func duplex(count: Int, _ step: (UnsafeMutablePointer<UInt8>, _ at: Int, _ index: Int) -> Void) {
        var at = position
        var begin = positionBegin
        state.withBytes { st, permute in
            for index in 0..<count {
                step(st, at, index)
                at += 1
                if at == Self.rate {
                    Self.pad(st, position: at, begin: begin)
                    permute()
                    at = 0
                    begin = 0
                }
            }
        }
        position = at
        positionBegin = begin
    }

    /// The padding `runF` applies before each permutation.
    @inline(__always)
    private static func pad(_ st: UnsafeMutablePointer<UInt8>, position: Int, begin: Int) {
        st[position] ^= UInt8(truncatingIfNeeded: begin)
        st[position + 1] ^= 0x04
        st[rate + 1] ^= 0x80
    }
}
