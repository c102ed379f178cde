@testable import BittensorCrypto
import HexCoding

/// Hex test vectors as bytes; a malformed literal is a bug in the test itself.
func bytes(_ hex: String) -> [UInt8] {
    guard let decoded = Hex.decode(hex) else { preconditionFailure("bad hex literal in test: \(hex)") }
    return decoded
}

/// The Substrate development phrase and its keys (bittensor-protocol.md §2.2–2.3).
enum DevVectors {
    static let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"
    static let entropy = "1a486a5fbe53639984cb64b070755f7b"
    static let mini = "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"
    static let publicKey = "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"
    static let ss58 = "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"
    static let privateKey =
        "05d65584630d16cd4af6d0bec10f34bb504a5dcb62dba2122d49f5a663763d0a"
        + "fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34"
}
