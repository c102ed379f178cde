import Foundation
import TestSupport
import ProofOfGPU
import ProofOfGPUConfig
import Testing
@testable import Validator

/// The v2.2 weights (`set_weight_capped_by_gpu` of SN27 v2.2.1's validator) restated here step by
/// step as the reference runs them — a list of slots in metagraph order, the burn appended or
/// written over its slot, then normalised — and compared with `WeightPlan.cappedByGPU` to 1e-6.
@Suite("v2.2 weights: capped by GPU model, the rest burned")
struct CappedWeightsTests {
    struct Stat { var uid: Int; var gpu: String?; var score: Double }

    /// The reference's steps, restated (scores as its stats hold them: ×100, then /100).
    static func reference(uids: [Int], stats: [Stat], emission: Double, priorities: [String: Double], burnUID: Int) -> [Int: Double] {
        let total = min(max(emission, 0), 1)
        var uidToScore = [Int: Double](), groups = [(String, [Int])]()
        for uid in uids {
            guard let stat = stats.first(where: { $0.uid == uid }), let gpu = stat.gpu, let priority = priorities[gpu], priority > 0 else {
                continue
            }
            uidToScore[uid] = max(0, stat.score * 100) / 100
            if let index = groups.firstIndex(where: { $0.0 == gpu }) { groups[index].1.append(uid) } else { groups.append((gpu, [uid])) }
        }
        let totalPriority = priorities.values.filter { $0 > 0 }.reduce(0, +)
        var slots = [Double](repeating: 0, count: uids.count)
        var assigned = 0.0
        if totalPriority > 0 {
            for (gpu, members) in groups {
                let cap = (priorities[gpu] ?? 0) / totalPriority * total
                let scores = members.map { uidToScore[$0] ?? 0 }
                let sum = scores.reduce(0, +)
                if sum == 0 { continue }
                for (member, score) in zip(members, scores) {
                    if let index = uids.firstIndex(of: member) { slots[index] = score / sum * cap }
                }
                assigned += cap
            }
        }
        let burn = max(0, 1 - assigned)
        var order = uids
        if let index = uids.firstIndex(of: burnUID) { slots[index] = burn } else { order.append(burnUID); slots.append(burn) }
        let sum = slots.reduce(0, +)
        return Dictionary(zip(order, slots.map { $0 / sum }), uniquingKeysWith: { $1 })
    }

    static let priorities: [String: Double] = [
        "NVIDIA B200": 23, "NVIDIA H200": 19, "NVIDIA H100 80GB HBM3": 18, "NVIDIA H100 PCIe": 16,
        "NVIDIA A100-SXM4-80GB": 10, "NVIDIA GeForce RTX 4090": 1, "NVIDIA GeForce RTX 3090": 0.5,
        "NVIDIA L4": 0,
    ]

    static let cases: [(name: String, uids: [Int], stats: [Stat], emission: Double, priorities: [String: Double], burn: Int)] = [
        (
            "a mixed fleet", Array(0..<8),
            [
                Stat(uid: 1, gpu: "NVIDIA H200", score: 0.9), Stat(uid: 2, gpu: "NVIDIA H200", score: 0.3),
                Stat(uid: 3, gpu: "NVIDIA GeForce RTX 4090", score: 0.05), Stat(uid: 4, gpu: "NVIDIA L4", score: 0.4),
                Stat(uid: 5, gpu: nil, score: 0.2), Stat(uid: 6, gpu: "NVIDIA B200", score: 0), Stat(uid: 7, gpu: "Unknown GPU", score: 1),
            ], 0.05, priorities, 0
        ),
        (
            "all priorities zero: everything burned", Array(0..<4), [Stat(uid: 1, gpu: "NVIDIA H200", score: 1)], 0.05,
            ["NVIDIA H200": 0, "NVIDIA B200": 0], 0
        ),
        (
            "the burn uid is also a miner: its slot is overwritten", Array(0..<4),
            [
                Stat(uid: 2, gpu: "NVIDIA H200", score: 0.5), Stat(uid: 3, gpu: "NVIDIA H200", score: 0.5),
            ], 0.4, priorities, 2
        ),
        (
            "the burn uid is not in the metagraph: appended", [3, 5, 8], [Stat(uid: 5, gpu: "NVIDIA H100 PCIe", score: 0.2)], 1.0,
            priorities, 9
        ),
        (
            "models with no miners leave their share to the burn", Array(0..<3), [Stat(uid: 1, gpu: "NVIDIA GeForce RTX 3090", score: 0.7)],
            0.05, priorities, 0
        ),
        (
            "an old name a tolerance pair yields (NVIDIA H100) is outside gpu_weights: no share", Array(0..<3),
            [Stat(uid: 1, gpu: "NVIDIA H100", score: 0.9), Stat(uid: 2, gpu: "NVIDIA H100 PCIe", score: 0.1)], 0.05, priorities, 0
        ),
        (
            "emission outside 0…1 is clamped", Array(0..<3),
            [Stat(uid: 1, gpu: "NVIDIA H200", score: 0.7), Stat(uid: 2, gpu: "NVIDIA B200", score: 0.1)],
            7.5, priorities, 0
        ),
    ]

