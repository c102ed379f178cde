import BittensorCrypto
import Foundation
import HexCoding
import Hummingbird
import HummingbirdWebSocket
import Logging
import SCALE
import Subtensor

/// A substrate node for the tests: JSON-RPC over WebSocket serving the recorded fixture
/// (metadata V15, runtime version, genesis, the neurons-lite result) plus storage the test
/// sets, accepting extrinsics into "blocks". It can drop the connection at chosen moments and
/// leave chosen methods unanswered, to exercise the client's recovery and deadlines.
public actor FakeSubtensorNode {
    let metadataOption: String
    let metadataV14: String
    /// Accept transactions into the pool but never into a block.
    var neverInclude = false
    /// Behave as a node whose runtime lacks `Metadata_metadata_at_version` (only V14 then).
    var withoutV15API = false
    let specVersion: Int
    let transactionVersion: Int
    let genesisHash: String
    public private(set) var block: UInt64 = 1000
    private var storage: [String: String] = [:]
    private var stateCalls: [String: String] = [:]
    private var nonces: [String: Int] = [:]
    /// Every extrinsic accepted, in order.
    public private(set) var submitted: [[UInt8]] = []
    /// Methods that get no answer at all.
    var silent: Set<String> = []
    /// Methods whose next request drops the connection instead of an answer.
    var dropOnce: Set<String> = []
    /// The next `author_submitAndWatchExtrinsic` is accepted into a block, then the connection
    /// drops before any answer.
    var dropOnNextSubmission = false
    private var nextSubscription = 1
    /// The recorded `System.Account` value; its first four bytes (the nonce) are replaced.
    private var accountTemplate: [UInt8]?
    /// The recorded block's first six extrinsics: an included transaction is placed after them
    /// at index 6, the index whose recorded `System.Events` say `ExtrinsicSuccess`.
    private var fillerExtrinsics: [String] = []
    private var lastBlockExtrinsics: [String] = []
    /// Called with each accepted extrinsic (so a test can apply its effect to storage).
    var onInclusion: (@Sendable ([UInt8]) async -> Void)?

    public init() throws {
        let fixture = try GoldenFixture.json()
        guard let metadata = fixture["metadata"] as? [String: Any], let v15 = metadata["v15_hex"] as? String,
            let network = fixture["network"] as? [String: Any], let spec = network["spec_version"] as? Int,
            let transaction = network["transaction_version"] as? Int, let genesis = network["genesis_hash"] as? String
        else { throw GoldenFixture.Missing(description: "fixture lacks metadata or network") }
        metadataOption = v15
        metadataV14 = metadata["v14_hex"] as? String ?? "0x"
        specVersion = spec
        transactionVersion = transaction
        genesisHash = genesis
        for call in try GoldenFixture.section("runtime_calls") {
            if let api = call["api"] as? String, let method = call["method"] as? String, let params = call["encoded_params_hex"] as? String,
                let raw = call["raw_hex"] as? String
            {
                stateCalls["\(api)_\(method)|0x\(params)"] = raw
            }
        }
        for value in try GoldenFixture.section("storage_values") {
            if let key = value["key_hex"] as? String, let raw = value["raw_hex"] as? String { storage[key] = raw }
        }
        guard let block = fixture["block"] as? [String: Any], let raw = block["raw"] as? [String: Any],
            let body = raw["block"] as? [String: Any], let extrinsics = body["extrinsics"] as? [String],
            let events = fixture["events"] as? [String: Any], let eventsHex = events["raw_hex"] as? String
        else { throw GoldenFixture.Missing(description: "fixture lacks the block or its events") }
        fillerExtrinsics = Array(extrinsics.prefix(6))
        accountTemplate = try GoldenFixture.section("storage_values")
            .first { $0["storage_function"] as? String == "Account" }
            .flatMap { $0["raw_hex"] as? String }
            .map { try GoldenFixture.bytes($0) }
        // System.Events, as recorded for that block.
        storage["0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7"] = eventsHex
    }

    public func setStorage(_ key: [UInt8], _ value: [UInt8]?) {
        storage["0x" + Hex.encode(key)] = value.map { "0x" + Hex.encode($0) }
    }

    public func setSilent(_ methods: Set<String>) { silent = methods }
    public func removeV15API() { withoutV15API = true }
    public func stopIncluding() { neverInclude = true }
    public func dropConnection(onNext method: String) { dropOnce.insert(method) }
    public func dropNextSubmission() { dropOnNextSubmission = true }
    public func setOnInclusion(_ handler: @escaping @Sendable ([UInt8]) async -> Void) { onInclusion = handler }
    public func advance(blocks: UInt64) { block += blocks }

    public static func blockHash(_ number: UInt64) -> [UInt8] {
        var encoder = SCALEEncoder()
        encoder.encode(number)
        return Blake2b.hash(encoder.bytes, outputLength: 32)
    }

    /// What to do with one request: messages to send, then whether to drop the connection.
    func handle(_ text: String) async -> (messages: [String], drop: Bool) {
        guard let request = try? JSONDecoder().decode(RPCValue.self, from: Data(text.utf8)),
            let method = request["method"]?.string, let id = request["id"]
        else { return ([], false) }
        if silent.contains(method) { return ([], false) }
        if dropOnce.remove(method) != nil { return ([], true) }
        let params: [RPCValue]
        if case let .array(list)? = request["params"] { params = list } else { params = [] }
        func reply(_ result: RPCValue) -> String { Self.encode(.object(["jsonrpc": .string("2.0"), "id": id, "result": result])) }
        func failure(_ code: Int64, _ message: String) -> String {
            Self.encode(
                .object([
                    "jsonrpc": .string("2.0"), "id": id,
                    "error": .object(["code": .int(code), "message": .string(message)]),
                ]))
        }
        switch method {
        case "state_getRuntimeVersion":
            return (
                [
                    reply(
                        .object([
                            "specName": .string("node-subtensor"), "specVersion": .int(Int64(specVersion)),
                            "transactionVersion": .int(Int64(transactionVersion)),
                        ]))
                ], false
            )
        case "chain_getHeader":
            // Any hash asked for is the finalized head here: two blocks behind the best.
            let number = params.isEmpty ? block : block - 2
            return ([reply(.object(["number": .string("0x" + String(number, radix: 16))]))], false)
        case "chain_getFinalizedHead":
            return ([reply(.string("0x" + Hex.encode(Self.blockHash(block - 2))))], false)
        case "chain_getBlockHash":
            guard let number = params.first?.int, number >= 0 else { return ([failure(-32602, "block number required")], false) }
            return ([reply(.string(number == 0 ? genesisHash : "0x" + Hex.encode(Self.blockHash(UInt64(number)))))], false)
        case "state_call":
            guard let name = params.first?.string, let arguments = params.dropFirst().first?.string else {
                return ([failure(-32602, "state_call needs a method and data")], false)
            }
            if name == "Metadata_metadata_at_version", arguments == "0x0f000000", !withoutV15API {
                return ([reply(.string(metadataOption))], false)
            }
            guard let result = stateCalls["\(name)|\(arguments)"] else {
                return ([failure(-32000, "no recorded \(name)(\(arguments))")], false)
            }
            return ([reply(.string(result))], false)
        case "state_getStorage":
            guard let key = params.first?.string else { return ([failure(-32602, "key required")], false) }
            return ([reply(storage[key].map { RPCValue.string($0) } ?? .null)], false)
        case "system_accountNextIndex":
            guard let account = params.first?.string else { return ([failure(-32602, "account required")], false) }
            return ([reply(.int(Int64(nonces[account] ?? 0)))], false)
        case "author_submitExtrinsic", "author_submitAndWatchExtrinsic":
            guard let hex = params.first?.string, let bytes = Hex.decode(String(hex.dropFirst(2))),
                let parts = Self.split(bytes)
            else { return ([failure(1002, "Verification Error: could not decode")], false) }
            guard signatureIsValid(parts) else { return ([failure(1010, "Invalid Transaction: Transaction has a bad signature")], false) }
            let account = SS58.encode(parts.signer)
            guard parts.nonce == nonces[account] ?? 0 else {
                return ([failure(1010, "Invalid Transaction: Transaction is outdated")], false)
            }
            if neverInclude {
                // In the pool for good: the subscription says "ready" and nothing more.
                let subscription = "sub-\(nextSubscription)"
                nextSubscription += 1
                return (
                    [
                        reply(.string(subscription)),
                        Self.encode(
                            .object([
                                "jsonrpc": .string("2.0"), "method": .string("author_extrinsicUpdate"),
                                "params": .object(["subscription": .string(subscription), "result": .string("ready")]),
                            ])),
                    ], false
                )
            }
            nonces[account] = Int(parts.nonce) + 1
            // The state's nonce (System.Account) follows, as a node's does once in a block.
            if var info = accountTemplate {
                let next = parts.nonce + 1
                for index in 0..<4 { info[index] = UInt8(truncatingIfNeeded: next >> (8 * UInt32(index))) }
                let key =
                    TwoX.hash(Array("System".utf8), outputLength: 16) + TwoX.hash(Array("Account".utf8), outputLength: 16)
                    + StorageHasher.blake2_128Concat.hash(parts.signer)
                storage["0x" + Hex.encode(key)] = "0x" + Hex.encode(info)
            }
            submitted.append(bytes)
            lastBlockExtrinsics = fillerExtrinsics + [hex]
            block += 1
            await onInclusion?(bytes)
            if method == "author_submitExtrinsic" {
                return ([reply(.string("0x" + Hex.encode(Blake2b.hash(bytes, outputLength: 32))))], false)
            }
            if dropOnNextSubmission {
                dropOnNextSubmission = false
                return ([], true)
            }
            let subscription = "sub-\(nextSubscription)"
            nextSubscription += 1
            func update(_ result: RPCValue) -> String {
                Self.encode(
                    .object([
                        "jsonrpc": .string("2.0"), "method": .string("author_extrinsicUpdate"),
                        "params": .object(["subscription": .string(subscription), "result": result]),
                    ]))
            }
            return (
                [
                    reply(.string(subscription)), update(.string("ready")),
                    update(.object(["inBlock": .string("0x" + Hex.encode(Self.blockHash(block)))])),
                ], false
            )
        case "state_getMetadata":
            return ([reply(.string(metadataV14))], false)
        case "chain_getBlock":
            return (
                [
                    reply(
                        .object([
                            "block": .object([
                                "header": .object(["number": .string("0x" + String(block, radix: 16))]),
                                "extrinsics": .array(lastBlockExtrinsics.map { .string($0) }),
                            ])
                        ]))
                ], false
            )
        case "author_unwatchExtrinsic":
            return ([reply(.bool(true))], false)
        default:
            return ([failure(-32601, "Method not found: \(method)")], false)
        }
    }

    /// The parts of a signed v4 extrinsic as the client builds them (era, compact nonce,
    /// compact tip, metadata-hash mode).
    public struct Parts {
        public var signer: [UInt8]
        public var signature: [UInt8]
        public var era: [UInt8]
        public var extra: [UInt8]
        public var nonce: UInt32
        public var call: [UInt8]
    }

    public static func split(_ bytes: [UInt8]) -> Parts? {
        var decoder = SCALEDecoder(bytes)
        guard let length = try? decoder.decodeLength(field: "extrinsic"), length == decoder.remaining,
            let head = try? decoder.readBytes(2), head == [0x84, 0x00],
            let signer = try? decoder.readBytes(32), let kind = try? decoder.readBytes(1), kind == [1],
            let signature = try? decoder.readBytes(64)
        else { return nil }
        let extraStart = bytes.count - decoder.remaining
        guard let eraFirst = try? decoder.peekByte(), let era = try? decoder.readBytes(eraFirst == 0 ? 1 : 2),
            let nonce = try? decoder.decodeCompact(UInt32.self), (try? decoder.decodeCompact()) != nil,
            (try? decoder.readBytes(1)) != nil
        else { return nil }
        let extra = Array(bytes[extraStart..<(bytes.count - decoder.remaining)])
        guard let call = try? decoder.readBytes(decoder.remaining) else { return nil }
        return Parts(signer: signer, signature: signature, era: era, extra: extra, nonce: nonce, call: call)
    }

    /// Whether the signature verifies over the payload the runtime expects: the era's birth
    /// block is counted from this node's finalized head.
    func signatureIsValid(_ parts: Parts) -> Bool {
        var birthHash: [UInt8]
        if parts.era == [0] {
            birthHash = (try? GoldenFixture.bytes(genesisHash)) ?? []
        } else {
            let encoded = UInt64(parts.era[0]) | UInt64(parts.era[1]) << 8
            let period = UInt64(2) << (encoded % 16)
            let phase = (encoded >> 4) * max(period >> 12, 1)
            birthHash = Self.blockHash(Era.mortal(period: period, phase: phase).birth(current: block - 2))
        }
        var additional = SCALEEncoder()
        additional.encode(UInt32(specVersion))
        additional.encode(UInt32(transactionVersion))
        additional.append(raw: (try? GoldenFixture.bytes(genesisHash)) ?? [])
        additional.append(raw: birthHash)
        additional.append(raw: [0])
        let payload = parts.call + parts.extra + additional.bytes
        let signed = payload.count > 256 ? Blake2b.hash(payload, outputLength: 32) : payload
        guard let key = try? PublicKey(bytes: parts.signer) else { return false }
        return key.verify(signature: parts.signature, message: signed)
    }

    static func encode(_ value: RPCValue) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }

    /// Serves on 127.0.0.1 (a free port) while `body` runs with the endpoint URL.
    public func serve<T: Sendable>(_ body: @escaping @Sendable (String) async throws -> T) async throws -> T {
        let node = self
        let router = Router()
        // Cancelling the server at the end of a test is normal; keep its shutdown quiet.
        var logger = Logger(label: "fake-subtensor")
        logger.logLevel = .critical
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            server: .http1WebSocketUpgrade { _, _, _ in
                .upgrade([:]) { inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case let .text(text) = message else { continue }
                        let (messages, drop) = await node.handle(text)
                        if drop { return }
                        for reply in messages { try await outbound.write(.text(reply)) }
                    }
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await application.runService()
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw GoldenFixture.Missing(description: "fake node did not start") }
            let result = try await body("ws://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }
}

extension FakeSubtensorNode {
    /// Stores a subnet `netuid` with `members` registered at uids 0, 1, … and commit-reveal as
    /// given, as the chain's storage would hold it.
    public func makeSubnet(
        metadata: RuntimeMetadata, netuid: UInt16, members: [Keypair], commitReveal: Bool,
        commitRevealVersion: UInt16? = nil
    ) async throws {
        let u16 = { (value: UInt16) -> [UInt8] in [UInt8(value & 0xff), UInt8(value >> 8)] }
        let key = u16(netuid)
        setStorage(try metadata.storageKey(pallet: "SubtensorModule", item: "NetworksAdded", keys: [key]), [1])
        setStorage(
            try metadata.storageKey(pallet: "SubtensorModule", item: "CommitRevealWeightsEnabled", keys: [key]), [commitReveal ? 1 : 0])
        if let commitRevealVersion {
            setStorage(try metadata.storageKey(pallet: "SubtensorModule", item: "CommitRevealWeightsVersion"), u16(commitRevealVersion))
        }
        for (uid, member) in members.enumerated() {
            setStorage(
                try metadata.storageKey(pallet: "SubtensorModule", item: "Uids", keys: [key, member.publicKey.bytes]), u16(UInt16(uid)))
        }
        setStorage(
            try metadata.storageKey(pallet: "SubtensorModule", item: "LastUpdate", keys: [key]),
            [UInt8(members.count << 2)] + Array(repeating: 0, count: 8 * members.count))
    }
}
