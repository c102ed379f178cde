import BittensorCrypto
import Foundation
import SCALE
import Subtensor
import SubtensorTestSupport
import Testing

/// Hash commits kept in a ``RevealJournal``: a client started after another committed (a
/// validator restarted between its commit and the reveal epoch) reveals, against
/// ``FakeSubtensorNode``.
@Suite struct RevealJournalTests {
    let metadata: RuntimeMetadata
    init() throws { metadata = try GoldenFixture.metadata.get() }

    private func client(_ endpoint: String, signer: Keypair, journal: RevealJournal) throws -> SubtensorClient {
        try SubtensorClient(
            configuration: .init(
                endpoint: endpoint, requestTimeout: .seconds(5), connectTimeout: .seconds(5),
                retryDelay: .milliseconds(100)),
            signer: signer, revealJournal: journal, inclusionTimeout: .seconds(10))
    }

    /// Runs `body` with a fake node holding subnet 28 (hash commit-reveal, version 2) at epoch 5
    /// with `members` at uids 0, 1, …, an empty journal in a folder of its own (removed
    /// afterwards), and a function that moves the subnet to another epoch.
    private func withSubnet<T: Sendable>(
        members: [Keypair],
        _ body: (FakeSubtensorNode, RevealJournal, @escaping @Sendable (UInt64) async -> Void) async throws -> T
    ) async throws -> T {
        let node = try FakeSubtensorNode()
        try await node.makeSubnet(metadata: metadata, netuid: 28, members: members, commitReveal: true, commitRevealVersion: 2)
        let key = try metadata.storageKey(pallet: "SubtensorModule", item: "SubnetEpochIndex", keys: [[28, 0]])
        let setEpoch: @Sendable (UInt64) async -> Void = { epoch in
            await node.setStorage(key, (0..<8).map { UInt8(truncatingIfNeeded: epoch >> (8 * UInt64($0))) })
        }
        await setEpoch(5)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reveal-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(node, RevealJournal(path: directory.appendingPathComponent("pending-reveals.json").path), setEpoch)
    }

