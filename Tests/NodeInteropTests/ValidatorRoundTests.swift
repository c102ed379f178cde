import Foundation
import Miner
import Subtensor
import Testing
import Validator

/// `nicompute validator` against real miners on the real container engine and the local chain.
@Suite("validator on the local chain with real miners", .serialized)
struct ValidatorRoundTests {
    @Test("one round: two honest miners identified, scored, v2.2 weights on chain; cheaters score 0 with the right reason")
    func round() async throws {
        try await MinerTestbed.withDocker { docker in
            for mode in CheatingImages.Mode.allCases { try await CheatingImages.build(mode, docker: docker) }
        }
        let cheaters = CheatingImages.Mode.allCases
        let bed = try NetworkTestbed(miners: ["honest0", "honest1"] + cheaters.map(\.rawValue))
        try await bed.startMiner("honest0", index: 0)
        try await bed.startMiner("honest1", index: 1)
        for (offset, mode) in cheaters.enumerated() {
            try await bed.startMiner(mode.rawValue, index: 2 + offset, image: CheatingImages.tag(mode))
        }
        // The deadline must outlast an honest test with four running at once on a loaded
        // 2-core machine (6 s alone, 27.5 s seen once); the hanging cheater waits it out.
        try await bed.startValidator(["--validator.test-timeout", "45", "--validator.max-workers", "4"])
        defer { for name in ["validator", "honest0", "honest1"] + cheaters.map(\.rawValue) { bed.stop(name) } }

        let everyone = ["honest0", "honest1"] + cheaters.map(\.rawValue)
        let store = try bed.store()
        let finished = try await bed.waitUntil(180) {
            let results = try await store.latestResults()
            return everyone.allSatisfy { results[bed.hotkeys[$0] ?? ""] != nil }
        }
        #expect(finished, "\(bed.log("validator"))")
        let results = try await store.latestResults()
        for name in ["honest0", "honest1"] {
            let result = try #require(results[bed.hotkeys[name] ?? ""], "\(name)")
            #expect(result.passed, "\(name): \(result.reason ?? "") \(bed.log("validator"))")
            #expect(result.device == "CPU" && result.count == 1)
            #expect(result.score > 0)
        }
        // These miners hold no worker: it went over real OpenSSH, compressed, from the buffer
        // every upload of the round shares, and arrived whole (the hash is checked before this line).
        #expect(bed.log("validator").contains("MiB sent xz-compressed, sha256 matches"), "\(bed.log("validator"))")
        let expected: [CheatingImages.Mode: String] = [
            .randomRoots: "verification", .otherSeeds: "verification", .wrongRows: "verification",
            .claimsFast: "timing", .hangs: "deadline", .hugeOutput: "more than", .dropsConnection: "ssh",
            .claimsH100: "not identified",
        ]
        for mode in cheaters {
            let result = try #require(results[bed.hotkeys[mode.rawValue] ?? ""], "\(mode)")
            #expect(!result.passed && result.score == 0, "\(mode): \(result)")
            #expect((result.reason ?? "").contains(expected[mode] ?? "?"), "\(mode): \(result.reason ?? "")")
        }

        // Weights: only the honest miners, equally, once the chain revealed the timelocked commit
        // (the epoch after the commit: within two 20-block epochs).
        let weighted = try await bed.waitUntil(90) { try await !bed.weights().isEmpty }
        #expect(weighted, "\(bed.log("validator"))")
        let weights = try await bed.weights()
        // v2.2's weights: the subnet owner's uid (the validator, registered first) takes what the
        // miners are not given; the two honest miners share their model's part equally.
        let honestUIDs = try await [bed.uid(of: "honest0"), bed.uid(of: "honest1")].compactMap { $0 }
        let owner = try #require(try await bed.uid(of: "validator"))
        #expect(Set(weights.keys) == Set(honestUIDs + [owner]), "\(weights)")
        #expect(weights[owner] == 65_535, "\(weights)")
        let honestWeights = honestUIDs.compactMap { weights[$0] }
        #expect(honestWeights.count == 2 && honestWeights[0] == honestWeights[1] && honestWeights[0] > 0, "\(weights)")

        // Every test container was released, also the one whose compute never returned.
        let released = try await bed.waitUntil(30) { try await bed.containers().isEmpty }
        let left = try await bed.containers().map(\.names)
        #expect(released, "\(left)")
    }

