/// The Python type of a synapse field, for the `bt_header_input_obj_<field>` placeholder.
///
/// The Python dendrite sends, for every required field, base64 of `json.dumps(type(value)())`:
/// the JSON of the type's *default* value, not the real one. The axon builds a first synapse
/// from headers alone and fails (HTTP 500) if a required field has no header.
public enum PythonType: Sendable, Equatable {
    case int, float, string, bool, list, dict

    /// `json.dumps(type())`.
    public var defaultJSON: String {
        switch self {
        case .int: "0"
        case .float: "0.0"
        case .string: "\"\""
        case .bool: "false"
        case .list: "[]"
        case .dict: "{}"
        }
    }

    /// The header value: base64 of ``defaultJSON`` (`MA==` for int, `e30=` for dict, …).
    public var headerPlaceholder: String {
        Base64.encode(Array(defaultJSON.utf8))
    }
}
