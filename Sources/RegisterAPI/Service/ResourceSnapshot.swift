import BittensorNetwork
import Crypto
import Gzip
import HexCoding
import Synchronization

/// The resource listings as of one state of their inputs: every verified, served miner's row
/// rendered to JSON once, for both RAM columns, and the answers already given from it (with
/// their ETag and, when worth it, their gzip encoding). A request then costs a filter over
/// rows and a concatenation, or one dictionary lookup when asked before; nothing is parsed or
/// rendered again until the inputs change (``ResourceListing``).
final class ResourceSnapshot: Sendable {
    /// One row and its JSON.
    struct RenderedRow: Sendable {
        let row: ResourceRow
        let json: [UInt8]

        init(_ row: ResourceRow) {
            self.row = row
            json = OrderedJSON.serialize(row.json)
        }
    }

    /// What decides an answer besides the snapshot: the same request is answered from the cache.
    struct Request: Hashable, Sendable {
        var query: ResourceQuery
        /// `resources_wandb` shows total RAM and leaves reserved miners out of its items.
        var wandb: Bool
        var stats: Bool
        var page: PageWindow.Request?
    }

    let inputs: ResourceListing.Inputs
    /// Rows with the RAM a renter can use now (`resources_sql`) and the total (`resources_wandb`).
    let available: [RenderedRow]
    let total: [RenderedRow]
    private let answers = Mutex<[Request: APIAnswer]>([:])

    /// Distinct requests kept per snapshot; beyond it the cache starts over. Queries come from
    /// callers, so their variety is theirs to choose, and memory must not follow it.
    static let cachedAnswers = 256
    /// Bodies at least this long are also kept gzip-encoded.
    static let gzipThreshold = 1024

    init(inputs: ResourceListing.Inputs, available: [ResourceRow], total: [ResourceRow]) {
        self.inputs = inputs
        self.available = available.map(RenderedRow.init)
        self.total = total.map(RenderedRow.init)
    }

    var isEmpty: Bool { available.isEmpty }

    /// The answer to `request`: from the cache, else rendered and kept.
    func answer(_ request: Request) -> APIAnswer {
        if let kept = answers.withLock({ $0[request] }) { return kept }
        let rows = (request.wandb ? total : available).filter {
            request.query.admits($0.row) && !(request.wandb && !request.stats && $0.row.reserved)
        }
        var answer: APIAnswer
        if request.stats {
            let reserved = rows.filter(\.row.reserved).count
            let counts: JSONValue = .object([
                ("available", .int(rows.count - reserved)), ("reserved", .int(reserved)), ("total", .int(rows.count)),
            ])
            answer = APIResponse.success("List resources successfully", data: .object([("stats", counts)]))
        } else {
            answer = APIAnswer(status: 200, body: Self.page(rows, PageWindow(request.page, count: rows.count)))
        }
        answer.etag = Self.etag(answer.body)
        if answer.body.count >= Self.gzipThreshold { answer.gzipped = try? Gzip.compress(answer.body) }
        answers.withLock { kept in
            if kept.count >= Self.cachedAnswers { kept.removeAll(keepingCapacity: true) }
            kept[request] = answer
        }
        return answer
    }

    /// The envelope of a page around the rows' JSON, byte for byte what serialising the whole
    /// value gives (a test holds the two equal).
    static func page(_ rows: [RenderedRow], _ window: PageWindow) -> [UInt8] {
        let envelope = APIResponse.successValue("List resources successfully", data: window.pageObject(items: []))
        let text = OrderedJSON.serialize(envelope)
        let marker = Array(#""page_items":["#.utf8)
        guard let split = text.firstRange(of: marker)?.upperBound else { return text }
        let items = rows[window.start..<window.end]
        var body = [UInt8]()
        body.reserveCapacity(text.count + items.reduce(0) { $0 + $1.json.count + 1 })
        body += text[..<split]
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += item.json
        }
        body += text[split...]
        return body
    }

    /// A strong ETag from the body itself, so that every API instance behind the load balancer
    /// gives the same one for the same listing.
    static func etag(_ body: [UInt8]) -> String {
        "\"" + Hex.encode(SHA256.hash(data: body).prefix(16)) + "\""
    }
}
