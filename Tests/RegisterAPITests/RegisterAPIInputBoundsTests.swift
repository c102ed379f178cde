import BittensorNetwork
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
@testable import RegisterAPI
import Testing

/// The Register API's defences against callers' numbers and keys, piece by piece: pages past
/// any list, sizes that would wrap, a key's request rate, and credentials kept sealed.
@Suite("Register API input bounds")
struct RegisterAPIInputBoundsTests {
    /// A request to `path` with an empty body, as the router hands it over.
    private func api(_ path: String) -> APIRequest {
        let head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: path)
        return APIRequest(request: Request(head: head, body: .init(buffer: ByteBuffer())), body: nil)
    }

    @Test(
        "pages: a page number up to Int.max answers an empty page (it used to overflow (page − 1) × size and kill the API); bad numbers named"
    )
    func pages() throws {
        let items = Array(0..<120)
        let render: (Int) -> JSONValue = { .int($0) }
        let last = try ListRoutes.page(items, api("/list/all_runs?page_number=3&page_size=50"), render: render)
        #expect(last["page_items"] == .array((100..<120).map { .int($0) }) && last["next_page_number"] == .null)
        let second = try ListRoutes.page(items, api("/list/all_runs?page_number=2&page_size=50"), render: render)
        #expect(second["next_page_number"] == .int(3))
        for page in ["9223372036854775807", "184467440737095517", "4"] {
            let far = try ListRoutes.page(items, api("/list/all_runs?page_number=\(page)&page_size=1000"), render: render)
            #expect(far["page_items"] == .array([]) && far["next_page_number"] == .null, "page \(page)")
        }
        for (query, field) in [
            ("page_number=0", "page_number"), ("page_number=-1", "page_number"), ("page_number=9223372036854775808", "page_number"),
            ("page_number=1&page_size=0", "page_size"), ("page_number=1&page_size=1001", "page_size"),
            ("page_number=1&page_size=x", "page_size"),
        ] {
            do {
                _ = try ListRoutes.page(items, api("/list/all_runs?\(query)"), render: render)
                Issue.record("\(query) was accepted")
            } catch {
                #expect(error.status == 422 && error.field == field, "\(query): \(error)")
            }
        }
    }

    @Test("requirements: sizes that would wrap once turned into bytes (ram << 30) are refused, naming the field and the bound")
    func requirementBounds() throws {
        let largest = try SpecRequirement.parse(
            .object([
                ("ram", .int(1 << 24)), ("hard_disk", .int(1 << 24)), ("gpu_size", .int(1_000_000)),
                ("cpu_count", .int(65_536)), ("timeline", .int(3_650)),
            ]))
        #expect(largest.deviceRequirement["ram"]?["capacity"] == .int(1 << 54))
        for field in ["ram", "hard_disk", "gpu_size", "cpu_count", "timeline"] {
            for value in [1 << 40, Int.max] {
                do {
                    _ = try SpecRequirement.parse(.object([(field, .int(value))]))
                    Issue.record("\(field) = \(value) was accepted")
                } catch {
                    #expect(error.status == 422 && error.field == field && error.detail.contains("at most"), "\(field): \(error)")
                }
            }
        }
    }

    @Test("rate: a key gets its burst, then one request per 1/rate seconds with the wait named; keys do not share buckets")
    func rateLimit() {
        let limiter = KeyRateLimiter(rate: 2, burst: 3)
        let start = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.take(keyID: 1, now: start) == nil })
        let wait = limiter.take(keyID: 1, now: start)
        #expect(wait.map { abs($0 - 0.5) < 1e-9 } == true, "\(String(describing: wait))")
        #expect(limiter.take(keyID: 2, now: start) == nil, "another key has its own bucket")
        #expect(limiter.take(keyID: 1, now: start + .milliseconds(600)) == nil, "refilled")
        #expect(limiter.take(keyID: 1, now: start + .milliseconds(600)) != nil)
        // A long quiet spell refills to the burst, never beyond it.
        let later = start + .seconds(3_600)
        #expect((0..<3).allSatisfy { _ in limiter.take(keyID: 1, now: later) == nil })
        #expect(limiter.take(keyID: 1, now: later) != nil)
    }

    @Test(
        "the credential key: made private on first use and reused; a key others may read, or a broken one, refused by name; sealed values need it"
    )
    func credentialKey() throws {
        let folder = NSTemporaryDirectory() + "sealer-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/secret.key"
        let sealer = try CredentialSealer(keyFile: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let sealed = sealer.seal("hunter2")
        #expect(sealed.hasPrefix(CredentialSealer.prefix) && !sealed.contains("hunter2"))
        #expect(sealer.seal("hunter2") != sealed, "a fresh nonce each time")
        #expect(try CredentialSealer(keyFile: path).unseal(sealed) == "hunter2", "the same key next start")
        #expect(try sealer.unseal("written-before-sealing") == "written-before-sealing")

        let other = try CredentialSealer(keyFile: folder + "/other.key")
        #expect(throws: CredentialSealerError.self) { try other.unseal(sealed) }
        var tampered = Array(sealed.utf8)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: CredentialSealerError.self) { try sealer.unseal(String(decoding: tampered, as: UTF8.self)) }

        #expect(chmod(path, 0o644) == 0)
        do { _ = try CredentialSealer(keyFile: path); Issue.record("a readable key was used") } catch {
            #expect(error.description.contains("chmod 600"), "\(error)")
        }
        let broken = folder + "/broken.key"
        #expect(FileManager.default.createFile(atPath: broken, contents: Data("not hex".utf8), attributes: [.posixPermissions: 0o600]))
        do { _ = try CredentialSealer(keyFile: broken); Issue.record("a broken key was used") } catch {
            #expect(error.description.contains("64 hex digits"), "\(error)")
        }
    }

    @Test("internal errors: the caller gets an incident id, never the error's own text")
    func internalErrors() {
        struct Leaky: Error, CustomStringConvertible { var description: String { "SQLITE_CORRUPT at /var/lib/nicompute/api.sqlite" } }
        let failure = APIFailure.internalError(Leaky(), while: "testing")
        #expect(
            failure.status == 500 && failure.detail.hasPrefix("incident ") && !failure.detail.contains("SQLITE")
                && !failure.detail.contains("/var/lib"))
    }
}