    private func journalEntries(_ journal: RevealJournal) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: journal.path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["reveals"] as? [[String: Any]])
    }

    @Test func aCommitIsRevealedByTheNextClientAfterARestart() async throws {
        let alice = try Keypair(uri: "//Alice")
        try await withSubnet(members: [alice]) { node, journal, setEpoch in
            let commitCall = try await node.serve { endpoint in
                let before = try self.client(endpoint, signer: alice, journal: journal)
                try await before.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [0], weights: [1], versionKey: 3)
                await before.close()
                let submitted = await node.submitted
                return try #require(submitted.count == 1 ? FakeSubtensorNode.split(submitted[0]) : nil).call
            }
            #expect(Array(commitCall.prefix(2)) == [7, 96])
            // Written before the commit was sent, readable by its owner only.
            let permissions = try FileManager.default.attributesOfItem(atPath: journal.path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            let entries = try journalEntries(journal)
            #expect(
                entries.count == 1 && entries.first?["revealEpoch"] as? Int == 6 && entries.first?["hotkey"] as? String == alice.ss58Address
            )

            try await node.serve { endpoint in
                let after = try self.client(endpoint, signer: alice, journal: journal)
                #expect(try await after.revealPendingWeights(netuid: 28) == false)
                await setEpoch(6)
                #expect(try await after.revealPendingWeights(netuid: 28))
                await after.close()
            }
            let submitted = await node.submitted
            try #require(submitted.count == 2)
            let reveal = try #require(FakeSubtensorNode.split(submitted[1]))
            // The reveal the second client sent opens the first client's commit.
            #expect(Array(reveal.call.prefix(2)) == [7, 97])
            #expect(try RevealArguments(call: reveal.call).commitHash(hotkey: alice.publicKey.bytes) == Array(commitCall.suffix(32)))
            #expect(try journalEntries(journal).isEmpty)
        }
    }

    @Test func anotherHotkeysCommitsAreKeptButNeverRevealed() async throws {
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        try await withSubnet(members: [alice, bob]) { node, journal, setEpoch in
            try await node.serve { endpoint in
                let asAlice = try self.client(endpoint, signer: alice, journal: journal)
                try await asAlice.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [1], weights: [1], versionKey: 3)
                await asAlice.close()
                await setEpoch(6)
                let asBob = try self.client(endpoint, signer: bob, journal: journal)
                #expect(try await asBob.revealPendingWeights(netuid: 28) == false)
                try await asBob.setWeights(netuid: 28, hotkey: bob.ss58Address, uids: [0], weights: [1], versionKey: 3)
                await asBob.close()
            }
            // Bob committed without revealing Alice's; both wait in the journal.
            let submitted = await node.submitted
            #expect(submitted.compactMap { FakeSubtensorNode.split($0).map { Array($0.call.prefix(2)) } } == [[7, 96], [7, 96]])
            #expect(Set(try journalEntries(journal).compactMap { $0["hotkey"] as? String }) == [alice.ss58Address, bob.ss58Address])
        }
    }

    @Test func aRefusedRevealIsTriedAgainThenGivenUp() async throws {
        let alice = try Keypair(uri: "//Alice")
        try await withSubnet(members: [alice]) { node, journal, setEpoch in
            let eventsKey = try metadata.storageKey(pallet: "System", item: "Events")
            let refused = try ExtrinsicOutcomeTests.failedEvents(metadata: metadata, errorName: "InvalidRevealCommitHashNotMatch")
            try await node.serve { endpoint in
                let client = try self.client(endpoint, signer: alice, journal: journal)
                try await client.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [0], weights: [1], versionKey: 3)
                await setEpoch(6)
                await node.setStorage(eventsKey, refused)
                for attempt in 1...SubtensorClient.maximumRevealAttempts {
                    await #expect(throws: SubtensorClientError.dispatchFailed("SubtensorModule.InvalidRevealCommitHashNotMatch")) {
                        try await client.revealPendingWeights(netuid: 28)
                    }
                    let left = try journalEntries(journal)
                    let expected = attempt < SubtensorClient.maximumRevealAttempts ? [attempt] : []
                    #expect(left.compactMap { $0["failedAttempts"] as? Int } == expected)
                }
                #expect(try await client.revealPendingWeights(netuid: 28) == false)
                await client.close()
            }
            #expect(await node.submitted.count == 1 + SubtensorClient.maximumRevealAttempts)
        }
    }

    @Test func concurrentCallsRevealACommitOnce() async throws {
        let alice = try Keypair(uri: "//Alice")
        try await withSubnet(members: [alice]) { node, journal, setEpoch in
            let revealed = try await node.serve { endpoint in
                let client = try self.client(endpoint, signer: alice, journal: journal)
                try await client.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [0], weights: [1], versionKey: 3)
                await setEpoch(6)
                let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<4 { group.addTask { try await client.revealPendingWeights(netuid: 28) } }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                await client.close()
                return results
            }
            #expect(revealed.filter { $0 }.count == 1, "\(revealed)")
            #expect(
                await node.submitted.compactMap { FakeSubtensorNode.split($0).map { Array($0.call.prefix(2)) } } == [[7, 96], [7, 97]])
        }
    }

    @Test func anExpiredCommitIsForgotten() async throws {
        let alice = try Keypair(uri: "//Alice")
        try await withSubnet(members: [alice]) { node, journal, setEpoch in
            try await node.serve { endpoint in
                let client = try self.client(endpoint, signer: alice, journal: journal)
                try await client.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [0], weights: [1], versionKey: 3)
                await setEpoch(7)
                #expect(try await client.revealPendingWeights(netuid: 28) == false)
                await client.close()
            }
            #expect(await node.submitted.count == 1)
            #expect(try journalEntries(journal).isEmpty)
        }
    }

    @Test func aDamagedJournalIsNamed() async throws {
        try await withSubnet(members: []) { _, journal, _ in
            try journal.check()  // absent: empty
            try Data("{\"version\": 1, \"reveals\": [{\"netuid\": 28}]}".utf8).write(to: URL(fileURLWithPath: journal.path))
            #expect {
                try journal.check()
            } throws: { error in
                guard case let .malformed(path, _)? = error as? RevealJournalError else { return false }
                return path == journal.path && "\(error)".contains("move it away")
            }
            try Data("{\"version\": 2, \"reveals\": []}".utf8).write(to: URL(fileURLWithPath: journal.path))
            #expect(throws: RevealJournalError.malformed(path: journal.path, reason: "format version 2; this build reads version 1")) {
                try journal.check()
            }
        }
    }
}
