import HexCoding
import Testing
import TestSupport
@testable import BittensorCrypto

/// The variable-time verification arithmetic, checked against libsodium's ristretto255 and
/// RFC 9496's vectors.
@Suite("variable-time ristretto255 arithmetic")
struct VartimeArithmeticTests {
    static func scalar(_ rng: inout SplitMix64) -> Scalar25519 {
        Scalar25519.reducing(wide: rng.bytes(64))
    }

    @Test("RFC 9496 multiples of B decode and re-encode; libsodium agrees")
    func basePointMultiples() throws {
        // RFC 9496 A.1: encodings of 0·B … 3·B.
        let vectors = [
            "0000000000000000000000000000000000000000000000000000000000000000",
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
            "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
            "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
        ]
        for (multiple, encoding) in vectors.enumerated() {
            let point = try #require(EdwardsPoint(ristretto: bytes(encoding)))
            #expect(Hex.encode(point.ristrettoEncoding) == encoding)
            let n = Scalar25519.reducing(wide: [UInt8(multiple)] + [UInt8](repeating: 0, count: 63))
            let ours = VartimeDoubleBaseMultiplication.compute(a: .zero, point: .identity, b: n)
            #expect(Hex.encode(ours.ristrettoEncoding) == encoding)
        }
    }

    @Test(
        "RFC 9496 bad encodings are rejected",
        arguments: [
            "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  // non-canonical
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0100000000000000000000000000000000000000000000000000000000000000",  // negative
            "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
            "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
            "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",  // non-square x²
            "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
            "f7ba8b3a9bf5faf8c4ba5dd2a2ee4f2a3e0e4e2d8d8cba92c4d5f8d1e5a2b3c4",
            "0000000000000000000000000000000000000000000000000000000000000080",  // top bit set
        ])
    func badEncodings(encoding: String) {
        #expect(EdwardsPoint(ristretto: bytes(encoding)) == nil)
        #expect(RistrettoPoint(encoding: bytes(encoding)) == nil)
    }

    @Test("a·A + b·B equals libsodium's separate multiplications", arguments: 0..<16)
    func doubleBaseAgreesWithLibsodium(seed: UInt64) throws {
        var rng = SplitMix64(seed: 77 + seed)
        let a = Self.scalar(&rng), b = Self.scalar(&rng), pointScalar = Self.scalar(&rng)
        let sodiumPoint = RistrettoPoint.base(times: pointScalar)
        let point = try #require(EdwardsPoint(ristretto: sodiumPoint.encoding))
        let ours = VartimeDoubleBaseMultiplication.compute(a: a, point: point.negated, b: b)
        let theirs = RistrettoPoint.base(times: b).subtracting(sodiumPoint.times(a))
        #expect(ours.ristrettoEncoding == theirs.encoding)
    }

    @Test("random valid points decode and encode back unchanged", arguments: 0..<8)
    func roundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: 500 + seed)
        let encoding = RistrettoPoint.base(times: Self.scalar(&rng)).encoding
        let point = try #require(EdwardsPoint(ristretto: encoding))
        #expect(point.ristrettoEncoding == encoding)
        let two = Scalar25519.reducing(wide: [2] + [UInt8](repeating: 0, count: 63))
        let sodiumPoint = try #require(RistrettoPoint(encoding: encoding))
        #expect(point.doubled().ristrettoEncoding == sodiumPoint.times(two).encoding)
    }

    @Test("NAF digits are odd, bounded, sparse and sum back to the scalar", arguments: [5, 8])
    func nonAdjacentForm(width: Int) {
        var rng = SplitMix64(seed: UInt64(width))
        for _ in 0..<20 {
            let scalar = Self.scalar(&rng)
            let digits = VartimeDoubleBaseMultiplication.nonAdjacentForm(scalar.bytes, width: width)
            let bound = 1 << (width - 1)
            for (index, digit) in digits.enumerated() where digit != 0 {
                #expect(digit % 2 != 0 && abs(Int(digit)) < bound)
                #expect(digits[(index + 1)..<min(index + width, 256)].allSatisfy { $0 == 0 })
            }
            // Σ digit·2^i as a 264-bit little-endian number must equal the scalar.
            var total = [Int](repeating: 0, count: 34)
            for (index, digit) in digits.enumerated() where digit != 0 {
                total[index / 8] += Int(digit) << (index % 8)
            }
            var carry = 0
            var value = [UInt8]()
            for limb in total {
                let sum = limb + carry
                value.append(UInt8(truncatingIfNeeded: sum))
                carry = sum >> 8
            }
            #expect(Array(value.prefix(32)) == scalar.bytes)
        }
    }
}
