import BittensorNetwork
import Foundation
import HTTPTypes
import Hummingbird

/// Reading the reference's parameters: scalars from the query string, models from the JSON body.
struct APIRequest {
    let request: Request
    let body: JSONValue?

    /// Reads the body (at most 1 MiB) and parses it when present.
    static func read(_ request: Request) async throws(APIFailure) -> APIRequest {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: 1 << 20) } catch {
            throw APIFailure(413, "Request body too large", "the body must be at most 1 MiB")
        }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            return APIRequest(request: request, body: nil)
        }
        do {
            return APIRequest(request: request, body: try OrderedJSON.parse(bytes))
        } catch {
            throw .validation("body", "is not valid JSON (\(error))")
        }
    }

    /// A required query parameter.
    func query(_ name: String) throws(APIFailure) -> String {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { throw .validation(name, "Field required") }
        return value
    }

    func optionalQuery(_ name: String) -> String? { request.uri.queryParameters.get(name) }

    /// A boolean query parameter as FastAPI reads it (true/false, 1/0, yes/no, on/off).
    func flag(_ name: String) throws(APIFailure) -> Bool {
        guard let value = request.uri.queryParameters.get(name)?.lowercased() else { return false }
        switch value {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw .validation(name, "Input should be a valid boolean")
        }
    }

    /// The bearer key: `Authorization: Bearer nic_…` or `X-API-Key: nic_…`. Never from the
    /// query string, which proxies and access logs keep.
    static func apiKey(in request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        if let name = HTTPField.Name("X-API-Key"), let header = request.headers[name] { return header }
        return nil
    }
}
