/// The headers of a synapse call, as bittensor's `Synapse.to_headers` writes them and
/// `from_headers` reads them: lower-case names with underscores.
public enum SynapseHeaders {
    /// The headers for `synapse` (request or response).
    public static func make<S: Synapse>(for synapse: S) -> [(String, String)] {
        var headers: [(String, String)] = [("name", S.name)]
        if let timeout = synapse.common.timeout { headers.append(("timeout", PythonValue.floatRepr(timeout))) }
        for (key, value) in synapse.axon.headerFields { headers.append(("bt_header_axon_" + key, value)) }
        for (key, value) in synapse.dendrite.headerFields { headers.append(("bt_header_dendrite_" + key, value)) }
        for field in S.requiredFields { headers.append(("bt_header_input_obj_" + field.name, field.type.headerPlaceholder)) }
        headers.append(("header_size", String(synapse.common.headerSize ?? 0)))
        headers.append(("total_size", String(synapse.common.totalSize ?? 0)))
        headers.append(("computed_body_hash", synapse.bodyHash))
        return headers
    }

    /// The common fields carried by `headers`. Names are compared in lower case: the Python
    /// axon sees them through ASGI, which lower-cases every header name.
    public static func parse(_ headers: [(String, String)]) throws(SynapseHeaderError) -> SynapseCommon {
        var common = SynapseCommon()
        var dendrite = TerminalInfo()
        var axon = TerminalInfo()
        for (rawName, value) in headers {
            // HTTP stacks hand most names over in lower case already; lowercasing copies.
            let name =
                rawName.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) ? rawName.lowercased() : rawName
            // Errors name the whole header (`bt_header_dendrite_nonce`), not only the field.
            func named(_ error: SynapseHeaderError) -> SynapseHeaderError {
                if case let .invalidNumber(_, value) = error { return .invalidNumber(field: name, value: value) }
                return error
            }
            if name.hasPrefix("bt_header_axon_") {
                do { try axon.set(field: String(name.dropFirst("bt_header_axon_".count)), headerValue: value) } catch { throw named(error) }
            } else if name.hasPrefix("bt_header_dendrite_") {
                do { try dendrite.set(field: String(name.dropFirst("bt_header_dendrite_".count)), headerValue: value) } catch {
                    throw named(error)
                }
            } else if name == "timeout" {
                guard let timeout = Double(value) else { throw .invalidNumber(field: "timeout", value: value) }
                common.timeout = timeout
            } else if name == "name" {
                common.name = value
            } else if name == "computed_body_hash" {
                common.computedBodyHash = value
            }
        }
        common.dendrite = dendrite
        common.axon = axon
        return common
    }
}
