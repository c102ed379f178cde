import Foundation
import HexCoding
import Testing
@testable import Subtensor

@Suite("the timelocked weights payload and the reveal schedule")
struct WeightsTlockPayloadTests {
    /// bittensor-drand's CR v4 plaintext (recorded in Tests/TimelockTests/Fixtures/quicknet.json):
    /// hotkey 0x01…20, uids [0, 5, 27], values [65535, 1000, 1], version key 2012.
    static let recorded = "800102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f200c000005001b000cffffe8030100dc07000000000000"

    @Test("the version-4 payload encodes as bittensor-drand's and both shapes decode back")
    func payload() throws {
        let payload = WeightsTlockPayload(hotkey: Array(1...32), uids: [0, 5, 27], values: [65_535, 1_000, 1], versionKey: 2_012)
        #expect(Hex.encode(payload.bytes) == Self.recorded)
        #expect(try WeightsTlockPayload(decoding: payload.bytes) == payload)
        // The legacy (CR v3) shape, as bittensor-commit-reveal 0.2.0 encodes uids [0, 5], values [65535, 100], key 123.
        let legacy = WeightsTlockPayload(hotkey: nil, uids: [0, 5], values: [65_535, 100], versionKey: 123)
        #expect(Hex.encode(legacy.bytes) == "08000005000" + "8ffff64007b00000000000000")
        #expect(try WeightsTlockPayload(decoding: legacy.bytes) == legacy)
        // A legacy payload of 40 uids stays legacy (subtensor would misread it as a hotkey).
        let wide = WeightsTlockPayload(hotkey: nil, uids: (0..<40).map(UInt16.init), values: Array(repeating: 1, count: 40), versionKey: 1)
        #expect(try WeightsTlockPayload(decoding: wide.bytes) == wide)
        #expect(throws: (any Error).self) { try WeightsTlockPayload(decoding: Array(payload.bytes.dropLast())) }
    }
}
