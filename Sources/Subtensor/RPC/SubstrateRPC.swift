import HexCoding

/// The node methods the client uses, typed, over a ``JSONRPCConnection``.
public struct SubstrateRPC: Sendable {
    public let connection: JSONRPCConnection

    public init(connection: JSONRPCConnection) { self.connection = connection }

    /// A read that may safely run twice: asked again once, on a fresh connection, when the
    /// link dropped while it was in flight.
    func read(_ method: String, _ params: [RPCValue] = []) async throws -> RPCValue {
        do {
            return try await connection.request(method, params)
        } catch RPCError.connectionLost {
            return try await connection.request(method, params)
        }
    }

    /// `state_getRuntimeVersion`: the runtime's spec and transaction versions.
    public func runtimeVersion() async throws -> (specVersion: UInt32, transactionVersion: UInt32) {
        let result = try await read("state_getRuntimeVersion")
        guard let spec = result["specVersion"]?.int, let transaction = result["transactionVersion"]?.int,
            let specVersion = UInt32(exactly: spec), let transactionVersion = UInt32(exactly: transaction)
        else { throw RPCError.unexpectedResult(method: "state_getRuntimeVersion", detail: "no specVersion/transactionVersion") }
        return (specVersion, transactionVersion)
    }

    /// `chain_getHeader`: the number of the best block (or of `hash`).
    public func blockNumber(at hash: String? = nil) async throws -> UInt64 {
        let result = try await read("chain_getHeader", hash.map { [.string($0)] } ?? [])
        guard let text = result["number"]?.string, let number = Self.hexNumber(text) else {
            throw RPCError.unexpectedResult(method: "chain_getHeader", detail: "no header number")
        }
        return number
    }

    /// The number of the last finalized block (`chain_getFinalizedHead`, then its header):
    /// mortal eras start there, as the SDK's do, so a reorganisation cannot strand them.
    public func finalizedBlockNumber() async throws -> UInt64 {
        let head = try await read("chain_getFinalizedHead")
        guard let hash = head.string else { throw RPCError.unexpectedResult(method: "chain_getFinalizedHead", detail: "\(head)") }
        return try await blockNumber(at: hash)
    }

    /// `chain_getBlockHash(number)`.
    public func blockHash(_ number: UInt64) async throws -> [UInt8] {
        let result = try await read("chain_getBlockHash", [.int(Int64(number))])
        guard let text = result.string, let bytes = Self.hex(text), bytes.count == 32 else {
            throw RPCError.unexpectedResult(method: "chain_getBlockHash", detail: "block \(number) has no hash")
        }
        return bytes
    }

    /// Metadata V15 through the `Metadata_metadata_at_version` runtime API. A node without that
    /// API, or without V15 (`None`), is asked `state_getMetadata` instead, which serves its
    /// default version: V15 is read, anything else is refused with
    /// ``MetadataError/unsupportedVersion(_:)``.
    public func metadataV15(at blockHash: String? = nil) async throws -> RuntimeMetadata {
        var bytes: [UInt8]?
        do {
            let option = try await stateCall("Metadata_metadata_at_version", [15, 0, 0, 0], at: blockHash)
            if option != [0] { bytes = option }
        } catch RPCError.server {
            bytes = nil
        }
        if let bytes { return try RuntimeMetadata(bytes: bytes) }
        let result = try await read("state_getMetadata", blockHash.map { [.string($0)] } ?? [])
        guard let text = result.string, let raw = Self.hex(text) else {
            throw RPCError.unexpectedResult(method: "state_getMetadata", detail: "result is not hex")
        }
        return try RuntimeMetadata(bytes: raw)
    }

    /// `state_call(method, args)`: the raw SCALE result.
    public func stateCall(_ method: String, _ arguments: [UInt8], at blockHash: String? = nil) async throws -> [UInt8] {
        var params: [RPCValue] = [.string(method), .string("0x" + Hex.encode(arguments))]
        if let blockHash { params.append(.string(blockHash)) }
        let result = try await read("state_call", params)
        guard let text = result.string, let bytes = Self.hex(text) else {
            throw RPCError.unexpectedResult(method: "state_call \(method)", detail: "result is not hex")
        }
        return bytes
    }

    /// `state_getStorage(key)`: the raw value, nil when absent.
    public func storage(_ key: [UInt8], at blockHash: String? = nil) async throws -> [UInt8]? {
        var params: [RPCValue] = [.string("0x" + Hex.encode(key))]
        if let blockHash { params.append(.string(blockHash)) }
        let result = try await read("state_getStorage", params)
        if result.isNull { return nil }
        guard let text = result.string, let bytes = Self.hex(text) else {
            throw RPCError.unexpectedResult(method: "state_getStorage", detail: "value is not hex")
        }
        return bytes
    }

    /// `system_accountNextIndex(ss58)`: the next nonce, counting the transaction pool.
    public func nextNonce(_ ss58: String) async throws -> UInt32 {
        let result = try await read("system_accountNextIndex", [.string(ss58)])
        guard let value = result.int, let nonce = UInt32(exactly: value) else {
            throw RPCError.unexpectedResult(method: "system_accountNextIndex", detail: "\(result)")
        }
        return nonce
    }

    /// `author_submitExtrinsic`: the transaction hash.
    public func submit(_ extrinsic: [UInt8]) async throws -> String {
        let result = try await connection.request("author_submitExtrinsic", [.string("0x" + Hex.encode(extrinsic))])
        guard let hash = result.string else { throw RPCError.unexpectedResult(method: "author_submitExtrinsic", detail: "\(result)") }
        return hash
    }

    /// `author_submitAndWatchExtrinsic`: the subscription and its status updates.
    public func submitAndWatch(_ extrinsic: [UInt8]) async throws -> (id: String, updates: AsyncStream<RPCValue>) {
        try await connection.subscribe("author_submitAndWatchExtrinsic", [.string("0x" + Hex.encode(extrinsic))])
    }

    static func hex(_ text: String) -> [UInt8]? {
        Hex.decode(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text)
    }

    static func hexNumber(_ text: String) -> UInt64? {
        UInt64(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16)
    }
}
