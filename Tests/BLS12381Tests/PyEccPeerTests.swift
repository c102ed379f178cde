import Foundation
import HexCoding
import Testing
import TestSupport
@testable import BLS12381

/// py_ecc 8.0.0 (pure Python, written independently of arkworks) as a second peer: point
/// encodings, scalar multiples, pairings and hash-to-curve on random inputs. py_ecc computes the
/// textbook pairing's inverse and `peer.py pairing` converts it to arkworks' value (the cube of
/// the textbook pairing) in arkworks' layout, so the bytes must match ours exactly.
@Suite("BLS12-381 against py_ecc on random inputs")
struct PyEccPeerTests {
    static let runs = 4

    @Test("scalar multiples of both generators encode as py_ecc encodes them")
    func multiples() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<Self.runs {
            let scalar = Scalar.random(using: &generator)
            let decimal = decimalString(scalar)
            let g1 = try peer("g1_mul", ["scalar": decimal])
            #expect(Hex.encode(G1Projective.generator.multiplied(by: scalar).affine.compressed) == g1["point"] as? String)
            let g2 = try peer("g2_mul", ["scalar": decimal])
            #expect(Hex.encode(G2Projective.generator.multiplied(by: scalar).affine.compressed) == g2["point"] as? String)
        }
    }

    @Test("pairings of random multiples equal py_ecc's, byte for byte in arkworks' layout")
    func pairings() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2 {
            let a = Scalar.random(using: &generator), b = Scalar.random(using: &generator)
            let answer = try peer("pairing", ["a": decimalString(a), "b": decimalString(b)])
            let ours = Pairing.pairing(G1Projective.generator.multiplied(by: a).affine, G2Projective.generator.multiplied(by: b).affine)
            #expect(Hex.encode(ours.arkworksBytes) == answer["gt"] as? String)
        }
    }

    @Test("hash-to-G1 of random messages equals py_ecc's")
    func hashing() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 32, 200] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let dst = "NICOMPUTE-TEST-DST-\(length)"
            let answer = try peer("hash_to_g1", ["msg": Hex.encode(message), "dst": dst])
            #expect(Hex.encode(HashToG1.hash(message, dst: Array(dst.utf8)).compressed) == answer["point"] as? String)
        }
    }

    /// The scalar as a decimal string (py_ecc takes integers beyond 2^53).
    func decimalString(_ scalar: Scalar) -> String {
        var limbs = scalar.limbs
        var digits = [Character]()
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in limbs.indices.reversed() {
                let (q, r) = UInt64(10).dividingFullWidth((high: remainder, low: limbs[i]))
                limbs[i] = q
                remainder = r
            }
            digits.append(Character(String(remainder)))
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }

    func peer(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        try PythonPeerScript.call(PythonPeerScript.path("scripts/timelock/peer.py"), command, arguments)
    }

}
