import SCALE

/// The plaintext of a timelocked weight commit, SCALE-encoded as subtensor decodes it on reveal:
/// `{hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64}` for commit-reveal
/// version 4, and the legacy `{uids, values, version_key}` (no hotkey) that `commit_crv3_weights`
/// carried. The chain drops a version-4 payload whose hotkey is not the committer's.
public struct WeightsTlockPayload: Sendable, Equatable {
    /// The committer's 32-byte public key; nil in the legacy shape.
    public var hotkey: [UInt8]?
    public var uids: [UInt16]
    public var values: [UInt16]
    public var versionKey: UInt64

    public init(hotkey: [UInt8]?, uids: [UInt16], values: [UInt16], versionKey: UInt64) {
        self.hotkey = hotkey
        self.uids = uids
        self.values = values
        self.versionKey = versionKey
    }

    public var bytes: [UInt8] {
        var encoder = SCALEEncoder()
        if let hotkey { encoder.encodeBytes(hotkey) }
        for vector in [uids, values] {
            encoder.encodeCompact(UInt128(vector.count))
            for value in vector { encoder.encode(value) }
        }
        encoder.encode(versionKey)
        return encoder.bytes
    }

    /// Decodes a revealed plaintext the way the devnet's reveal does: the version-4 shape with a
    /// 32-byte hotkey first, then the legacy shape; each must use every byte. Unlike subtensor,
    /// which tries the new shape on any prefix, a legacy payload of 32 or more uids is never
    /// misread as a hotkey here.
    public init(decoding bytes: [UInt8]) throws(SCALEError) {
        if let withHotkey = try? Self.decode(bytes, withHotkey: true), withHotkey.hotkey?.count == 32 {
            self = withHotkey
        } else {
            self = try Self.decode(bytes, withHotkey: false)
        }
    }

    private static func decode(_ bytes: [UInt8], withHotkey: Bool) throws(SCALEError) -> WeightsTlockPayload {
        var decoder = SCALEDecoder(bytes)
        let hotkey: [UInt8]? = withHotkey ? try decoder.decodeBytes(field: "hotkey") : nil
        let uids = try decoder.decodeVector(field: "uids", minimumElementSize: 2) { (inner: inout SCALEDecoder) throws(SCALEError) in
            try inner.decode(UInt16.self, field: "uid")
        }
        let values = try decoder.decodeVector(field: "values", minimumElementSize: 2) { (inner: inout SCALEDecoder) throws(SCALEError) in
            try inner.decode(UInt16.self, field: "value")
        }
        let versionKey = try decoder.decode(UInt64.self, field: "version_key")
        try decoder.expectEnd("payload")
        return WeightsTlockPayload(hotkey: hotkey, uids: uids, values: values, versionKey: versionKey)
    }
}
