import AsyncHTTPClient
import BittensorNetwork
import Foundation
import NIOCore
import NIOSSL

/// A renter's calls to the Register API: POST with the key, the reference's envelope back.
struct RegisterAPIClient: Sendable {
    /// The envelope `{"success", "message", "data"}` or `{"success": false, "message", "err_detail"}`.
    struct Reply: Sendable {
        var status: Int
        var json: JSONValue

        var message: String { if case let .string(text)? = json["message"] { text } else { "" } }
        var data: JSONValue? { json["data"] }

        /// What the API said went wrong, message and detail, for an error line.
        var failure: String {
            var detail = ""
            switch json["err_detail"] {
            case let .string(text)?: detail = text
            case let value?: detail = String(decoding: OrderedJSON.serialize(value), as: UTF8.self)
            case nil: if case let .string(text)? = json["data"] { detail = text }
            }
            let head = message.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(message)"
            return detail.isEmpty || detail == message ? head : "\(head) (\(detail))"
        }
    }

    let baseURL: String
    let key: String
    let tls: TLSConfiguration?

    /// POSTs to `path`; throws only when no HTTP answer came back or it was not JSON.
    func post(_ path: String, query: [(String, String)] = [], body: JSONValue? = nil, headers: [(String, String)] = []) async throws
        -> Reply
    {
        var address = baseURL + path
        if !query.isEmpty { address += "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&") }
        var request = HTTPClientRequest(url: address)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: OrderedJSON.serialize(body)))
        }
        return try await withClient { client in
            let response: HTTPClientResponse
            do { response = try await client.execute(request, timeout: .seconds(180)) } catch {
                throw CLIError("cannot reach the Register API at \(baseURL): \(error)")
            }
            let bytes = try await response.body.collect(upTo: 64 << 20)
            guard let json = try? OrderedJSON.parse(Array(buffer: bytes)) else {
                throw CLIError("\(baseURL)\(path): HTTP \(response.status.code), and the answer is not JSON")
            }
            return Reply(status: Int(response.status.code), json: json)
        }
    }

    /// The shared client, or one of our own for custom trust or a client certificate.
    private func withClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        guard let tls else { return try await body(HTTPClient.shared) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes all but RFC 3986's unreserved characters.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
