import BLS12381
import HexCoding
import Testing
@testable import Timelock

@Suite("timelock encryption against bittensor-drand (the tle crate)")
struct TimelockInteropTests {
    /// drand quicknet's signature for round 1000, public and recorded: it opens anything
    /// encrypted to round 1000.
    static let round1000 = "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"

    static func signature1000() throws -> G1Affine {
        try G1Affine(compressed: Hex.decode(round1000)!, field: "signature")
    }

    @Test("our ciphertext for round 1000 decrypts in bittensor-drand with quicknet's signature")
    func oursOpensThere() throws {
        let plaintext = Array("weights for the reveal round".utf8)
        let ciphertext = Timelock.encrypt(plaintext, round: 1000)
        let answer = try TimelockPeer.call("decrypt", ["ciphertext": Hex.encode(ciphertext.bytes), "signature": Self.round1000])
        #expect(try TimelockPeer.string(answer, "plaintext") == Hex.encode(plaintext))
    }

    @Test("bittensor-drand's ciphertext for round 1000 decrypts here, byte layout as the chain stores it")
    func theirsOpensHere() throws {
        let plaintext = Array("fourteen bytes".utf8)
        let answer = try TimelockPeer.call("encrypt", ["plaintext": Hex.encode(plaintext), "round": 1000])
        let bytes = try #require(Hex.decode(try TimelockPeer.string(answer, "ciphertext")))
        #expect(bytes.count == 258)
        let parsed = try TimelockCiphertext(bytes: bytes)
        #expect(parsed.bytes == bytes)
        #expect(try Timelock.decrypt(parsed, signature: Self.signature1000()) == plaintext)
        #expect(Timelock.encrypt(plaintext, round: 1000).bytes.count == 258)
    }

    @Test("the wrong round's signature and altered bytes are refused with a named error")
    func refusals() throws {
        let ciphertext = Timelock.encrypt(Array("secret".utf8), round: 1001)
        #expect(throws: TimelockError.self) { try Timelock.decrypt(ciphertext, signature: Self.signature1000()) }
        var alteredV = ciphertext
        alteredV.v[0] ^= 1
        let wrongRound = try Timelock.encrypt(Array("secret".utf8), round: 1000)
        var alteredBody = wrongRound
        alteredBody.sealed[0] ^= 1
        #expect(throws: TimelockError.decryptionFailed("the AES-GCM tag does not verify: the body was altered")) {
            try Timelock.decrypt(alteredBody, signature: Self.signature1000())
        }
        var alteredW = wrongRound
        alteredW.w[5] ^= 0x80
        #expect(throws: TimelockError.self) { try Timelock.decrypt(alteredW, signature: Self.signature1000()) }
        let bytes = wrongRound.bytes
        for cut in [0, 50, 96, 100, 140, 180, bytes.count - 1] {
            #expect(throws: TimelockError.self) { try TimelockCiphertext(bytes: Array(bytes.prefix(cut))) }
        }
        var hugeLength = bytes
        hugeLength[96 + 7] = 0xff
        #expect(
            throws: TimelockError.malformedCiphertext(
                field: "V", offset: 104, reason: "length 18374686479671623712 exceeds the \(bytes.count - 104) bytes left")
        ) {
            try TimelockCiphertext(bytes: hugeLength)
        }
        var notAPoint = bytes
        notAPoint[5] ^= 0x10
        #expect(throws: TimelockError.self) { try TimelockCiphertext(bytes: notAPoint) }
    }

    @Test("recorded quicknet beacons verify; altered ones are refused")
    func beacons() throws {
        let fixture = try TimelockPeer.fixture()
        let beacons = try #require(fixture["beacons"] as? [[String: Any]])
        #expect(beacons.count >= 4)
        for beacon in beacons {
            let round = try #require(beacon["round"] as? Int)
            let signature = try #require(Hex.decode(try TimelockPeer.string(beacon, "signature")))
            let pulse = try DrandBeacon(round: UInt64(round), signature: signature)
            try pulse.verify(against: .quicknet)
            #expect(throws: TimelockError.self) {
                try DrandBeacon(round: UInt64(round) + 1, signature: signature).verify(against: .quicknet)
            }
            var altered = signature
            altered[47] ^= 1
            #expect(throws: TimelockError.self) { try DrandBeacon(round: UInt64(round), signature: altered).verify(against: .quicknet) }
        }
        #expect(throws: TimelockError.self) { try DrandBeacon(round: 1, signature: [0x80] + [UInt8](repeating: 0, count: 10)) }
    }
}
