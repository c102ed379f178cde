import Testing
@testable import BittensorCrypto
import HexCoding

@Suite("Keccak-f[1600] and SHA3-256")
struct KeccakTests {
    @Test("the permutation of the zero state starts with the published lane")
    func zeroStatePermutation() {
        var lanes = [UInt64](repeating: 0, count: 25)
        lanes.withUnsafeMutableBufferPointer { KeccakF1600.permute($0.baseAddress!) }
        #expect(lanes[0] == 0xF125_8F79_40E1_DDE7)
        #expect(lanes[1] == 0x84D5_CCF9_33C0_478A)
    }

    @Test(
        "SHA3-256 matches FIPS 202 vectors",
        arguments: [
            ("", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"),
            ("616263", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
            (String(repeating: "a3", count: 200), "79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787"),
        ])
    func sha3Vectors(input: String, digest: String) {
        #expect(Hex.encode(SHA3_256.hash(bytes(input))) == digest)
    }

    @Test("SHA3-256 at the rate boundary differs from one byte either side")
    func rateBoundary() {
        let digests = [135, 136, 137].map { Hex.encode(SHA3_256.hash([UInt8](repeating: 0, count: $0))) }
        #expect(Set(digests).count == 3)
        #expect(digests[1] == "e772c9cf9eb9c991cdfcf125001b454fdbc0a95f188d1b4c844aa032ad6e075e")
    }
}
