import BittensorNetwork
import HTTPTypes
import Hummingbird
import NIOCore

/// The reference's response envelope: `{"success": true, "message", "data"}` or
/// `{"success": false, "message", "err_detail"}`, keys in that order.
enum APIResponse {
    static func success(_ message: String, data: JSONValue? = nil, status: HTTPResponse.Status = .ok) -> APIAnswer {
        var pairs: [(String, JSONValue)] = [("success", .bool(true)), ("message", .string(message))]
        if let data { pairs.append(("data", data)) }
        return json(.object(pairs), status: status)
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
struct APIAnswer: Sendable {
    var status: Int
    var body: [UInt8]

    var response: Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
