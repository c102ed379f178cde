import Testing
@testable import BittensorCrypto
@testable import BittensorNetwork
import HexCoding

@Suite("nonce rules and btauth/1")
struct NonceAndAuthTests {
    static let second = 1_000_000_000

    @Test("first nonce within 4 s + timeout, then strictly increasing per hotkey and uuid")
    func nonceRules() throws {
        var guardian = NonceGuard()
        let now = 1_800_000_000 * Self.second
        try guardian.check(nonce: now - 10 * Self.second, hotkey: "h", uuid: "u", version: 9_000_000, timeout: 12, now: now)
        #expect(throws: NonceGuard.Rejection.tooOld(allowedSeconds: 16, ageSeconds: 20)) {
            try guardian.check(nonce: now - 20 * Self.second, hotkey: "h", uuid: "u", version: 9_000_000, timeout: 12, now: now)
        }
        // Old dendrites (< 7.2.0) skip the age check, as the reference does.
        try guardian.check(nonce: 5, hotkey: "h", uuid: "u", version: 7_001_000, timeout: 12, now: now)
        guardian.record(nonce: now, hotkey: "h", uuid: "u")
        #expect(throws: NonceGuard.Rejection.notIncreasing) {
            try guardian.check(nonce: now, hotkey: "h", uuid: "u", version: 9_000_000, timeout: 12, now: now)
        }
        try guardian.check(nonce: now + 1, hotkey: "h", uuid: "u", version: 9_000_000, timeout: 12, now: now)
        try guardian.check(nonce: now, hotkey: "h", uuid: "other", version: 9_000_000, timeout: 12, now: now)
        #expect(throws: NonceGuard.Rejection.missing) { try guardian.check(nonce: nil, hotkey: "h", uuid: "u", version: nil, timeout: nil, now: now) }
        #expect(NonceGuard.Rejection.tooOld(allowedSeconds: 16, ageSeconds: 20.456).description
            == "Nonce is too old: acceptable delta is 16.00 seconds but request was 20.46 seconds old")
        guardian.prune(now: now + 2 * 3_600 * Self.second)
        #expect(guardian.trackedKeys == 0)
    }

    @Test("the btauth/1 golden payload and deterministic sr25519 signature")
    func goldenVector() throws {
        let payload = BTAuth.payload(method: "post", pathWithQuery: "/generate?stream=false", body: Array(#"{"prompt": "hello"}"#.utf8),
                                     nonce: 1_752_076_800_000_000_000, sender: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                                     receiver: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty")
        #expect(String(decoding: payload, as: UTF8.self) == """
            btauth/1
            sr25519
            POST
            /generate?stream=false
            341c57448e531310fbbe83f44cea2a5e838bd9e8a6b82b269f01d0dbbc23c3cc
            1752076800000000000
            5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
            5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
            """)
        let alice = try Keypair(uri: "//Alice")
        let fixed = Scalar25519.reducing(wide: SodiumHashes.sha512(Array("fixed-r-for-test-vector".utf8)))
        let signature = try #require(alice.secretKey).sign(payload, publicKey: alice.publicKey, witness: fixed)
        #expect("0x" + Hex.encode(signature) == "0xc05b8911838bf21eff58219f43d8289ce021ecede1eb7a9c573e8d66f2135a04ff943f79317f72c6d98d9d36bd84b70033abdee086a56a1817c92ab6f0b18a86")
    }

    @Test("a signed request verifies once; stale, replayed, misaddressed and altered ones are refused")
    func verifier() throws {
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        let now = 1_800_000_000 * Self.second
        let body = Array(#"{"x":1}"#.utf8)
        let headers = try BTAuth.sign(method: "POST", pathWithQuery: "/allocate", body: body, keypair: alice, receiver: bob.ss58Address, nonce: now)
        var verifier = BTAuthVerifier(receiver: bob.ss58Address)
        #expect(try verifier.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: headers, now: now + Self.second) == alice.ss58Address)
        #expect(throws: BTAuthError.replayedRequest) {
            try verifier.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: headers, now: now + Self.second)
        }
        #expect(throws: BTAuthError.staleRequest) {
            try verifier.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: headers, now: now + 11 * Self.second)
        }
        #expect(throws: BTAuthError.badSignature) {
            try verifier.verify(method: "POST", pathWithQuery: "/allocate", body: body + [32], headers: headers, now: now)
        }
        var other = BTAuthVerifier(receiver: alice.ss58Address)
        #expect(throws: BTAuthError.wrongReceiver) {
            try other.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: headers, now: now)
        }
        let lowercased = headers.map { ($0.0.lowercased(), $0.1) } + [("x-bittensor-crypto", "ed25519")]
        #expect(throws: BTAuthError.unsupportedScheme("ed25519")) {
            try other.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: lowercased, now: now)
        }
        #expect(throws: BTAuthError.missingHeader("X-Bittensor-Signature")) {
            try other.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: headers.filter { !$0.0.hasSuffix("Signature") }, now: now)
        }
    }
}
