/// Scores per uid and the weights a validator sets from them, as the reference: a miner's score
/// is its latest verified PoG (`gpu_score × min(count, 8)` normalised); penalized hotkeys score
/// 0; weights are the L1-normalised scores, or everything to the subnet owner under burn.
public struct WeightPlan: Sendable, Equatable {
    public var uids: [Int]
    public var weights: [Double]

    /// Weights from `scores` (uid → score): negative and non-finite scores count as 0; all-zero
    /// scores give no weights (nothing to set).
    public static func normalised(_ scores: [Int: Double]) -> WeightPlan {
        let clean = scores.mapValues { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = clean.values.reduce(0, +)
        guard total > 0 else { return WeightPlan(uids: [], weights: []) }
        let uids = clean.keys.sorted()
        return WeightPlan(uids: uids, weights: uids.map { (clean[$0] ?? 0) / total })
    }

    /// v1.9.0's burn: all weight to the owner's uid.
    public static func burn(ownerUID: Int) -> WeightPlan { WeightPlan(uids: [ownerUID], weights: [1]) }

    /// Per-uid scores from the latest verified results: miners without one, or penalized, score 0.
    public static func scores(miners: [(uid: Int, hotkey: String)], verified: [String: ValidatorStore.Verified],
                              penalized: Set<String>) -> [Int: Double] {
        var scores = [Int: Double]()
        for miner in miners {
            scores[miner.uid] = penalized.contains(miner.hotkey) ? 0 : verified[miner.hotkey]?.score ?? 0
        }
        return scores
    }
}
