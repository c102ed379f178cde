import Testing
@testable import BittensorCrypto
import HexCoding

@Suite("STROBE-128 and Merlin transcripts")
struct MerlinTests {
    @Test("the published Merlin test vector")
    func merlinVector() {
        var transcript = MerlinTranscript(label: "test protocol")
        transcript.append(label: "some label", message: Array("some data".utf8))
        let challenge = transcript.challengeBytes(label: "challenge", count: 32)
        #expect(Hex.encode(challenge) == "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615")
    }

    @Test("messages longer than the STROBE rate change the challenge")
    func longMessages() {
        func challenge(_ length: Int) -> [UInt8] {
            var transcript = MerlinTranscript(label: "long")
            transcript.append(label: "data", message: [UInt8](repeating: 7, count: length))
            return transcript.challengeBytes(label: "c", count: 200)
        }
        #expect(challenge(165) != challenge(166))
        #expect(challenge(166) != challenge(167))
        #expect(challenge(500).count == 200)
    }

    @Test("witness bytes depend on the witness and on the randomness")
    func witnessBinding() {
        let transcript = MerlinTranscript(label: "w")
        let a = transcript.witnessBytes(label: "signing", witness: [1], randomness: [UInt8](repeating: 0, count: 32), count: 64)
        let b = transcript.witnessBytes(label: "signing", witness: [2], randomness: [UInt8](repeating: 0, count: 32), count: 64)
        let c = transcript.witnessBytes(label: "signing", witness: [1], randomness: [UInt8](repeating: 1, count: 32), count: 64)
        #expect(a != b && a != c && b != c)
        #expect(a == transcript.witnessBytes(label: "signing", witness: [1], randomness: [UInt8](repeating: 0, count: 32), count: 64))
    }
}
