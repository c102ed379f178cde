/// SS58 addresses: base58 of `prefix ‖ account ‖ checksum`, the checksum being the first two
/// bytes of BLAKE2b-512("SS58PRE" ‖ prefix ‖ account). Bittensor uses network prefix 42.
public enum SS58 {
    /// Bittensor's network prefix (`SS58Prefix` in the subtensor runtime).
    public static let bittensorPrefix: UInt16 = 42

    /// The address of the 32-byte account `accountID` under a one-byte `prefix` (< 64).
    public static func encode(_ accountID: [UInt8], prefix: UInt16 = bittensorPrefix) -> String {
        precondition(accountID.count == 32 && prefix < 64, "SS58.encode takes a 32-byte account and a prefix below 64")
        let body = [UInt8(prefix)] + accountID
        return Base58.encode(body + checksum(body))
    }

    /// The 32-byte account in `address`, checking length, checksum and, unless nil,
    /// `expectedPrefix`.
    public static func decode(_ address: String, expectedPrefix: UInt16? = bittensorPrefix) throws(SS58Error) -> [UInt8] {
        guard !address.isEmpty else { throw .empty }
        let bytes: [UInt8]
        switch Base58.decode(address) {
        case let .success(decoded): bytes = decoded
        case let .failure(error): throw error
        }
        guard let first = bytes.first else { throw .invalidLength(0) }
        guard first < 64 else { throw .unsupportedPrefixFormat }
        guard bytes.count == 35 else { throw .invalidLength(bytes.count) }
        let body = Array(bytes[0..<33])
        guard Array(bytes[33..<35]) == checksum(body) else { throw .badChecksum }
        if let expectedPrefix, UInt16(first) != expectedPrefix {
            throw .wrongPrefix(expected: expectedPrefix, found: UInt16(first))
        }
        return Array(bytes[1..<33])
    }

    /// True when `address` is a valid Bittensor (prefix 42) address.
    public static func isValid(_ address: String) -> Bool {
        (try? decode(address)) != nil
    }

    private static func checksum(_ body: [UInt8]) -> [UInt8] {
        Array(SodiumHashes.blake2b(Array("SS58PRE".utf8) + body, outputLength: 64).prefix(2))
    }
}
