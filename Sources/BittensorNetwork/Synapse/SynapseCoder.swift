import Foundation

/// Synapse bodies to and from JSON with the key order of dict fields kept (see ``OrderedJSON``).
///
/// Typed fields go through Foundation's coders; then the dict fields a synapse lists in
/// ``Synapse/orderedFields`` are written from, and read back into, order-keeping values.
public enum SynapseCoder {
    public static func encode<S: Synapse>(_ synapse: S) throws -> [UInt8] {
        let plain = try JSONEncoder().encode(synapse)
        let ordered = synapse.orderedFields
        guard !ordered.isEmpty, case let .object(pairs) = try OrderedJSON.parse(Array(plain)) else { return Array(plain) }
        return OrderedJSON.serialize(.object(pairs.map { key, value in (key, ordered[key] ?? value) }))
    }

    public static func decode<S: Synapse>(_ type: S.Type, from bytes: [UInt8]) throws -> S {
        var synapse = try JSONDecoder().decode(S.self, from: Data(bytes))
        if !synapse.orderedFields.isEmpty {
            synapse.adoptOrderedFields(from: try OrderedJSON.parse(bytes))
        }
        return synapse
    }
}
