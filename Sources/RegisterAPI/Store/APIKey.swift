import Crypto
import Foundation
import HexCoding

/// An API key as the store keeps it: only its SHA-256 is stored; the key itself is shown once,
/// when it is made. Keys look like `nic_<64 hex>`.
public struct APIKey: Sendable, Equatable {
    public var id: Int
    public var name: String
    /// Admins see and act on every allocation.
    public var admin: Bool

    public init(id: Int, name: String, admin: Bool) {
        self.id = id
        self.name = name
        self.admin = admin
    }

    public static let prefix = "nic_"

    /// A new random key (256 bits from the system's CSPRNG).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// What the store keeps of `key`.
    public static func digest(_ key: String) -> String { Hex.encode(Array(SHA256.hash(data: Data(key.utf8)))) }
}
