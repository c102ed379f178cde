import ProofOfGPU

/// Scores per uid and the weights a validator sets from them: a miner's score is its latest
/// verified PoG (`gpu_score × min(count, 8)` normalised); penalized hotkeys score 0; the weights
/// are v2.2's, capped by GPU model with the rest on the subnet owner's uid, or everything to the
/// owner under burn.
public struct WeightPlan: Sendable, Equatable {
    public var uids: [Int]
    public var weights: [Double]

    /// v1.9.0's burn: all weight to the owner's uid.
    public static func burn(ownerUID: Int) -> WeightPlan { WeightPlan(uids: [ownerUID], weights: [1]) }

    /// Per-uid scores from the latest verified results: miners without one, or penalized, score 0.
    public static func scores(
        miners: [(uid: Int, hotkey: String)], verified: [String: ValidatorStore.Verified],
        penalized: Set<String>
    ) -> [Int: Double] {
        var scores = [Int: Double]()
        for miner in miners {
            scores[miner.uid] = penalized.contains(miner.hotkey) ? 0 : verified[miner.hotkey]?.score ?? 0
        }
        return scores
    }
}

extension WeightPlan {
    /// One miner as the v2.2 weights see it: its uid, the device model its latest verified test
    /// identified (nil when none) and its score.
    public struct ScoredMiner: Sendable, Equatable {
        public var uid: Int
        public var device: String?
        public var score: Double

        public init(uid: Int, device: String?, score: Double) {
            self.uid = uid
            self.device = device
            self.score = score
        }
    }

    /// SN27 v2.2's `set_weight_capped_by_gpu`: each GPU model with a positive priority gets
    /// `priority / Σ positive priorities × totalMinerEmission`, split among its miners by score
    /// (a model whose miners all score 0, or that has none, gives nothing); whatever is not
    /// given is weight on `burnUID` (overwriting its slot when the burn uid is one of `uids`,
    /// appended otherwise); the result is L1-normalised. `uids` is the metagraph's order. All
    /// priorities 0 burns everything (the reference raises there and sets no weights at all).
    public static func cappedByGPU(uids: [Int], miners: [ScoredMiner], config: SubnetConfig, burnUID: Int) -> WeightPlan {
        let emission = config.totalMinerEmission.isFinite ? min(max(config.totalMinerEmission, 0), 1) : 0
        let positive = config.gpuWeights.filter { $0.value.isFinite && $0.value > 0 }
        let totalPriority = positive.values.reduce(0, +)
        var weights = [Int: Double]()
        var assigned = 0.0
        if totalPriority > 0 {
            var groups = [String: [ScoredMiner]]()
            for miner in miners {
                // A name outside gpu_weights (v2.2's tolerance pairs can yield an old name such as
                // `NVIDIA H100`) earns nothing, as in the reference.
                guard let device = miner.device, positive[device] != nil else { continue }
                groups[device, default: []].append(miner)
            }
            for (device, members) in groups {
                let scores = members.map { $0.score.isFinite ? max(0, $0.score) : 0 }
                let sum = scores.reduce(0, +)
                guard sum > 0, let priority = positive[device] else { continue }
                let cap = priority / totalPriority * emission
                for (member, score) in zip(members, scores) { weights[member.uid] = score / sum * cap }
                assigned += cap
            }
        }
        weights[burnUID] = max(0, 1 - assigned)
        var order = uids
        if !order.contains(burnUID) { order.append(burnUID) }
        let values = order.map { weights[$0] ?? 0 }
        let total = values.reduce(0, +)
        guard total > 0 else { return WeightPlan(uids: [], weights: []) }
        return WeightPlan(uids: order, weights: values.map { $0 / total })
    }
}
