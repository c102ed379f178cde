#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU

/// The worker's only I/O: one JSON request on stdin, one JSON answer on stdout.
enum JSONIO {
    /// Requests are small (seeds or cell lists); anything bigger is not ours.
    static let maximumRequestBytes = 4 << 20

    static func readRequest<T: Decodable>(_ type: T.Type, command: String) throws -> T {
        let data = Data(PosixFile.readAll(0, limit: maximumRequestBytes + 1))
        guard data.count <= maximumRequestBytes else {
            throw BackendError("stdin: the \(command) request exceeds \(maximumRequestBytes) bytes")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw BackendError("stdin: \(path(context.codingPath + [key])): is required")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BackendError("stdin: \(path(context.codingPath)): has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw BackendError("stdin: \(path(context.codingPath)): must not be null")
        } catch {
            throw BackendError("stdin: not a valid JSON \(command) request")
        }
    }

    static func write<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        PosixFile.writeAll(1, Array(data) + [UInt8(ascii: "\n")])
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let joined = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
    }
}
