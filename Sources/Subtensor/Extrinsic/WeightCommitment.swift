import BittensorCrypto
import SCALE

/// Weights prepared for the chain as the SDK prepares them, and the hash commit-reveal
/// ("CR v2") commitment over them.
public enum WeightCommitment {
    /// The SDK's `convert_weights_and_uids_for_emit`: weights are taken as float32 (as the SDK's
    /// numpy arrays hold them), divided by their maximum, scaled to 65535 and rounded half to
    /// even (Python's `round`); zeros are dropped. All-zero weights give empty lists.
    public static func normalize(uids: [Int], weights: [Double]) throws(ChainError) -> (uids: [UInt16], weights: [UInt16]) {
        guard uids.count == weights.count else {
            throw .invalidWeights("uids and weights must have the same length, got \(uids.count) and \(weights.count)")
        }
        guard !uids.isEmpty else { return ([], []) }
        let narrowed = weights.map { Double(Float($0)) }
        guard narrowed.allSatisfy({ $0.isFinite }) else { throw .invalidWeights("weights must be finite numbers") }
        guard narrowed.allSatisfy({ $0 >= 0 }) else { throw .invalidWeights("a weight is negative; the chain cannot hold it") }
        guard uids.allSatisfy({ (0...Int(UInt16.max)).contains($0) }) else { throw .invalidWeights("uids must be 0…65535") }
        guard narrowed.reduce(0, +) > 0, let maximum = narrowed.max() else { return ([], []) }
        var outUIDs: [UInt16] = []
        var outWeights: [UInt16] = []
        for (uid, weight) in zip(uids, narrowed) {
            let scaled = (weight / maximum * 65535).rounded(.toNearestOrEven)
            guard scaled != 0 else { continue }
            outUIDs.append(UInt16(uid))
            outWeights.append(UInt16(scaled))
        }
        return (outUIDs, outWeights)
    }

    /// `blake2b_256(SCALE(hotkey, netuid, uids, values, salt, version_key))`, the chain's
    /// `get_commit_hash` and the SDK's `generate_weight_hash`.
    public static func commitHash(
        hotkey: [UInt8], netuid: UInt16, uids: [UInt16], values: [UInt16], salt: [UInt16],
        versionKey: UInt64
    ) -> [UInt8] {
        var encoder = SCALEEncoder()
        encoder.append(raw: hotkey)
        encoder.encode(netuid)
        for list in [uids, values, salt] {
            encoder.encodeCompact(UInt128(list.count))
            for value in list { encoder.encode(value) }
        }
        encoder.encode(versionKey)
        return Blake2b.hash(encoder.bytes, outputLength: 32)
    }
}
