import BittensorNetwork
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
@testable import RegisterAPI
import Testing
import TestSupport

/// The resource listings' snapshot: pages spliced from rows rendered once are the bytes the
/// whole value serialises to; answers carry a content ETag (304 when the client holds it) and a
/// gzip encoding that Debian's gzip opens to the same body.
@Suite("resource listing snapshot")
struct ResourceSnapshotTests {
    static func rows(_ count: Int) -> [ResourceRow] {
        (0..<count).map { index in
            ResourceRow(
                hotkey: "5Hotkey\(index)", cpuCount: 8 + index % 3, gpuName: index % 2 == 0 ? "nvidia h100" : "nvidia a100",
                gpuCapacity: index % 5 == 0 ? nil : 79.65, gpuCount: 1 + index % 4, ram: 251.5, hardDisk: 1_000.25,
                reserved: index % 7 == 0)
        }
    }

    static func snapshot(_ count: Int) -> ResourceSnapshot {
        let rows = rows(count)
        var total = rows
        for index in total.indices { total[index].ram = 503 }
        return ResourceSnapshot(
            inputs: .init(directory: 1, hardware: 1, rented: []), available: rows, total: total)
    }

    /// What the listing answered before snapshots: the whole value, serialised.
    static func expected(_ rows: [ResourceRow], page: PageWindow.Request?) -> [UInt8] {
        let window = PageWindow(page, count: rows.count)
        let items = rows[window.start..<window.end].map(\.json)
        return OrderedJSON.serialize(APIResponse.successValue("List resources successfully", data: window.pageObject(items: items)))
    }

    @Test("pages spliced from rendered rows equal the serialised value: whole, first, last, past the end, empty")
    func splicedPages() {
        for count in [0, 1, 120] {
            let rows = Self.rows(count)
            let rendered = rows.map(ResourceSnapshot.RenderedRow.init)
            for page in [nil, PageWindow.Request(number: 1, size: 50), .init(number: 3, size: 50), .init(number: 99, size: 1_000)] {
                let spliced = ResourceSnapshot.page(rendered, PageWindow(page, count: rows.count))
                #expect(spliced == Self.expected(rows, page: page), "\(count) rows, \(String(describing: page))")
            }
        }
    }

    @Test("answers: filters and wandb's reserved rule as before; kept per request; ETag from the body")
    func answers() throws {
        let snapshot = Self.snapshot(120)
        let whole = ResourceSnapshot.Request(query: ResourceQuery(), wandb: false, stats: false, page: nil)
        let answer = snapshot.answer(whole)
        #expect(answer.body == Self.expected(Self.rows(120), page: nil))
        #expect(answer.etag == ResourceSnapshot.etag(answer.body) && answer.etag?.count == 34)
        #expect(snapshot.answer(whole).etag == answer.etag)

        var query = ResourceQuery()
        query.gpuName = "h100"
        let filtered = snapshot.answer(.init(query: query, wandb: false, stats: false, page: .init(number: 1, size: 10)))
        let h100 = Self.rows(120).filter { $0.gpuName.contains("h100") }
        #expect(filtered.body == Self.expected(h100, page: .init(number: 1, size: 10)))
        #expect(filtered.etag != answer.etag)

        // resources_wandb: total RAM, reserved miners only in stats.
        let wandb = try OrderedJSON.parse(snapshot.answer(.init(query: ResourceQuery(), wandb: true, stats: false, page: nil)).body)
        guard case let .array(items)? = wandb["data"]?["page_items"] else {
            Issue.record("no page_items in \(wandb)")
            return
        }
        #expect(items.count == Self.rows(120).filter { !$0.reserved }.count && items.allSatisfy { $0["ram"] == .double(503) })
        let stats = try OrderedJSON.parse(snapshot.answer(.init(query: ResourceQuery(), wandb: true, stats: true, page: nil)).body)
        #expect(stats["data"]?["stats"]?["total"] == .int(120) && stats["data"]?["stats"]?["reserved"] == .int(18))
    }

    @Test("gzip: Debian's gzip opens the encoded body to the same bytes")
    func gzipOpensWithDebianGzip() throws {
        let answer = Self.snapshot(500).answer(.init(query: ResourceQuery(), wandb: false, stats: false, page: nil))
        let gzipped = try #require(answer.gzipped)
        #expect(gzipped.count < answer.body.count / 4, "\(gzipped.count) of \(answer.body.count)")
        let opened = try ChildProcess.run("/bin/gzip", ["-dc"], input: gzipped)
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdoutBytes == answer.body)
        #expect(Self.snapshot(0).answer(.init(query: ResourceQuery(), wandb: false, stats: true, page: nil)).gzipped == nil, "small")
    }

    static func request(_ headers: HTTPFields) -> Request {
        let head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/list/resources_sql", headerFields: headers)
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    @Test("conditional and encoded responses: If-None-Match (list, weak, *) gives 304; gzip only when accepted and not q=0")
    func responses() throws {
        let answer = Self.snapshot(200).answer(.init(query: ResourceQuery(), wandb: false, stats: false, page: nil))
        let etag = try #require(answer.etag)
        let plain = answer.response(to: Self.request([:]))
        #expect(plain.status == .ok && plain.headers[.eTag] == etag && plain.headers[.contentEncoding] == nil)
        #expect(plain.headers[.vary] == "Accept-Encoding")
        for held in [etag, "\"other\", \(etag)", "W/\(etag)", "*"] {
            let response = answer.response(to: Self.request([.ifNoneMatch: held]))
            #expect(response.status == .notModified && response.headers[.eTag] == etag, "\(held)")
        }
        #expect(answer.response(to: Self.request([.ifNoneMatch: "\"stale\""])).status == .ok)
        for (header, gzip) in [
            ("gzip", true), ("br, gzip;q=0.5", true), ("*", true), ("GZIP", true), ("gzip;q=0", false), ("gzip; q=0.0", false),
            ("br", false), ("identity", false),
        ] {
            let response = answer.response(to: Self.request([.acceptEncoding: header]))
            #expect((response.headers[.contentEncoding] == "gzip") == gzip, "\(header)")
        }
        // Answers without an ETag (every other route) are as they were.
        #expect(APIResponse.success("ok").response(to: Self.request([.ifNoneMatch: "*"])).status == .ok)
    }
}
