import Testing
import HexCoding
@testable import BLS12381

@Suite("BLS12-381 field and group laws")
struct GroupLawTests {
    @Test("Montgomery constants and field inversion round-trip")
    func fieldBasics() {
        let a = Fp(123_456_789)
        #expect(a * a.inverse() == .one)
        #expect(Fp(3) + Fp(4) == Fp(7))
        #expect(Fp(3) - Fp(4) == -Fp.one)
        #expect(Fp(9).squareRoot().map { $0 == Fp(3) || $0 == -Fp(3) } == true)
        let b = Fp2(Fp(5), Fp(7))
        #expect(b * b.inverse() == .one)
        #expect(b.square().squareRoot().map { $0 == b || $0 == -b } == true)
        let c = Fp12(Fp6(b, b.square(), .one), Fp6(.one, b, b))
        #expect(c * c.inverse() == .one)
        #expect(c.square() == c * c)
    }

    @Test("the generators are on their curves and have order r")
    func generators() {
        #expect(G1Affine.generator.isOnCurve)
        #expect(G2Affine.generator.isOnCurve)
        #expect(G1Affine.generator.isInSubgroup)
        #expect(G2Affine.generator.isInSubgroup)
        let g = G1Projective.generator
        #expect(g.doubled() == g + g)
        #expect((g + g.doubled()).affine == g.multiplied(byPublic: [3]).affine)
    }

    @Test("compressed generators match the zcash encoding")
    func encoding() throws {
        #expect(
            hex(G1Affine.generator.compressed)
                == "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
        #expect(
            hex(G2Affine.generator.compressed)
                == "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"
        )
        let p = G1Projective.generator.multiplied(by: Scalar(reducingBigEndian: [1, 2, 3])).affine
        #expect(try G1Affine(compressed: p.compressed, field: "p") == p)
        let q = G2Projective.generator.multiplied(by: Scalar(reducingBigEndian: [9, 9])).affine
        #expect(try G2Affine(compressed: q.compressed, field: "q") == q)
    }

    @Test("the pairing is bilinear and non-degenerate")
    func bilinearity() {
        let a = Scalar(reducingBigEndian: [0x12, 0x34, 0x56])
        let b = Scalar(reducingBigEndian: [0x65, 0x43])
        let ab = Scalar(reducingBigEndian: [0x07, 0x33, 0x69, 0xa0, 0x82])  // 0x123456 · 0x6543
        let base = Pairing.pairing(.generator, .generator)
        #expect(base != .one)
        let left = Pairing.pairing(G1Projective.generator.multiplied(by: a).affine, G2Projective.generator.multiplied(by: b).affine)
        let right = Pairing.pairing(G1Projective.generator.multiplied(by: ab).affine, .generator)
        #expect(left == right)
        #expect(base.power(Scalar.modulusLimbs) == .one)
    }
}

private func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
