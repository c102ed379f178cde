import BittensorCrypto
import SCALE

/// What a signature commits to besides the call: the runtime it was built for and the chain.
public struct ChainIdentity: Sendable, Equatable {
    public var specVersion: UInt32
    public var transactionVersion: UInt32
    public var genesisHash: [UInt8]

    public init(specVersion: UInt32, transactionVersion: UInt32, genesisHash: [UInt8]) {
        self.specVersion = specVersion
        self.transactionVersion = transactionVersion
        self.genesisHash = genesisHash
    }
}

/// A signed extrinsic, version 4, built from the metadata's signed extensions in their order.
public struct SignedExtrinsic: Sendable, Equatable {
    /// `Compact(len) ‖ 0x84 ‖ MultiAddress::Id(signer) ‖ MultiSignature::Sr25519(sig) ‖ extra ‖ call`.
    public let bytes: [UInt8]
    /// `call ‖ extra ‖ additional signed`: what is signed (its BLAKE2b-256 when over 256 bytes).
    public let payload: [UInt8]
    /// The transaction hash the node reports: BLAKE2b-256 of ``bytes``.
    public var hash: [UInt8] { Blake2b.hash(bytes, outputLength: 32) }

    /// The per-transaction values of the signed extensions.
    public struct Options: Sendable {
        public var nonce: UInt32
        public var era: Era
        /// The hash of the era's birth block (the genesis hash for an immortal era).
        public var eraBlockHash: [UInt8]
        public var tip: UInt128

        public init(nonce: UInt32, era: Era = .immortal, eraBlockHash: [UInt8], tip: UInt128 = 0) {
            self.nonce = nonce
            self.era = era
            self.eraBlockHash = eraBlockHash
            self.tip = tip
        }
    }

    /// Builds and signs `call` with `signer`. Refuses (``MetadataError``) when the extrinsic
    /// format is not version 4, when a signed extension carries data this client does not
    /// know, or when a known one has a different shape than encoded here.
    public init(
        call: SubtensorCall, signer: Keypair, chain: ChainIdentity, options: Options,
        metadata: RuntimeMetadata
    ) throws {
        try self.init(call: call, publicKey: signer.publicKey.bytes, chain: chain, options: options, metadata: metadata) { payload in
            try signer.sign(payload)
        }
    }

    /// The same with any signer (tests inject a fixed signature to compare with recorded bytes).
    public init(
        call: SubtensorCall, publicKey: [UInt8], chain: ChainIdentity, options: Options, metadata: RuntimeMetadata,
        sign: ([UInt8]) throws -> [UInt8]
    ) throws {
        let format = metadata.extrinsic
        guard format.version == 4 else {
            throw MetadataError.shapeMismatch(context: "extrinsic version", expected: "4", found: "\(format.version)")
        }
        let (extra, additional) = try Self.extensions(metadata: metadata, chain: chain, options: options)
        let payload = call.bytes + extra + additional
        let signature = try sign(payload.count > 256 ? Blake2b.hash(payload, outputLength: 32) : payload)
        guard signature.count == 64, publicKey.count == 32 else {
            throw MetadataError.shapeMismatch(
                context: "signature", expected: "64-byte sr25519 signature, 32-byte key",
                found: "\(signature.count)-byte signature, \(publicKey.count)-byte key")
        }
        let addressIndex = try Self.variantIndex(metadata, type: format.addressType, name: "Id", context: "extrinsic address")
        let signatureIndex = try Self.variantIndex(metadata, type: format.signatureType, name: "Sr25519", context: "extrinsic signature")
        let body: [UInt8] = [0x80 | 4, addressIndex] + publicKey + [signatureIndex] + signature + extra + call.bytes
        var encoder = SCALEEncoder()
        encoder.encodeCompact(UInt128(body.count))
        encoder.append(raw: body)
        self.bytes = encoder.bytes
        self.payload = payload
    }

    private static func variantIndex(_ metadata: RuntimeMetadata, type: UInt32, name: String, context: String) throws -> UInt8 {
        guard case let .variant(variants) = try metadata.type(type, context: context).definition,
            let variant = variants.first(where: { $0.name == name })
        else { throw MetadataError.shapeMismatch(context: context, expected: "an enum with \(name)", found: "no such variant") }
        return variant.index
    }

    /// The extra (in the extrinsic) and additional-signed (only signed) bytes of every signed
    /// extension, in metadata order.
    private static func extensions(metadata: RuntimeMetadata, chain: ChainIdentity, options: Options) throws -> ([UInt8], [UInt8]) {
        var extra: [UInt8] = []
        var additional: [UInt8] = []
        for ext in metadata.extrinsic.signedExtensions {
            // Zero-sized types render as `()` or `{}` (an empty tuple or struct): one spelling.
            func unit(_ shape: String) -> String { shape.allSatisfy({ "(){}, ".contains($0) }) ? "()" : shape }
            let extraShape = unit(try metadata.shape(of: ext.type))
            let additionalShape = unit(try metadata.shape(of: ext.additionalSigned))
            func expect(_ shapes: (String, String)) throws {
                guard (extraShape, additionalShape) == shapes else {
                    throw MetadataError.shapeMismatch(
                        context: "signed extension \(ext.identifier)", expected: "\(shapes)",
                        found: "(\(extraShape), \(additionalShape))")
                }
            }
            var encoder = SCALEEncoder()
            switch ext.identifier {
            case "CheckSpecVersion":
                try expect(("()", "u32"))
                encoder.encode(chain.specVersion)
                additional += encoder.bytes
            case "CheckTxVersion":
                try expect(("()", "u32"))
                encoder.encode(chain.transactionVersion)
                additional += encoder.bytes
            case "CheckGenesis":
                try expect(("()", "[u8; 32]"))
                additional += chain.genesisHash
            case "CheckMortality", "CheckEra":
                try expect(("Era", "[u8; 32]"))
                extra += options.era.encoded
                additional += options.eraBlockHash
            case "CheckNonce":
                try expect(("Compact<u32>", "()"))
                encoder.encodeCompact(options.nonce)
                extra += encoder.bytes
            case "ChargeTransactionPayment":
                try expect(("Compact<u64>", "()"))
                guard let tip = UInt64(exactly: options.tip) else { throw ChainError.invalidWeights("tip exceeds u64") }
                encoder.encodeCompact(tip)
                extra += encoder.bytes
            case "CheckMetadataHash":
                // Mode::Disabled, and no metadata hash in the signed data.
                try expect(("Mode", "Option"))
                extra.append(0)
                additional.append(0)
            default:
                guard try metadata.minimumSize(of: ext.type) == 0, try metadata.minimumSize(of: ext.additionalSigned) == 0,
                    extraShape == "()", additionalShape == "()"
                else { throw MetadataError.unknownSignedExtension(ext.identifier) }
            }
        }
        return (extra, additional)
    }
}
