import Miner
import Subtensor
import Testing

@Suite("admission")
struct AdmissionPolicyTests {
    static func neuron(_ uid: Int, _ hotkey: String, stakeTAO: Double) -> Neuron {
        Neuron(
            uid: uid, hotkey: hotkey, coldkey: "c", stake: Int(stakeTAO * AdmissionPolicy.raoPerTAO), validatorPermit: true, trust: 0,
            consensus: 0, incentive: 0, dividends: 0, emission: 0, lastUpdate: 0, registeredAt: 0,
            axon: AxonInfo(ip: "0.0.0.0", port: 0, version: 0), prometheus: PrometheusInfo())
    }

    static let metagraph = Metagraph(
        netuid: 27, block: 10,
        neurons: [
            neuron(0, "rich", stakeTAO: 20_000), neuron(1, "poor", stakeTAO: 5), neuron(2, "exploiter", stakeTAO: 50_000),
            neuron(3, "banned", stakeTAO: 50_000),
        ])

    @Test("the checks run in order, with the reference's reasons")
    func order() {
        let policy = AdmissionPolicy(blacklist: ["banned"], exploiters: ["exploiter"])
        #expect(policy.evaluate(hotkey: "rich", metagraph: Self.metagraph) == (false, "Hotkey recognized!"))
        #expect(policy.evaluate(hotkey: "poor", metagraph: Self.metagraph) == (true, "Not enough stake!"))
        #expect(policy.evaluate(hotkey: "banned", metagraph: Self.metagraph) == (true, "Blacklisted hotkey"))
        #expect(policy.evaluate(hotkey: "exploiter", metagraph: Self.metagraph).blocked)
        #expect(policy.evaluate(hotkey: "stranger", metagraph: Self.metagraph) == (true, "Unrecognized hotkey"))
        #expect(policy.evaluate(hotkey: nil, metagraph: Self.metagraph).blocked)
        #expect(policy.evaluate(hotkey: "rich", metagraph: nil) == (true, "Unrecognized hotkey"))
    }

    @Test("the whitelist restricts (the reference's check was inverted) and skips the stake check")
    func whitelist() {
        let policy = AdmissionPolicy(blacklist: ["banned"], whitelist: ["poor", "banned", "stranger"])
        #expect(policy.evaluate(hotkey: "poor", metagraph: Self.metagraph) == (false, "Whitelisted hotkey"))
        #expect(policy.evaluate(hotkey: "rich", metagraph: Self.metagraph) == (true, "Not whitelisted"))
        #expect(policy.evaluate(hotkey: "banned", metagraph: Self.metagraph) == (true, "Blacklisted hotkey"), "the blacklist wins")
        #expect(
            policy.evaluate(hotkey: "stranger", metagraph: Self.metagraph) == (true, "Unrecognized hotkey"),
            "registration is still required")
    }

    @Test("low stake allowed by flag; priority is stake in TAO plus the synapse's bump")
    func stakeAndPriority() {
        let policy = AdmissionPolicy(allowLowStake: true)
        #expect(!policy.evaluate(hotkey: "poor", metagraph: Self.metagraph).blocked)
        #expect(policy.priority(hotkey: "rich", metagraph: Self.metagraph, bump: 3) == 20_003)
        #expect(policy.priority(hotkey: "poor", metagraph: Self.metagraph, bump: 1) == 6)
        #expect(policy.priority(hotkey: "stranger", metagraph: Self.metagraph, bump: 3) == 0)
    }

    @Test("the reference's exploiter list is carried as published")
    func exploiters() {
        #expect(ExploiterHotkeys.reference.count == 16)
        #expect(ExploiterHotkeys.reference.contains("5HZ1ATsziEMDm1iUqNWQatfEDb1JSNf37AiG8s3X4pZzoP3A"))
    }
}
