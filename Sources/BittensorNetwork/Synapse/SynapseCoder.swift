/// Synapse bodies to and from JSON with the key order of dict fields kept (see ``OrderedJSON``).
///
/// Encoding builds the body's tree with ``JSONValueEncoder``, puts in the dict fields a
/// synapse lists in ``Synapse/orderedFields`` as their order-keeping values, and writes it once
/// with ``OrderedJSON``. Decoding parses once with ``OrderedJSON`` and reads the tree through
/// ``JSONValueDecoder``.
public enum SynapseCoder {
    public static func encode<S: Synapse>(_ synapse: S) throws -> [UInt8] {
        let tree = try JSONValueEncoder.encode(synapse)
        let ordered = synapse.orderedFields
        guard !ordered.isEmpty, case let .object(pairs) = tree else { return OrderedJSON.serialize(tree) }
        return OrderedJSON.serialize(.object(pairs.map { key, value in (key, ordered[key] ?? value) }))
    }

    /// Parses `bytes` once, in linear time (``OrderedJSON``), and decodes the synapse from the
    /// tree; dict fields keep their document order.
    public static func decode<S: Synapse>(_ type: S.Type, from bytes: [UInt8]) throws -> S {
        let tree = try OrderedJSON.parse(bytes)
        var synapse = try S(from: JSONValueDecoder(tree))
        if !synapse.orderedFields.isEmpty {
            synapse.adoptOrderedFields(from: tree)
        }
        return synapse
    }
}
