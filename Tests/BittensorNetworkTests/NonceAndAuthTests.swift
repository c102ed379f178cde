import Testing
@testable import BittensorCrypto
@testable import BittensorNetwork
import Foundation
import HexCoding
import SQLiteStore

extension SynapseCommon {
    /// Headers as a dendrite sends them, for unit tests of the checks.
    static func forTest(nonce: Int, hotkey: String, uuid: String, timeout: Double = 12) -> SynapseCommon {
        var common = SynapseCommon(name: "Specs", timeout: timeout)
        common.dendrite = TerminalInfo(version: 9_000_000, nonce: nonce, uuid: uuid, hotkey: hotkey, signature: "0x00")
        common.computedBodyHash = BodyHash.empty
        return common
    }
}

@Suite("nonce rules and btauth/1")
struct NonceAndAuthTests {
    static let second = 1_000_000_000

    @Test("every nonce fresh within 4 s + min(timeout, 60 s), never far ahead, strictly increasing per hotkey and uuid")
    func nonceRules() throws {
        var guardian = NonceGuard()
        let now = 1_800_000_000 * Self.second
        try guardian.check(nonce: now - 10 * Self.second, hotkey: "h", uuid: "u", timeout: 12, now: now)
        #expect(throws: NonceGuard.Rejection.tooOld(allowedSeconds: 16, ageSeconds: 20)) {
            try guardian.check(nonce: now - 20 * Self.second, hotkey: "h", uuid: "u", timeout: 12, now: now)
        }
        // The timeout header is not signed: it widens the window by 60 s at most.
        #expect(throws: NonceGuard.Rejection.tooOld(allowedSeconds: 64, ageSeconds: 100)) {
            try guardian.check(nonce: now - 100 * Self.second, hotkey: "h", uuid: "u", timeout: 1e9, now: now)
        }
        #expect(NonceGuard.window(timeout: .infinity) == NonceGuard.maximumAge)
        #expect(NonceGuard.window(timeout: .nan) == NonceGuard.allowedDelta)
        #expect(NonceGuard.window(timeout: -9e9) == NonceGuard.allowedDelta)
        #expect(throws: NonceGuard.Rejection.tooFarAhead(allowedSeconds: 64, leadSeconds: 65)) {
            try guardian.check(nonce: now + 65 * Self.second, hotkey: "h", uuid: "u", timeout: 12, now: now)
        }
        guardian.record(nonce: now, hotkey: "h", uuid: "u")
        #expect(throws: NonceGuard.Rejection.notIncreasing) {
            try guardian.check(nonce: now, hotkey: "h", uuid: "u", timeout: 12, now: now)
        }
        try guardian.check(nonce: now + 1, hotkey: "h", uuid: "u", timeout: 12, now: now)
        try guardian.check(nonce: now, hotkey: "h", uuid: "other", timeout: 12, now: now)
        #expect(throws: NonceGuard.Rejection.missing) { try guardian.check(nonce: nil, hotkey: "h", uuid: "u", timeout: nil, now: now) }
        #expect(
            NonceGuard.Rejection.tooOld(allowedSeconds: 16, ageSeconds: 20.456).description
                == "Nonce is too old: acceptable delta is 16.00 seconds but request was 20.46 seconds old")
        // Nonces at Int's ends are compared, never subtracted: no trap.
        #expect(throws: NonceGuard.Rejection.self) { try guardian.check(nonce: Int.min, hotkey: "h", uuid: "x", timeout: 12, now: now) }
        #expect(throws: NonceGuard.Rejection.self) { try guardian.check(nonce: Int.max, hotkey: "h", uuid: "x", timeout: 12, now: now) }
        // A key is kept for longer than any accepted age; once forgotten, a replay of its
        // nonce is refused as too old.
        #expect(NonceGuard.retention > NonceGuard.maximumAge + NonceGuard.maximumLead)
        guardian.prune(now: now + NonceGuard.retention)
        #expect(guardian.trackedKeys == 1)
        let later = now + NonceGuard.retention + 1
        guardian.prune(now: later)
        #expect(guardian.trackedKeys == 0)
        #expect(throws: NonceGuard.Rejection.tooOld(allowedSeconds: 64, ageSeconds: (Double(later) - Double(now)) / 1e9)) {
            try guardian.check(nonce: now, hotkey: "h", uuid: "u", timeout: 3_600, now: later)
        }
    }

    @Test("the nonce store keeps what it recorded across reopening, and forgets it only after the retention")
    func nonceStore() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nonces-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let now = 1_800_000_000 * Self.second
        let alice = try Keypair(uri: "//Alice").ss58Address
        let request = try SignedRequest.check(SynapseCommon.forTest(nonce: now, hotkey: alice, uuid: "u"))
        try await NonceRegistry(path: path, now: now).admit(request, now: now)
        let reopened = try NonceRegistry(path: path, now: now + Self.second)
        #expect(reopened.trackedKeys == 1)
        await #expect(throws: NonceRegistry.Failure.self) { try await reopened.admit(request, now: now + Self.second) }
        let muchLater = now + NonceGuard.retention + Self.second
        #expect(try NonceRegistry(path: path, now: muchLater).trackedKeys == 0)
    }

    @Test("on disk, concurrent admissions each wait for their write; a failed write refuses its request and the memory stays spent")
    func nonceStoreBatches() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nonces-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let now = 1_800_000_000 * Self.second
        let alice = try Keypair(uri: "//Alice").ss58Address
        let registry = try NonceRegistry(path: path, now: now)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    try await registry.admit(
                        SignedRequest.check(SynapseCommon.forTest(nonce: now, hotkey: alice, uuid: "u\(index)")), now: now)
                }
            }
            try await group.waitForAll()
        }
        // Every admitted nonce was on disk before its admission returned.
        #expect(try NonceRegistry(path: path, now: now + Self.second).trackedKeys == 300)
        // The table gone under the registry: the next write fails, and the request is refused.
        try SQLiteDatabase(path: path).execute("DROP TABLE axon_nonces")
        let late = try SignedRequest.check(SynapseCommon.forTest(nonce: now, hotkey: alice, uuid: "late"))
        #expect(await Self.refusal { try await registry.admit(late, now: now) }?.kind == "storage")
        await #expect(throws: NonceRegistry.Failure.self) { try await registry.admit(late, now: now) }
    }

    @Test("a full nonce memory refuses new dendrites instead of forgetting live ones")
    func nonceMemoryBound() async throws {
        let now = 1_800_000_000 * Self.second
        let alice = try Keypair(uri: "//Alice").ss58Address
        let registry = NonceRegistry(maximumKeys: 1, now: now)
        try await registry.admit(SignedRequest.check(SynapseCommon.forTest(nonce: now, hotkey: alice, uuid: "a")), now: now)
        let other = try SignedRequest.check(SynapseCommon.forTest(nonce: now, hotkey: alice, uuid: "b"))
        #expect(await Self.refusal { try await registry.admit(other, now: now) }?.kind == "full")
        // The known dendrite goes on.
        try await registry.admit(SignedRequest.check(SynapseCommon.forTest(nonce: now + 1, hotkey: alice, uuid: "a")), now: now)
        #expect(registry.trackedKeys == 1)
    }

    @Test("the btauth/1 golden payload and deterministic sr25519 signature")
    func goldenVector() throws {
        let payload = BTAuth.payload(
            method: "post", pathWithQuery: "/generate?stream=false", body: Array(#"{"prompt": "hello"}"#.utf8),
            nonce: 1_752_076_800_000_000_000, sender: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
            receiver: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty")
        #expect(
            String(decoding: payload, as: UTF8.self) == """
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
        #expect(
            "0x" + Hex.encode(signature)
                == "0xc05b8911838bf21eff58219f43d8289ce021ecede1eb7a9c573e8d66f2135a04ff943f79317f72c6d98d9d36bd84b70033abdee086a56a1817c92ab6f0b18a86"
        )
    }

    @Test("a signed request verifies once; stale, replayed, misaddressed and altered ones are refused")
    func verifier() throws {
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        let now = 1_800_000_000 * Self.second
        let body = Array(#"{"x":1}"#.utf8)
        let headers = try BTAuth.sign(
            method: "POST", pathWithQuery: "/allocate", body: body, keypair: alice, receiver: bob.ss58Address, nonce: now)
        var verifier = BTAuthVerifier(receiver: bob.ss58Address)
        #expect(
            try verifier.verify(method: "POST", pathWithQuery: "/allocate", body: body, headers: headers, now: now + Self.second)
                == alice.ss58Address)
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
            try other.verify(
                method: "POST", pathWithQuery: "/allocate", body: body, headers: headers.filter { !$0.0.hasSuffix("Signature") }, now: now)
        }
    }
}

extension NonceAndAuthTests {
    /// The registry's refusal of what `body` admits; nil when it is admitted (or fails otherwise).
    static func refusal(_ body: () async throws -> Void) async -> NonceRegistry.Failure? {
        do {
            try await body()
            return nil
        } catch {
            return error as? NonceRegistry.Failure
        }
    }
}

extension NonceRegistry.Failure {
    /// The case's name, for comparing refusals whose payloads differ.
    var kind: String {
        switch self {
        case .rejected: "rejected"
        case .full: "full"
        case .storage: "storage"
        }
    }
}
