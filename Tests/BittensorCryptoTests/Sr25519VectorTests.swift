import Testing
@testable import BittensorCrypto
import HexCoding

@Suite("sr25519 known-answer vectors (bittensor-protocol.md §2)")
struct Sr25519VectorTests {
    @Test("the ristretto255 base point and 2·B encode as RFC 9496 says")
    func basePoint() {
        let one = Scalar25519.reducing(wide: [1] + [UInt8](repeating: 0, count: 63))
        let two = Scalar25519.reducing(wide: [2] + [UInt8](repeating: 0, count: 63))
        #expect(Hex.encode(RistrettoPoint.base(times: one).encoding) == "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
        #expect(Hex.encode(RistrettoPoint.base(times: two).encoding) == "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919")
    }

    @Test("the development phrase gives the published mini secret, keys and address")
    func developmentPhrase() throws {
        let mnemonic = try Mnemonic(phrase: DevVectors.phrase)
        #expect(Hex.encode(mnemonic.entropy) == DevVectors.entropy)
        let keypair = Keypair(mnemonic: mnemonic)
        #expect(Hex.encode(try #require(keypair.miniSecretKey).bytes) == DevVectors.mini)
        #expect(Hex.encode(keypair.publicKey.bytes) == DevVectors.publicKey)
        #expect(keypair.ss58Address == DevVectors.ss58)
        #expect(Hex.encode(try #require(keypair.secretKey).bytes) == DevVectors.privateKey)
    }

    @Test("'abandon … about' gives the substrate-bip39 mini secret, not the BIP-39 seed")
    func abandonAbout() throws {
        let phrase = Array(repeating: "abandon", count: 11).joined(separator: " ") + " about"
        let keypair = Keypair(mnemonic: try Mnemonic(phrase: phrase))
        #expect(Hex.encode(try #require(keypair.miniSecretKey).bytes) == "4ed8d4b17698ddeaa1f1559f152f87b5d472f725ca86d341bd0276f1b61197e2")
        #expect(Hex.encode(keypair.publicKey.bytes) == "66933bd1f37070ef87bd1198af3dacceb095237f803f3d32b173e6b425ed7972")
        #expect(keypair.ss58Address == "5EPCUjPxiHAcNooYipQFWr9NmmXJKpNG5RhcntXwbtUySrgH")
        #expect(
            Hex.encode(try #require(keypair.secretKey).bytes)
                == "2ec306fc1c5bc2f0e3a2c7a6ec6014ca4a0823a7d7d42ad5e9d7f376a1c36c0d14a2ddb1ef1df4adba49f3a4d8c0f6205117907265f09a53ccf07a4e8616dfd8"
        )
    }

    @Test("//Alice and //Bob are the well-known development accounts")
    func devAccounts() throws {
        let alice = try Keypair(uri: "//Alice")
        #expect(Hex.encode(try #require(alice.miniSecretKey).bytes) == "e5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a")
        #expect(Hex.encode(alice.publicKey.bytes) == "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
        #expect(alice.ss58Address == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")
        #expect(
            Hex.encode(try #require(alice.secretKey).bytes)
                == "33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011"
        )
        let bob = try Keypair(uri: "//Bob")
        #expect(Hex.encode(bob.publicKey.bytes) == "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48")
        #expect(bob.ss58Address == "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty")
        let explicit = try Keypair(uri: DevVectors.phrase + "//Alice")
        #expect(explicit.publicKey == alice.publicKey)
    }

    @Test("a signature with an injected witness is byte-exact")
    func knownAnswerSignature() throws {
        let keypair = Keypair(mnemonic: try Mnemonic(phrase: DevVectors.phrase))
        let secret = try #require(keypair.secretKey)
        // r = 123456789 as a little-endian scalar.
        let r = Scalar25519.reducing(wide: [0x15, 0xCD, 0x5B, 0x07] + [UInt8](repeating: 0, count: 60))
        let signature = secret.sign(Array("hello".utf8), publicKey: keypair.publicKey, witness: r)
        #expect(
            Hex.encode(signature)
                == "2c96eb89bbb2e9892e8e8a23e866c27a97df00bd7de2ad92cb61a78442b0a92e2f1390d800855780221c7b9a54e07fc24a528453b0d0934d49ee914cd5dec083"
        )
        #expect(keypair.publicKey.verify(signature: signature, message: Array("hello".utf8)))
        #expect(!keypair.publicKey.verify(signature: signature, message: Array("hellp".utf8)))
    }
}
