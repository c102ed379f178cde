import BLS12381
import HexCoding
import Testing
import TestSupport
@testable import Timelock

/// Bytes from outside (a commit on chain, a pulse from a node, a point in a key file) are
/// refused with a named error, never a trap: random mutations of valid encodings, seeded so a
/// failure can be replayed.
@Suite("hostile timelock input")
struct HostileTimelockInputTests {

    static func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var out = bytes
        switch generator.next() % 5 {
        case 0 where !out.isEmpty: out[Int(generator.next() % UInt64(out.count))] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
        case 1: out = Array(out.prefix(Int(generator.next() % UInt64(out.count + 1))))
        case 2: out += (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        case 3 where out.count > 8:
            // A length prefix set to something huge.
            let at = Int(generator.next() % UInt64(out.count - 8))
            for i in 0..<8 { out[at + i] = UInt8(truncatingIfNeeded: generator.next()) }
        default: out = (0..<Int(generator.next() % 400)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        }
        return out
    }

    @Test("mutated ciphertexts parse or are refused naming the field; none opens", arguments: [UInt64(27), 2_025])
    func ciphertexts(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let valid = Timelock.encrypt(Array("weights".utf8), round: 1000, chain: .quicknet, using: &generator).bytes
        let signature = try G1Affine(compressed: Hex.decode(TimelockInteropTests.round1000)!, field: "signature")
        for _ in 0..<150 {
            let input = Self.mutate(valid, using: &generator)
            switch Result(catching: { () throws(TimelockError) -> TimelockCiphertext in try TimelockCiphertext(bytes: input) }) {
            case .success(let parsed):
                if input != valid {
                    // A mutation that still parses (an altered tag or nonce) must not decrypt.
                    #expect(throws: TimelockError.self) { try Timelock.decrypt(parsed, signature: signature) }
                }
            case .failure(let error):
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("mutated signatures and public keys are refused with a named error", arguments: [UInt64(7)])
    func points(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let signature = try #require(Hex.decode(TimelockInteropTests.round1000))
        let key = DrandChain.quicknet.publicKey.compressed
        for _ in 0..<150 {
            let g1 = Self.mutate(signature, using: &generator)
            if let beacon = try? DrandBeacon(round: 1000, signature: g1), g1 != signature {
                #expect(throws: TimelockError.self) { try beacon.verify(against: .quicknet) }
            }
            let g2 = Self.mutate(key, using: &generator)
            do {
                let point = try G2Affine(compressed: g2, field: "public_key")
                #expect(point.isInSubgroup)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        // Each rule, named.
        #expect(throws: PointEncodingError.wrongLength(field: "public_key", expected: 96, actual: 95)) {
            try G2Affine(compressed: key.dropLast(), field: "public_key")
        }
        #expect(throws: PointEncodingError.notCompressed(field: "signature")) {
            try G1Affine(compressed: [0x00] + signature.dropFirst(), field: "signature")
        }
        #expect(throws: PointEncodingError.malformedInfinity(field: "signature")) {
            try G1Affine(compressed: [0xc0] + [UInt8](repeating: 1, count: 47), field: "signature")
        }
        // x = 0 gives (0, ±2), a point of order 3: on the curve, outside the prime-order subgroup.
        #expect(throws: PointEncodingError.notInSubgroup(field: "signature")) {
            try G1Affine(compressed: [0x80] + [UInt8](repeating: 0, count: 47), field: "signature")
        }
        #expect(throws: PointEncodingError.coordinateNotCanonical(field: "signature")) {
            try G1Affine(compressed: [0x9f] + [UInt8](repeating: 0xff, count: 47), field: "signature")
        }
    }
}
