import Testing
import TestSupport
@testable import BittensorCrypto

/// A small deterministic generator so a failing case can be replayed from its seed.

@Suite("sr25519 properties")
struct Sr25519PropertyTests {
    static let order = bytes("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")  // ℓ, little-endian

    @Test("sign then verify holds for random keys and messages", arguments: 0..<8)
    func signVerify(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let keypair = try Keypair(seed: rng.bytes(32))
        for length in [0, 1, 31, 166, 167, 1000] {
            let message = rng.bytes(length)
            let signature = try keypair.sign(message)
            #expect(signature.count == 64)
            #expect(keypair.publicKey.verify(signature: signature, message: message), "seed \(seed) length \(length)")
        }
    }

    @Test("any flipped bit of message, signature or key is rejected", arguments: 0..<4)
    func flippedBits(seed: UInt64) throws {
        var rng = SplitMix64(seed: 1000 + seed)
        let keypair = try Keypair(seed: rng.bytes(32))
        let message = rng.bytes(48)
        let signature = try keypair.sign(message)
        for bit in 0..<(message.count * 8) {
            var altered = message
            altered[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!keypair.publicKey.verify(signature: signature, message: altered), "message bit \(bit)")
        }
        for bit in 0..<512 {
            var altered = signature
            altered[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!keypair.publicKey.verify(signature: altered, message: message), "signature bit \(bit)")
        }
        for bit in 0..<256 {
            var altered = keypair.publicKey.bytes
            altered[bit / 8] ^= 1 << UInt8(bit % 8)
            let key = try PublicKey(bytes: altered)
            #expect(!key.verify(signature: signature, message: message), "key bit \(bit)")
        }
    }

    @Test("two signatures of one message differ (fresh witness) and both verify")
    func randomizedSignatures() throws {
        let keypair = try Keypair(uri: "//Alice")
        let first = try keypair.sign([1, 2, 3])
        let second = try keypair.sign([1, 2, 3])
        #expect(first != second)
        #expect(keypair.publicKey.verify(signature: first, message: [1, 2, 3]))
        #expect(keypair.publicKey.verify(signature: second, message: [1, 2, 3]))
    }

    @Test("a signature without the schnorrkel marker bit is rejected")
    func markerBit() throws {
        let keypair = try Keypair(uri: "//Alice")
        var signature = try keypair.sign([9])
        signature[63] &= 0x7F
        #expect(!keypair.publicKey.verify(signature: signature, message: [9]))
    }

    @Test("a non-canonical s (s + ℓ, the same point) is rejected")
    func nonCanonicalScalar() throws {
        let keypair = try Keypair(uri: "//Alice")
        var signature = try keypair.sign([9])
        var carry = 0
        for index in 0..<32 {
            let byte = index == 31 ? signature[32 + index] & 0x7F : signature[32 + index]
            let sum = Int(byte) + Int(Self.order[index]) + carry
            signature[32 + index] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        #expect(carry == 0 && signature[63] & 0x80 == 0)
        signature[63] |= 0x80
        #expect(!keypair.publicKey.verify(signature: signature, message: [9]))
    }

    @Test("an invalid or identity public key is rejected; wrong lengths are errors")
    func invalidKeys() throws {
        let keypair = try Keypair(uri: "//Alice")
        let signature = try keypair.sign([9])
        // s = 1 is odd, i.e. "negative", which ristretto255 decoding refuses.
        let invalid = try PublicKey(bytes: [0x01] + [UInt8](repeating: 0, count: 31))
        #expect(!invalid.verify(signature: signature, message: [9]))
        let identity = try PublicKey(bytes: [UInt8](repeating: 0, count: 32))
        #expect(!identity.verify(signature: signature, message: [9]))
        #expect(!keypair.publicKey.verify(signature: Array(signature.prefix(63)), message: [9]))
        #expect(throws: KeyError.invalidLength(field: "publicKey", expected: [32], actual: 31)) {
            try PublicKey(bytes: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: KeyError.invalidLength(field: "seed", expected: [32, 64], actual: 16)) {
            try Keypair(seed: [UInt8](repeating: 1, count: 16))
        }
        #expect(throws: KeyError.nonCanonicalScalar(field: "privateKey")) {
            try SecretKey(bytes: [UInt8](repeating: 0xFF, count: 64))
        }
    }

    @Test("a public-only keypair verifies but refuses to sign")
    func publicOnly() throws {
        let alice = try Keypair(uri: "//Alice")
        let watcher = Keypair(publicKey: alice.publicKey)
        let signature = try alice.sign([1])
        #expect(watcher.verify([1], signature: signature))
        #expect(throws: KeyError.noSecretKey) { try watcher.sign([1]) }
    }

    @Test("wallet-level verify also accepts the <Bytes>-wrapped message")
    func wrappedMessage() throws {
        let alice = try Keypair(uri: "//Alice")
        let signature = try alice.sign(Array("<Bytes>hi</Bytes>".utf8))
        #expect(alice.verify(Array("hi".utf8), signature: signature))
        #expect(!alice.publicKey.verify(signature: signature, message: Array("hi".utf8)))
    }
}
