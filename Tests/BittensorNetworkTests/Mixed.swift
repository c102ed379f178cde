import BittensorNetwork

/// A test synapse whose hashed fields need Python's rendering of a float, a list of floats, a
/// dict and non-ASCII text; mirrors `Mixed` in network_peer.py.
struct Mixed: Synapse, Equatable {
    static let name = "Mixed"
    static let requiredHashFields = ["ratio", "nums", "meta", "text"]
    static let requiredFields: [(name: String, type: PythonType)] = [
        ("ratio", .float), ("nums", .list), ("meta", .dict), ("text", .string),
    ]

    var common = SynapseCommon(name: Mixed.name)
    var ratio = 0.0
    var nums: [Double] = []
    var meta: [(String, Int)] = []
    var text = ""
    var reply: String?

    init() {}

    static func == (lhs: Mixed, rhs: Mixed) -> Bool {
        lhs.ratio == rhs.ratio && lhs.nums == rhs.nums && lhs.text == rhs.text && lhs.reply == rhs.reply
            && lhs.meta.map(\.0) == rhs.meta.map(\.0) && lhs.meta.map(\.1) == rhs.meta.map(\.1)
    }

    func pythonValue(forField field: String) -> PythonValue? {
        switch field {
        case "ratio": .float(ratio)
        case "nums": .list(nums.map(PythonValue.float))
        case "meta": .dict(meta.map { ($0.0, .int($0.1)) })
        case "text": .string(text)
        default: nil
        }
    }

    enum CodingKeys: String, CodingKey { case ratio, nums, meta, text, reply }

    var orderedFields: [String: JSONValue] { ["meta": .object(meta.map { ($0.0, .int($0.1)) })] }

    mutating func adoptOrderedFields(from body: JSONValue) {
        guard case let .object(pairs)? = body["meta"] else { return }
        meta = pairs.compactMap { key, value in
            if case let .int(number) = value { return (key, number) }
            return nil
        }
    }

    init(from decoder: any Decoder) throws {
        common = try SynapseCommon(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ratio = try container.decode(Double.self, forKey: .ratio)
        nums = try container.decode([Double].self, forKey: .nums)
        // Key order is restored from the body by adoptOrderedFields (SynapseCoder).
        meta = try container.decode([String: Int].self, forKey: .meta).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        text = try container.decode(String.self, forKey: .text)
        reply = try container.decodeIfPresent(String.self, forKey: .reply)
    }

    func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ratio, forKey: .ratio)
        try container.encode(nums, forKey: .nums)
        try container.encode(Dictionary(uniqueKeysWithValues: meta), forKey: .meta)
        try container.encode(text, forKey: .text)
        try container.encode(reply, forKey: .reply)
    }
}
