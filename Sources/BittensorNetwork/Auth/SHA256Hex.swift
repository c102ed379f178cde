import Crypto
import HexCoding

/// Lower-case hex SHA-256 of a body, as btauth/1 puts it in the signed payload.
enum SHA256Hex {
    static func digest(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }
}
