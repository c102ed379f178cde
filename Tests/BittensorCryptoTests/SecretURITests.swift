import Testing
@testable import BittensorCrypto

@Suite("secret URIs")
struct SecretURITests {
    @Test("parses phrase, hard junctions and password")
    func parsing() throws {
        let uri = try SecretURI("//Alice//stash")
        #expect(uri.phrase == SecretURI.developmentPhrase)
        #expect(uri.hardJunctions == ["Alice", "stash"])
        #expect(uri.password == nil)
        let withPassword = try SecretURI(DevVectors.phrase + "//1///secret")
        #expect(withPassword.phrase == DevVectors.phrase && withPassword.hardJunctions == ["1"] && withPassword.password == "secret")
    }

    @Test("chain codes follow sp-core: SCALE string, or u64 for numbers")
    func chainCodes() {
        #expect(SecretURI.chainCode(junction: "Alice") == [20] + Array("Alice".utf8) + [UInt8](repeating: 0, count: 26))
        #expect(SecretURI.chainCode(junction: "1") == [1] + [UInt8](repeating: 0, count: 31))
        #expect(SecretURI.chainCode(junction: String(repeating: "x", count: 40)).count == 32)
    }

    @Test("soft junctions and empty junctions are refused clearly")
    func refusals() {
        #expect(throws: KeyError.self) { try SecretURI("//Alice/soft") }
        #expect(throws: KeyError.self) { try SecretURI("//Alice//") }
        #expect((try? Keypair(uri: "0x1234//Alice")) == nil)
    }

    @Test("a hex seed URI equals the seed's keypair")
    func hexSeed() throws {
        let fromURI = try Keypair(uri: "0x" + DevVectors.mini)
        #expect(fromURI.ss58Address == DevVectors.ss58)
    }
}