    @Test("our weights equal the v2.2 formula to 1e-6 on every case")
    func formula() {
        for item in Self.cases {
            let expected = Self.reference(
                uids: item.uids, stats: item.stats, emission: item.emission, priorities: item.priorities, burnUID: item.burn)
            let config = SubnetConfig(totalMinerEmission: item.emission, gpuWeights: item.priorities)
            let plan = WeightPlan.cappedByGPU(
                uids: item.uids, miners: item.stats.map { .init(uid: $0.uid, device: $0.gpu, score: $0.score) },
                config: config, burnUID: item.burn)
            let ours = Dictionary(zip(plan.uids, plan.weights), uniquingKeysWith: { $1 })
            #expect(Set(ours.keys) == Set(expected.keys), "\(item.name)")
            for (uid, weight) in expected {
                #expect(abs((ours[uid] ?? -1) - weight) < 1e-6, "\(item.name): uid \(uid) \(ours[uid] ?? -1) vs \(weight)")
            }
            #expect(abs(plan.weights.reduce(0, +) - 1) < 1e-9, "\(item.name)")
        }
        // Spot values of the mixed fleet: H200's share 19/87.5 of 5 %, split 3:1; the rest burned.
        let mixed = WeightPlan.cappedByGPU(
            uids: Array(0..<8), miners: Self.cases[0].stats.map { .init(uid: $0.uid, device: $0.gpu, score: $0.score) },
            config: SubnetConfig(totalMinerEmission: 0.05, gpuWeights: Self.priorities), burnUID: 0)
        let weights = Dictionary(zip(mixed.uids, mixed.weights), uniquingKeysWith: { $1 })
        #expect(abs((weights[1] ?? 0) - 0.05 * 19 / 87.5 * 0.75) < 1e-12)
        #expect(abs((weights[0] ?? 0) - (1 - 0.05 * 20 / 87.5)) < 1e-12)
        #expect(weights[4] == 0 && weights[6] == 0 && weights[7] == 0)
    }

    @Test("subnet_config is read from config.yaml and from the reference server's JSON, each value range-checked")
    func parsing() throws {
        let url = TestPaths.repository.appendingPathComponent("config.yaml")
        let pinned = try SubnetConfig(yaml: String(contentsOf: url, encoding: .utf8))
        #expect(pinned.totalMinerEmission == 0.05 && pinned.gpuWeights["NVIDIA B200"] == 23 && pinned.gpuWeights["CPU"] == nil)
        #expect(try SubnetConfig(yaml: String(contentsOf: url, encoding: .utf8), devnet: true).gpuWeights["CPU"] == 1)
        let served =
            #"{"config": {"subnet_config": {"total_miner_emission": 0.1, "gpu_weights": {"NVIDIA H200": 2}, "blocks_per_epoch": 360}}}"#
        #expect(try SubnetConfig(yaml: served) == SubnetConfig(totalMinerEmission: 0.1, gpuWeights: ["NVIDIA H200": 2]))
        let refusals: [(String, String)] = [
            (#"{"subnet_config": {"total_miner_emission": 1.5, "gpu_weights": {}}}"#, "subnet_config.total_miner_emission"),
            (#"{"subnet_config": {"total_miner_emission": 0.1, "gpu_weights": {"X": -1}}}"#, "subnet_config.gpu_weights.X"),
            (#"{"subnet_config": {"total_miner_emission": 0.1, "gpu_weights": {"X": 1e300}}}"#, "subnet_config.gpu_weights.X"),
            (#"{"subnet_config": {"total_miner_emission": 0.1, "gpu_weights": []}}"#, "subnet_config.gpu_weights"),
            (
                #"{"subnet_config": {"total_miner_emission": 0.1, "gpu_weights": {}, "blocks_per_epoch": 0}}"#,
                "subnet_config.blocks_per_epoch"
            ),
            (
                #"{"subnet_config": {"total_miner_emission": 0.1, "gpu_weights": {}, "sybil_check_eligible_hotkeys": ["x"]}}"#,
                "subnet_config.sybil_check_eligible_hotkeys"
            ),
            (#"{"config": {}}"#, "subnet_config"),
        ]
        for (text, field) in refusals {
            #expect { try SubnetConfig(yaml: text) } throws: { error in
                guard case let PoGConfigError.invalid(named, _) = error else { return false }
                return named == field
            }
        }
    }
}
