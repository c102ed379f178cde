/// The local chain's epoch: a documented simplification of Yuma consensus.
///
/// Validators are the neurons with stake among the `maxValidators` largest. Each validator's
/// weights are normalised to sum to one; a miner's rank is the stake-weighted mean of the
/// weights it received, and its incentive is its rank normalised over all neurons. Dividends
/// are the validators' stake shares among those that set weights. Emission splits the epoch's
/// rao half by incentive, half by dividends. Trust and consensus equal incentive. There is no
/// clipping of outlier weights and no bonds: enough for a network on one machine, not a model of
/// the real chain's economics.
enum EpochCalculator {
    struct Input {
        let uid: Int
        let stake: Int
        let weights: [(uid: Int, weight: Int)]
    }

    struct Output: Equatable {
        var incentive: Double = 0
        var dividends: Double = 0
        var emission = 0
        var validatorPermit = false
    }

    static func run(_ neurons: [Input], emission: Int, maxValidators: Int) -> [Int: Output] {
        var outputs = Dictionary(uniqueKeysWithValues: neurons.map { ($0.uid, Output()) })
        let validators = neurons.filter { $0.stake > 0 }.sorted { $0.stake == $1.stake ? $0.uid < $1.uid : $0.stake > $1.stake }.prefix(
            maxValidators)
        for validator in validators { outputs[validator.uid]?.validatorPermit = true }
        let voting = validators.filter { !$0.weights.isEmpty && $0.weights.reduce(0) { $0 + $1.weight } > 0 }
        let totalStake = Double(voting.reduce(0) { $0 + $1.stake })
        guard totalStake > 0 else { return outputs }
        var rank = [Int: Double]()
        for validator in voting {
            let sum = Double(validator.weights.reduce(0) { $0 + $1.weight })
            for entry in validator.weights where outputs[entry.uid] != nil {
                rank[entry.uid, default: 0] += Double(validator.stake) / totalStake * Double(entry.weight) / sum
            }
            outputs[validator.uid]?.dividends = Double(validator.stake) / totalStake
        }
        let rankSum = rank.values.reduce(0, +)
        for (uid, value) in rank where rankSum > 0 { outputs[uid]?.incentive = value / rankSum }
        for uid in outputs.keys {
            guard let output = outputs[uid] else { continue }
            outputs[uid]?.emission = Int((Double(emission) * (0.5 * output.incentive + 0.5 * output.dividends)).rounded())
        }
        return outputs
    }
}
