import BittensorNetwork

/// `Challenge` (compute/protocol.py): the legacy proof-of-work challenge, kept for wire
/// compatibility; the reference no longer sends it.
public struct Challenge: Synapse, Equatable {
    public static let name = "Challenge"
    /// `pow_min_difficulty` of the reference.
    public static let defaultDifficulty = 7

    public var common = SynapseCommon(name: Challenge.name)
    public var challengeHash = ""
    public var challengeSalt = ""
    public var challengeMode = ""
    public var challengeChars = ""
    public var challengeMask = ""
    public var challengeDifficulty = Challenge.defaultDifficulty
    public var output: JSONValue = .object([])

    public init() {}

    enum CodingKeys: String, CodingKey {
        case challengeHash = "challenge_hash"
        case challengeSalt = "challenge_salt"
        case challengeMode = "challenge_mode"
        case challengeChars = "challenge_chars"
        case challengeMask = "challenge_mask"
        case challengeDifficulty = "challenge_difficulty"
        case output
    }

    public var orderedFields: [String: JSONValue] { [CodingKeys.output.rawValue: output] }

    public mutating func adoptOrderedFields(from body: JSONValue) {
        output = body[CodingKeys.output.rawValue] ?? output
    }

    public init(from decoder: any Decoder) throws {
        common = try SynapseCommon(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        challengeHash = try container.decodeIfPresent(String.self, forKey: .challengeHash) ?? ""
        challengeSalt = try container.decodeIfPresent(String.self, forKey: .challengeSalt) ?? ""
        challengeMode = try container.decodeIfPresent(String.self, forKey: .challengeMode) ?? ""
        challengeChars = try container.decodeIfPresent(String.self, forKey: .challengeChars) ?? ""
        challengeMask = try container.decodeIfPresent(String.self, forKey: .challengeMask) ?? ""
        challengeDifficulty = try container.decodeIfPresent(Int.self, forKey: .challengeDifficulty) ?? Self.defaultDifficulty
        output = try container.decodeIfPresent(JSONValue.self, forKey: .output) ?? .object([])
    }

    public func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(challengeHash, forKey: .challengeHash)
        try container.encode(challengeSalt, forKey: .challengeSalt)
        try container.encode(challengeMode, forKey: .challengeMode)
        try container.encode(challengeChars, forKey: .challengeChars)
        try container.encode(challengeMask, forKey: .challengeMask)
        try container.encode(challengeDifficulty, forKey: .challengeDifficulty)
        try container.encode(output, forKey: .output)
    }
}
