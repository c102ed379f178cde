/// A Merlin transcript (merlin.cool): the Fiat–Shamir hash that sr25519 signatures and
/// hard key derivation are built on.
public struct MerlinTranscript: Sendable {
    private var strobe: Strobe128

    /// Starts a transcript for the protocol named `label`.
    public init(label: String) {
        strobe = Strobe128(protocolLabel: Array("Merlin v1.0".utf8))
        append(label: "dom-sep", message: Array(label.utf8))
    }

    /// Commits `message` under `label`.
    public mutating func append(label: String, message: [UInt8]) {
        strobe.metaAD(Array(label.utf8), more: false)
        strobe.metaAD(Self.lengthBytes(message.count), more: true)
        strobe.ad(message, more: false)
    }

    /// Draws `count` challenge bytes bound to everything committed so far.
    public mutating func challengeBytes(label: String, count: Int) -> [UInt8] {
        strobe.metaAD(Array(label.utf8), more: false)
        strobe.metaAD(Self.lengthBytes(count), more: true)
        return strobe.prf(count: count, more: false)
    }

    /// A witness RNG as merlin's `TranscriptRngBuilder`: the transcript state, rekeyed with
    /// the prover's secret `witness` and 32 bytes of `randomness`, then squeezed for `count`
    /// bytes. Binding the secret keeps a bad RNG from leaking the key; binding fresh randomness
    /// keeps a fault from repeating a nonce.
    func witnessBytes(label: String, witness: [UInt8], randomness: [UInt8], count: Int) -> [UInt8] {
        var rng = strobe
        rng.metaAD(Array(label.utf8), more: false)
        rng.metaAD(Self.lengthBytes(witness.count), more: true)
        rng.key(witness, more: false)
        rng.metaAD(Array("rng".utf8), more: false)
        rng.key(randomness, more: false)
        rng.metaAD(Self.lengthBytes(count), more: false)
        return rng.prf(count: count, more: false)
    }

    private static func lengthBytes(_ length: Int) -> [UInt8] {
        let value = UInt32(truncatingIfNeeded: length)
        return [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
