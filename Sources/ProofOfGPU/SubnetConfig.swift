/// SN27 v2.2's subnet-wide weights policy (`subnet_config`): the share of emission that goes to
/// miners at all, and how that share is split between GPU models. What is not given to miners is
/// weight on the subnet owner's uid (burned). The reference polls it from a fixed server every
/// 60 s; we read it pinned from `config.yaml` and, when asked, poll a URL the operator names.
public struct SubnetConfig: Sendable, Equatable {
    /// Share of the weights for miners, 0…1 (v2.2.1 serves 0.05).
    public var totalMinerEmission: Double
    /// GPU model → priority (≥ 0); a model's share is its priority over the sum of all positive
    /// priorities, times `totalMinerEmission`.
    public var gpuWeights: [String: Double]
    /// The sybil-check schedule (PoG2): blocks per epoch, the challenge window, the random
    /// delay before it, and who may run it.
    public var blocksPerEpoch: Int
    public var maxChallengeBlocks: Int
    public var randomDelayBlocksMax: Int
    public var allowFakeSybilSlot: Bool
    public var sybilEligibleHotkeys: [String]

    public init(
        totalMinerEmission: Double, gpuWeights: [String: Double], blocksPerEpoch: Int = 360, maxChallengeBlocks: Int = 11,
        randomDelayBlocksMax: Int = 5, allowFakeSybilSlot: Bool = false, sybilEligibleHotkeys: [String] = []
    ) {
        self.totalMinerEmission = totalMinerEmission
        self.gpuWeights = gpuWeights
        self.blocksPerEpoch = blocksPerEpoch
        self.maxChallengeBlocks = maxChallengeBlocks
        self.randomDelayBlocksMax = randomDelayBlocksMax
        self.allowFakeSybilSlot = allowFakeSybilSlot
        self.sybilEligibleHotkeys = sybilEligibleHotkeys
    }

    /// The bounds every value is checked against, whichever source it came from.
    public enum Limits {
        public static let priority: ClosedRange<Double> = 0...1_000_000
        public static let models = 256
        public static let modelName = 128
        public static let blocksPerEpoch: ClosedRange<Int> = 1...50_400
        public static let challengeBlocks: ClosedRange<Int> = 1...1_000
        public static let delayBlocks: ClosedRange<Int> = 0...1_000
        public static let hotkeys = 256
    }
}
