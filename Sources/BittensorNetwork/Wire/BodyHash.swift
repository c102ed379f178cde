import BittensorCrypto
import HexCoding

/// `computed_body_hash`: SHA3-256 over the concatenated SHA3-256 hex digests of `str()` of each
/// field in `required_hash_fields`, in that order (bittensor `Synapse.body_hash`).
public enum BodyHash {
    /// The hash of a synapse with no hashed fields: SHA3-256 of the empty string.
    public static let empty = compute([])

    /// The body hash of the hashed fields' values, in `required_hash_fields` order.
    public static func compute(_ values: [PythonValue]) -> String {
        let joined = values.map { digest($0.str) }.joined()
        return digest(joined)
    }

    /// bittensor's `get_hash`: lower-case hex SHA3-256 of the UTF-8 text.
    public static func digest(_ text: String) -> String {
        Hex.encode(SHA3_256.hash(Array(text.utf8)))
    }
}
