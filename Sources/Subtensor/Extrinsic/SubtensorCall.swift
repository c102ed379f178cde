import SCALE

/// A call ready to sign: its name and its bytes (`pallet index ‖ call index ‖ arguments`),
/// encoded only after the metadata confirmed the call exists with exactly the argument names
/// and wire shapes encoded here.
public struct SubtensorCall: Sendable, Equatable {
    public var pallet: String
    public var name: String
    public var bytes: [UInt8]

    /// An argument as this client encodes it: its name, its shape as
    /// ``RuntimeMetadata/shape(of:depth:)`` renders it, and its bytes.
    public struct Argument: Sendable {
        public var name: String
        public var shape: String
        public var bytes: [UInt8]

        public init(_ name: String, _ shape: String, _ bytes: [UInt8]) {
            self.name = name
            self.shape = shape
            self.bytes = bytes
        }
    }

    /// Encodes `pallet.name(arguments)` after checking them against `metadata`.
    public init(pallet: String, name: String, arguments: [Argument], metadata: RuntimeMetadata) throws(MetadataError) {
        let (palletIndex, variant) = try metadata.call(pallet: pallet, call: name)
        let context = "\(pallet).\(name)"
        let found = variant.fields.map { $0.name ?? "_" }
        let expected = arguments.map(\.name)
        guard found == expected else {
            throw .shapeMismatch(
                context: "\(context) arguments", expected: expected.joined(separator: ", "), found: found.joined(separator: ", "))
        }
        var bytes: [UInt8] = [palletIndex, variant.index]
        for (field, argument) in zip(variant.fields, arguments) {
            let shape = try metadata.shape(of: field.type)
            guard shape == argument.shape else {
                throw .shapeMismatch(context: "\(context) argument \(argument.name)", expected: argument.shape, found: shape)
            }
            bytes += argument.bytes
        }
        self.pallet = pallet
        self.name = name
        self.bytes = bytes
    }
}

extension SubtensorCall {
    private static func u16Vector(_ values: [UInt16]) -> [UInt8] {
        var encoder = SCALEEncoder()
        encoder.encodeCompact(UInt128(values.count))
        for value in values { encoder.encode(value) }
        return encoder.bytes
    }

    private static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        var encoder = SCALEEncoder()
        encoder.encode(value)
        return encoder.bytes
    }

    /// `SubtensorModule.set_weights(netuid, dests, weights, version_key)`.
    public static func setWeights(
        netuid: UInt16, uids: [UInt16], weights: [UInt16], versionKey: UInt64,
        metadata: RuntimeMetadata
    ) throws(MetadataError) -> SubtensorCall {
        try SubtensorCall(
            pallet: "SubtensorModule", name: "set_weights",
            arguments: [
                Argument("netuid", "u16", le(netuid)), Argument("dests", "Vec<u16>", u16Vector(uids)),
                Argument("weights", "Vec<u16>", u16Vector(weights)), Argument("version_key", "u64", le(versionKey)),
            ], metadata: metadata)
    }

    /// `SubtensorModule.serve_axon(netuid, version, ip, port, ip_type, protocol, placeholder1, placeholder2)`.
    public static func serveAxon(
        netuid: UInt16, version: UInt32, ip: UInt128, port: UInt16, ipType: UInt8, protocolNumber: UInt8,
        metadata: RuntimeMetadata
    ) throws(MetadataError) -> SubtensorCall {
        try SubtensorCall(
            pallet: "SubtensorModule", name: "serve_axon",
            arguments: [
                Argument("netuid", "u16", le(netuid)), Argument("version", "u32", le(version)), Argument("ip", "u128", le(ip)),
                Argument("port", "u16", le(port)), Argument("ip_type", "u8", [ipType]), Argument("protocol", "u8", [protocolNumber]),
                Argument("placeholder1", "u8", [0]), Argument("placeholder2", "u8", [0]),
            ], metadata: metadata)
    }

    /// `SubtensorModule.commit_weights(netuid, commit_hash)` (hash commit-reveal, "CR v2").
    public static func commitWeights(netuid: UInt16, commitHash: [UInt8], metadata: RuntimeMetadata) throws(MetadataError) -> SubtensorCall
    {
        guard commitHash.count == 32 else {
            throw .shapeMismatch(context: "commit_hash", expected: "32 bytes", found: "\(commitHash.count) bytes")
        }
        return try SubtensorCall(
            pallet: "SubtensorModule", name: "commit_weights",
            arguments: [
                Argument("netuid", "u16", le(netuid)), Argument("commit_hash", "[u8; 32]", commitHash),
            ], metadata: metadata)
    }

    /// `SubtensorModule.reveal_weights(netuid, uids, values, salt, version_key)`.
    public static func revealWeights(
        netuid: UInt16, uids: [UInt16], values: [UInt16], salt: [UInt16], versionKey: UInt64,
        metadata: RuntimeMetadata
    ) throws(MetadataError) -> SubtensorCall {
        try SubtensorCall(
            pallet: "SubtensorModule", name: "reveal_weights",
            arguments: [
                Argument("netuid", "u16", le(netuid)), Argument("uids", "Vec<u16>", u16Vector(uids)),
                Argument("values", "Vec<u16>", u16Vector(values)), Argument("salt", "Vec<u16>", u16Vector(salt)),
                Argument("version_key", "u64", le(versionKey)),
            ], metadata: metadata)
    }
}

extension SubtensorCall {
    private static func bytesVector(_ bytes: [UInt8]) -> [UInt8] {
        var encoder = SCALEEncoder()
        encoder.encodeBytes(bytes)
        return encoder.bytes
    }

    private static func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }

    /// `SubtensorModule.commit_timelocked_weights(netuid, commit, reveal_round, commit_reveal_version)`
    /// (timelocked commit-reveal, "CR v4"): the chain decrypts `commit` itself once drand's pulse
    /// for `reveal_round` is stored, and applies the weights; there is no reveal transaction.
    public static func commitTimelockedWeights(
        netuid: UInt16, commit: [UInt8], revealRound: UInt64, commitRevealVersion: UInt16,
        metadata: RuntimeMetadata
    ) throws(MetadataError) -> SubtensorCall {
        try SubtensorCall(
            pallet: "SubtensorModule", name: "commit_timelocked_weights",
            arguments: [
                Argument("netuid", "u16", le16(netuid)), Argument("commit", "Vec<u8>", bytesVector(commit)),
                Argument("reveal_round", "u64", le64(revealRound)), Argument("commit_reveal_version", "u16", le16(commitRevealVersion)),
            ], metadata: metadata)
    }

    /// `SubtensorModule.commit_crv3_weights(netuid, commit, reveal_round)` ("CR v3", what SDK 9.0.0
    /// sends); only runtimes before late 2025 have it.
    public static func commitCRV3Weights(
        netuid: UInt16, commit: [UInt8], revealRound: UInt64,
        metadata: RuntimeMetadata
    ) throws(MetadataError) -> SubtensorCall {
        try SubtensorCall(
            pallet: "SubtensorModule", name: "commit_crv3_weights",
            arguments: [
                Argument("netuid", "u16", le16(netuid)), Argument("commit", "Vec<u8>", bytesVector(commit)),
                Argument("reveal_round", "u64", le64(revealRound)),
            ], metadata: metadata)
    }
}
