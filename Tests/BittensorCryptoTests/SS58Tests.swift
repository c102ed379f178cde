import Testing
@testable import BittensorCrypto
import HexCoding

@Suite("SS58 addresses")
struct SS58Tests {
    @Test(
        "encodes and decodes the published keys",
        arguments: [
            (DevVectors.publicKey, DevVectors.ss58),
            ("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
            ("8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"),
        ])
    func roundTrip(publicKey: String, address: String) throws {
        #expect(SS58.encode(bytes(publicKey)) == address)
        #expect(Hex.encode(try SS58.decode(address)) == publicKey)
        #expect(address.count == 48)
    }

    @Test("a mistyped character fails the checksum")
    func checksum() {
        #expect(throws: SS58Error.badChecksum) { try SS58.decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ") }
    }

    @Test("characters outside base58 are named with their position")
    func alphabet() {
        #expect(throws: SS58Error.invalidCharacter("0", position: 4)) {
            try SS58.decode("5Grw0aEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")
        }
        #expect(throws: SS58Error.invalidCharacter("l", position: 0)) { try SS58.decode("l") }
    }

    @Test("wrong lengths, empty input and other networks are refused")
    func otherFailures() {
        #expect(throws: SS58Error.empty) { try SS58.decode("") }
        #expect(throws: SS58Error.invalidLength(34)) { try SS58.decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKut") }
        let polkadot = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"  // Alice under prefix 0
        #expect(throws: SS58Error.wrongPrefix(expected: 42, found: 0)) { try SS58.decode(polkadot) }
        #expect(
            (try? SS58.decode(polkadot, expectedPrefix: nil)) == bytes("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"))
        #expect(!SS58.isValid("not an address"))
    }

    @Test("leading zero bytes survive base58")
    func leadingZeros() {
        let data: [UInt8] = [0, 0, 1, 2, 255]
        #expect((try? Base58.decode(Base58.encode(data)).get()) == data)
        #expect(Base58.encode([0, 0]) == "11")
    }
}
