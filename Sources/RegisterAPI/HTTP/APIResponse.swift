import Foundation
import BittensorNetwork
import HTTPTypes
import Hummingbird
import NIOCore

/// The reference's response envelope: `{"success": true, "message", "data"}` or
/// `{"success": false, "message", "err_detail"}`, keys in that order.
enum APIResponse {
    static func success(_ message: String, data: JSONValue? = nil, status: HTTPResponse.Status = .ok) -> APIAnswer {
        json(successValue(message, data: data), status: status)
    }

    /// The success envelope as a value.
    static func successValue(_ message: String, data: JSONValue? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("success", .bool(true)), ("message", .string(message))]
        if let data { pairs.append(("data", data)) }
        return .object(pairs)
    }

    static func failure(_ failure: APIFailure) -> APIAnswer {
        let detail: JSONValue =
            failure.status == 422
            ? .array([.object([("field", .string(failure.field ?? "")), ("message", .string(failure.detail))])])
            : .string(failure.detail)
        return json(
            .object([("success", .bool(false)), ("message", .string(failure.message)), ("err_detail", detail)]),
            status: .init(code: failure.status))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> APIAnswer {
        APIAnswer(status: status.code, body: OrderedJSON.serialize(value))
    }
}

/// A finished answer: kept as bytes so that idempotent repeats can be served from the store.
/// Answers that are served many times (the resource listings) also carry an ETag and their
/// gzip encoding, made once.
struct APIAnswer: Sendable {
    var status: Int
    var body: [UInt8]
    /// A strong validator of `body` (quoted), for `If-None-Match`.
    var etag: String? = nil
    /// `body` gzip-encoded, sent to clients that accept it.
    var gzipped: [UInt8]? = nil

    init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    var response: Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The response to `request`: 304 without a body when it already holds this ETag, the
    /// gzip encoding when it accepts one, else the body as it is.
    func response(to request: Request) -> Response {
        guard let etag else { return response }
        var headers: HTTPFields = [.contentType: "application/json", .eTag: etag]
        if gzipped != nil { headers[.vary] = "Accept-Encoding" }
        if let held = request.headers[.ifNoneMatch], Self.matches(held, etag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers, body: .init())
        }
        if let gzipped, Self.acceptsGzip(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: gzipped)))
        }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `If-None-Match` (RFC 9110 13.1.2): `*`, or a list of entity tags compared weakly (a
    /// `W/` prefix is ignored).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let tag = item.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || (tag.hasPrefix("W/") && tag.dropFirst(2) == etag)
        }
    }

    /// Whether `Accept-Encoding` admits gzip: listed (or `*`) without `q=0`.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { return false }
            let refused = parts.dropFirst().contains { parameter in
                guard parameter.hasPrefix("q="), let quality = Double(parameter.dropFirst(2)) else { return false }
                return quality <= 0
            }
            return !refused
        }
    }
}