    @Test("an eligible validator's sybil slot: every miner tested at once under the slot's deadline, in an odd epoch")
    func sybilSlot() async throws {
        let bed = try NetworkTestbed(miners: ["honest0", "honest1"])
        try await bed.startMiner("honest0", index: 0)
        try await bed.startMiner("honest1", index: 1)
        defer { for name in ["validator", "honest0", "honest1"] { bed.stop(name) } }
        // v2.2's subnet config with 30-block epochs (1 s blocks here) and this validator eligible;
        // the staked validator is the only one, so its slot is the whole odd epoch.
        let pinned = try String(contentsOf: MinerTestbed.repository.appendingPathComponent("config.yaml"), encoding: .utf8)
        let config = pinned.replacingOccurrences(of: "  blocks_per_epoch: 360", with: "  blocks_per_epoch: 30")
            .replacingOccurrences(of: "  - 5GmvyePN9aYErXBBhBnxZKGoGk4LKZApE4NkaSzW62CYCYNA", with: "  - \(bed.hotkeys["validator"] ?? "")")
        #expect(config != pinned)
        let configPath = "\(bed.root)/config.yaml"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        // Ordinary rounds test one miner at a time; the sybil check must not.
        try await bed.startValidator(["--config", configPath, "--validator.max-workers", "1", "--validator.test-timeout", "60"])

        let checked = try await bed.waitUntil(240) {
            bed.log("validator").range(of: #"sybil check of epoch \d+ done: 2 of 2 passed"#, options: .regularExpression) != nil
        }
        let log = bed.log("validator")
        #expect(checked, "\(log)")
        // The check that ran: an earlier epoch's may have been skipped (an ordinary round still
        // running in its slot), and that round's one-at-a-time tests must not count here.
        let done = try #require(log.range(of: #"sybil check of epoch \d+ done"#, options: .regularExpression), "\(log)")
        let sybil = try #require(
            log.range(of: "validator: sybil check of epoch", options: .backwards, range: log.startIndex..<done.lowerBound), "\(log)")
        let after = log[sybil.lowerBound...]
        #expect(after.contains("for every miner at once"), "\(after)")
        // Both test containers were allocated before either test passed: the tests overlapped.
        let lines = after.split(separator: "\n")
        let allocations = lines.enumerated().filter { $0.element.contains("allocated a test container") }.map(\.offset)
        let firstPass = lines.firstIndex { $0.contains(": passed, ") } ?? lines.count
        #expect(allocations.count >= 2 && allocations[1] < firstPass, "\(after)")
        let epoch = after.split(separator: " ").dropFirst(5).first.flatMap { Int($0) } ?? 0
        #expect(epoch % 2 == 1, "sybil checks run in odd epochs: \(after.prefix(200))")
    }

    @Test("timelocked weights reach the chain though the validator is killed between commit and reveal; the metagraph shows the incentive")
    func timelockedWeightsOutliveTheValidator() async throws {
        let bed = try NetworkTestbed(miners: ["honest"])
        try await bed.startMiner("honest", index: 0)
        defer { bed.stop("honest") }
        try await bed.startValidator(["--validator.test-timeout", "60"])
        let committed = try await bed.waitUntil(180) { bed.log("validator").contains("timelocked to drand round") }
        #expect(committed, "\(bed.log("validator"))")
        bed.stop("validator", signal: SIGKILL)
        let chain = try LocalChain(path: bed.chain)
        #expect(try await chain.events(netuid: 27).contains { $0.name == "TimelockedWeightsCommitted" })
        #expect(try await bed.weights().isEmpty, "nothing is applied before the reveal epoch")

        // No validator runs now: the chain reveals the commit in its epoch by itself.
        let applied = try await bed.waitUntil(90) { try await !bed.weights().isEmpty }
        let events = try await chain.events(netuid: 27)
        #expect(applied, "\(events)")
        let honest = try #require(try await bed.uid(of: "honest"))
        let owner = try #require(try await bed.uid(of: "validator"))
        let onChain = try await bed.weights()
        #expect(Set(onChain.keys) == [honest, owner] && onChain[owner] == 65_535 && (onChain[honest] ?? 0) > 0, "\(onChain)")
        #expect(try await chain.events(netuid: 27).contains { $0.name == "TimelockedWeightsRevealed" })

        // The next epoch turns the weights into incentive, as `nicompute subnet metagraph` shows.
        var shown = ""
        let rewarded = try await bed.waitUntil(60) {
            shown = try MinerTestbed.check(
                MinerTestbed.run(MinerTestbed.nicompute, ["subnet", "metagraph", "--local.path", bed.chain, "--netuid", "27"]))
            let row = shown.split(separator: "\n").first { $0.hasPrefix("\(honest) ") }
            let incentive = row.flatMap { line in line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).first }.flatMap {
                Double($0)
            }
            return (incentive ?? 0) > 0
        }
        #expect(rewarded, "\(shown)")
    }

    @Test("killing the validator mid-round and restarting it leaves no test container behind")
    func killMidRound() async throws {
        try await MinerTestbed.withDocker { try await CheatingImages.build(.hangs, docker: $0) }
        let bed = try NetworkTestbed(miners: ["slow"])
        try await bed.startMiner("slow", index: 0, image: CheatingImages.tag(.hangs))
        defer { bed.stop("slow") }
        try await bed.startValidator(["--validator.test-timeout", "600"])
        let allocated = try await bed.waitUntil(60) { try await !bed.containers().isEmpty }
        #expect(allocated, "\(bed.log("validator"))")
        bed.stop("validator", signal: SIGKILL)
        #expect(try await bed.containers().count == 1, "the test container outlives the killed validator")

        // Restarted with its next round far away: it releases what the last run left.
        try await bed.startValidator(["--validator.max-delay", "3600"])
        defer { bed.stop("validator") }
        let released = try await bed.waitUntil(30) { try await bed.containers().isEmpty }
        #expect(released, "\(bed.log("validator")) \(bed.log("slow"))")
        #expect(bed.log("validator").contains("releasing the test container"))
        #expect(try await bed.store().pendingTestAllocations().isEmpty)
    }
}
