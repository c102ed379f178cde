import Crypto
import Testing
import HexCoding
@testable import BLS12381

@Suite("BLS12-381 hash-to-curve (RFC 9380) and drand quicknet signatures")
struct HashToCurveTests {
    static let quux = Array("QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_".utf8)

    @Test("RFC 9380 J.9.1: BLS12381G1_XMD:SHA-256_SSWU_RO_ for the empty message and \"abc\"")
    func rfcVectors() {
        let empty = HashToG1.hash([], dst: Self.quux)
        #expect(
            Hex.encode(empty.x.bigEndianBytes)
                == "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1")
        #expect(
            Hex.encode(empty.y.bigEndianBytes)
                == "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265")
        let abc = HashToG1.hash(Array("abc".utf8), dst: Self.quux)
        #expect(
            Hex.encode(abc.x.bigEndianBytes)
                == "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903")
        #expect(
            Hex.encode(abc.y.bigEndianBytes)
                == "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d")
    }

    @Test("drand quicknet's beacon for round 1000 verifies against its public key")
    func quicknetRound1000() throws {
        let key = try G2Affine(
            compressed: Hex.decode(
                "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
            )!, field: "key")
        let signature = try G1Affine(
            compressed: Hex.decode("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39")!,
            field: "signature")
        var round = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { round[7 - i] = UInt8(truncatingIfNeeded: UInt64(1000) >> UInt64(8 * i)) }
        let message = HashToG1.hash(Array(SHA256.hash(data: round)), dst: HashToG1.drandDST)
        #expect(Pairing.productIsOne([(signature, G2Prepared(-G2Affine.generator)), (message, G2Prepared(key))]))
        let other = HashToG1.hash(Array(SHA256.hash(data: [0, 0, 0, 0, 0, 0, 3, 0xe9])), dst: HashToG1.drandDST)
        #expect(!Pairing.productIsOne([(signature, G2Prepared(-G2Affine.generator)), (other, G2Prepared(key))]))
    }
}
