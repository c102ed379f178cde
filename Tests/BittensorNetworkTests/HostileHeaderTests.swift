import BittensorCrypto
@testable import BittensorNetwork
import ComputeProtocol
import Foundation
import Testing

/// Defect 1 of issue 16: header values a stranger chose crashed the axon (`Int(1e19)`,
/// `now − Int.min`). Each hostile header goes over the socket to a running axon, which answers
/// with an error naming the header and then still serves a valid request.
@Suite("hostile headers: a clear error, and the axon keeps serving", .serialized)
struct HostileHeaderTests {
    static let malformed: [(String, String)] = [
        ("timeout", "1e10"), ("timeout", "inf"), ("timeout", "-inf"), ("timeout", "nan"), ("timeout", "-9e9"),
        ("timeout", "1e308"), ("timeout", "abc"), ("timeout", "3600.5"),
        ("bt_header_dendrite_nonce", "-9223372036854775808"), ("bt_header_dendrite_nonce", "99999999999999999999999"),
        ("bt_header_dendrite_nonce", "0"), ("bt_header_dendrite_nonce", "-1"), ("bt_header_dendrite_nonce", "1e18"),
        ("bt_header_dendrite_nonce", "abc"),
        ("bt_header_dendrite_version", "-9223372036854775808"), ("bt_header_dendrite_version", "99999999999999999999"),
        ("bt_header_dendrite_port", "99999999999999999999"), ("bt_header_dendrite_status_code", "x"),
        ("bt_header_dendrite_process_time", "not a float"),
        ("bt_header_dendrite_hotkey", "not-an-ss58-address"), ("bt_header_dendrite_hotkey", String(repeating: "5", count: 5_000)),
        ("bt_header_dendrite_uuid", String(repeating: "u", count: 500)), ("bt_header_dendrite_uuid", "has space"),
        ("computed_body_hash", "zz"), ("computed_body_hash", String(repeating: "A", count: 64)),
    ]

    @Test("each malformed header is refused with 400 naming it; a valid request is served after each")
    func malformedHeaders() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        for (name, value) in Self.malformed {
            var wire = try harness.signed(Specs())
            wire.set(name, value)
            let answer = try await harness.send(wire)
            #expect(answer.status == 400, "\(name): \(value.prefix(40)) → \(answer)")
            #expect(answer.message?.contains("header \(name)") == true, "\(name): \(answer)")
            let after = try await harness.ping()
            #expect(after.status == 200, "after \(name): \(value.prefix(40)): \(after)")
        }
        // None of them reached the blacklist hook: only the valid requests did.
        #expect(harness.blacklistCalls.withLock { $0.count } == Self.malformed.count)
    }

    @Test("nonces at Int's ends are refused as too old or too far ahead, without trapping")
    func extremeNonces() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        let oldest = try await harness.send(harness.signed(Specs(), nonce: 1))
        #expect(oldest.status == 401)
        #expect(
            oldest.message?.hasPrefix("Not Verified with error: Nonce is too old: acceptable delta is 16.00 seconds") == true, "\(oldest)")
        let newest = try await harness.send(harness.signed(Specs(), nonce: Int.max))
        #expect(newest.status == 401)
        #expect(newest.message?.hasPrefix("Not Verified with error: Nonce is ahead of this axon's clock") == true, "\(newest)")
        #expect(try await harness.ping().status == 200)
    }

    @Test("unsigned and forged requests reach neither the hooks nor the nonce memory")
    func nothingBeforeTheSignature() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        let nonce = AxonHarness.now()
        var forged = try harness.signed(Specs(), nonce: nonce, uuid: "victim")
        forged.set("bt_header_dendrite_signature", "0x" + String(repeating: "ab", count: 64))
        #expect(try await harness.send(forged).status == 401)
        var unsigned = try harness.signed(Specs(), nonce: nonce, uuid: "victim")
        unsigned.headers.removeAll { $0.0 == "bt_header_dendrite_signature" }
        let answer = try await harness.send(unsigned)
        #expect(answer.status == 401 && answer.message?.contains("Signature mismatch") == true, "\(answer)")
        #expect(harness.blacklistCalls.withLock { $0.isEmpty })
        // The forgeries did not burn the nonce: the genuine request with it is served.
        #expect(try await harness.send(harness.signed(Specs(), nonce: nonce, uuid: "victim")).status == 200)
        #expect(harness.blacklistCalls.withLock { $0 } == [AxonHarness.alice.ss58Address])
    }

    @Test("a hostile path is one metrics label and is escaped in the answer")
    func hostilePaths() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        for index in 0..<20 {
            var wire = try harness.signed(Specs())
            wire.path = "/Made%22Up\(index)%0Anicompute_axon_requests_total"
            let answer = try await harness.send(wire)
            #expect(answer.status == 404)
            #expect(answer.message?.contains("\n") == false, "\(answer)")
        }
        #expect(try await harness.ping().status == 200)
        let metrics = try await harness.metrics()
        #expect(!metrics.contains(#"synapse="Made"#))
        #expect(metrics.contains(#"nicompute_axon_requests_total{synapse="unknown",status="404"} 20"#), "\(metrics)")
        #expect(metrics.contains(#"nicompute_axon_requests_total{synapse="Specs",status="200"} 1"#))
    }

    @Test("a 1 MiB body of 85 000 keys is served once signed, and refused unread when not")
    func manyKeysBody() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        var specs = Specs()
        specs.specsInput = "big"
        var wire = try harness.signed(specs)
        let extra = OrderedJSONTests.manyKeys(85_000)
        wire.body = Array(wire.body.dropLast()) + [UInt8(ascii: ",")] + Array(extra.dropFirst())
        #expect(wire.body.count > 900_000 && wire.body.count <= 1 << 20)
        var forged = wire
        forged.set("bt_header_dendrite_signature", "0x" + String(repeating: "cd", count: 64))
        #expect(try await harness.send(forged).status == 401)
        #expect(try await harness.send(wire).status == 200)
        #expect(try await harness.ping().status == 200)
    }

    @Test("deadlines clamp instead of trapping")
    func deadlineConversion() {
        #expect(deadlineNanoseconds(.nan) == 0)
        #expect(deadlineNanoseconds(-9e9) == 0)
        #expect(deadlineNanoseconds(.infinity) == Int64(maximumDeadlineSeconds * 1e9))
        #expect(deadlineNanoseconds(1e10) == Int64(maximumDeadlineSeconds * 1e9))
        #expect(deadlineNanoseconds(1.5) == 1_500_000_000)
    }

    @Test("text from outside is escaped and bounded before it reaches a log line")
    func logText() {
        #expect(LogText.escaped("GeForce RTX 4090") == "GeForce RTX 4090")
        #expect(LogText.escaped("a\nFAKE log line\r\u{1B}[31m") == "a\\nFAKE log line\\r\\x1b[31m")
        #expect(LogText.escaped("é") == "\\xe9")
        let long = LogText.escaped(String(repeating: "x", count: 10_000))
        #expect(long.count < 230 && long.hasSuffix("…(10000 bytes)"))
    }
}
