import SCALE
import Subtensor
import SubtensorTestSupport
import Testing
import TestSupport

/// Truncated and corrupted node data: every decoder answers with an error naming what broke,
/// never a crash or a hang.
@Suite struct BadInputTests {
    let metadata: RuntimeMetadata
    init() throws { metadata = try GoldenFixture.metadata.get() }

    /// A fixed-seed generator, so a failure can be replayed.

    @Test func truncatedMetadataIsMalformedAtEveryCut() throws {
        let hex = try #require((try GoldenFixture.json()["metadata"] as? [String: Any])?["v15_hex"] as? String)
        let whole = try GoldenFixture.bytes(hex)
        // The option wrapper's declared length no longer fits, and so does every inner cut.
        for cut in stride(from: 1, to: whole.count, by: whole.count / 40) {
            #expect(throws: MetadataError.self, "cut at \(cut)") { try RuntimeMetadata(bytes: Array(whole.prefix(cut))) }
        }
        // The bare metadata cut at the same places (no wrapper to catch it first).
        let inner = Array(whole.dropFirst(5))  // Option tag 01, then a four-byte compact length
        for cut in stride(from: 5, to: inner.count, by: inner.count / 40) {
            #expect {
                try RuntimeMetadata(bytes: Array(inner.prefix(cut)))
            } throws: { error in
                guard case .malformed? = error as? MetadataError else { return false }
                return true
            }
        }
    }

    @Test func corruptedNeuronsNeverCrashTheDecoder() throws {
        let call = try #require(try GoldenFixture.section("runtime_calls").first { $0["method"] as? String == "get_neurons_lite" })
        let bytes = try GoldenFixture.bytes(try #require(call["raw_hex"] as? String))
        let decoder = MetagraphDecoder(metadata: metadata)
        var random = SplitMix64(seed: 27)
        var failures = 0
        for _ in 0..<500 {
            var corrupted = bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                corrupted[Int.random(in: 0..<corrupted.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            do { _ = try decoder.metagraph(netuid: 1, block: 0, neuronsLite: corrupted) } catch { failures += 1 }
        }
        // Many corruptions only change key or amount bytes (still valid); those that hit a tag,
        // a length or a compact's form are refused (76 of 500 with this seed).
        #expect(failures > 50)
        for cut in 0..<bytes.count {
            #expect(throws: (any Error).self) { try decoder.metagraph(netuid: 1, block: 0, neuronsLite: Array(bytes.prefix(cut))) }
        }
    }

    @Test func randomBytesAsEventsFailCleanly() throws {
        let type = try metadata.storage(pallet: "System", item: "Events").entry.valueType
        var random = SplitMix64(seed: 9)
        for length in [0, 1, 2, 5, 17, 64, 300] {
            for _ in 0..<20 {
                let noise = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                _ = try? metadata.decode(noise, as: type, context: "System.Events")
            }
        }
        // A declared count far beyond the bytes is refused before anything is allocated.
        #expect(throws: SCALEError.self) { try metadata.decode([0x03, 0xff, 0xff, 0xff, 0x7f], as: type, context: "System.Events") }
    }
}
