import ProofOfGPU
import Subtensor
import Testing
@testable import Validator

/// v2.2's sybil-check schedule (`my_sybil_slot` and `proof_of_gpu_sybil` of SN27 v2.2.1's
/// validator): the reference's arithmetic restated here and compared with ``SybilSchedule``.
@Suite("sybil slots: v2.2's schedule for eligible validators")
struct SybilScheduleTests {
    static func config(eligible: [String] = ["b"], blocksPerEpoch: Int = 360, delayMax: Int = 5) -> SubnetConfig {
        SubnetConfig(
            totalMinerEmission: 0.05, gpuWeights: [:], blocksPerEpoch: blocksPerEpoch, maxChallengeBlocks: 11,
            randomDelayBlocksMax: delayMax, sybilEligibleHotkeys: eligible)
    }

    /// The reference's slot, restated: sorted validators, our index (or slot 0 of count + 1).
    static func referenceSlot(epoch: Int, validators: [String], me: String, blocksPerEpoch: Int) -> (Int, Int) {
        let sorted = validators.sorted()
        let (slots, index) = sorted.contains(me) ? (sorted.count, sorted.firstIndex(of: me) ?? 0) : (sorted.count + 1, 0)
        let size = blocksPerEpoch / slots
        let start = epoch * blocksPerEpoch
        return (start + index * size, start + (index + 1) * size - 1)
    }

    @Test("slots: the reference's for members, slot 0 of count + 1 for others; none when slots would be empty")
    func slots() {
        let schedule = SybilSchedule(Self.config())
        for (validators, me, epoch) in [
            (["c", "a", "b"], "b", 1), (["c", "a", "b"], "z", 3), (["only"], "only", 5), (["a", "b", "c", "d", "e", "f", "g"], "g", 7),
        ] {
            let expected = Self.referenceSlot(epoch: epoch, validators: validators, me: me, blocksPerEpoch: 360)
            let ours = schedule.slot(epoch: epoch, validators: validators.sorted(), me: me)
            #expect(ours.map { [$0.lowerBound, $0.upperBound] } == [expected.0, expected.1], "\(validators) \(me) \(epoch)")
        }
        #expect(schedule.slot(epoch: 1, validators: ["a", "b", "c"], me: "b") == 480...599)
        #expect(SybilSchedule(Self.config(blocksPerEpoch: 2)).slot(epoch: 1, validators: ["a", "b", "c"], me: "b") == nil)
        #expect(schedule.slot(epoch: Int.max, validators: ["b"], me: "b") == nil, "no overflow on absurd epochs")
    }

    @Test("a check is planned once per odd epoch, inside the slot, with room for the whole challenge, for eligible hotkeys only")
    func plans() {
        let schedule = SybilSchedule(Self.config())
        let validators = ["a", "b", "c"]
        #expect(schedule.plan(block: 479, validators: validators, me: "b", lastEpoch: nil) == nil, "before the slot")
        #expect(
            schedule.plan(block: 480, validators: validators, me: "b", lastEpoch: nil) == .init(epoch: 1, slot: 480...599, latestStart: 588)
        )
        #expect(schedule.plan(block: 587, validators: validators, me: "b", lastEpoch: nil) != nil)
        #expect(schedule.plan(block: 588, validators: validators, me: "b", lastEpoch: nil) == nil, "slot almost over")
        #expect(schedule.plan(block: 480, validators: validators, me: "b", lastEpoch: 1) == nil, "once per epoch")
        #expect(schedule.plan(block: 120, validators: validators, me: "b", lastEpoch: nil) == nil, "even epochs are the legacy PoG's")
        #expect(schedule.plan(block: 360, validators: validators, me: "a", lastEpoch: nil) == nil, "a is not eligible")
    }

    @Test("delay 1 … min(bound, blocks to the latest start), never an empty range; deadline as the reference computes it")
    func delaysAndDeadlines() {
        let schedule = SybilSchedule(Self.config())
        let plan = SybilSchedule.Plan(epoch: 1, slot: 480...599, latestStart: 588)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            #expect((1...5).contains(schedule.delayBlocks(plan, block: 480, using: &generator)))
            #expect((1...2).contains(schedule.delayBlocks(plan, block: 586, using: &generator)))
        }
        #expect(SybilSchedule(Self.config(delayMax: 0)).delayBlocks(plan, block: 480, using: &generator) == 1)
        #expect(schedule.timeoutSeconds(plan, delayBlocks: 3) == 132)
        #expect(schedule.timeoutSeconds(.init(epoch: 1, slot: 360...362, latestStart: 351), delayBlocks: 1) == 60, "never under a minute")
    }

    @Test("validators are the hotkeys staking more than 10 000 TAO, in Python's string order")
    func validatorSet() {
        func neuron(_ uid: Int, _ hotkey: String, stake: Int) -> Neuron {
            Neuron(
                uid: uid, hotkey: hotkey, coldkey: "c", stake: stake, validatorPermit: false, trust: 0, consensus: 0, incentive: 0,
                dividends: 0, emission: 0, lastUpdate: 0, registeredAt: 0, axon: AxonInfo(ip: "10.0.0.1", port: 1, version: 221),
                prometheus: PrometheusInfo())
        }
        let tao = 1_000_000_000
        let metagraph = Metagraph(
            netuid: 27, block: 1,
            neurons: [
                neuron(0, "5b", stake: 20_000 * tao), neuron(1, "5B", stake: 10_001 * tao), neuron(2, "5a", stake: 10_000 * tao),
                neuron(3, "5c", stake: 0),
            ])
        #expect(SybilSchedule.validators(in: metagraph) == ["5B", "5b"])
    }
}
