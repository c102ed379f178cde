import SynapseWire

/// The axon's pre-signature path on hostile headers: parsing the `bt_header_*` set and the
/// range checks of ``SignedRequest/check(_:)`` must answer or refuse, never trap (the input is
/// unauthenticated). Input: header lines `name: value` separated by newlines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSynapseHeaders(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    var headers = [(String, String)]()
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingPrefix(" ").description))
    }
    guard let common = try? SynapseHeaders.parse(headers) else { return 0 }
    if let request = try? SignedRequest.check(common) {
        // A well-formed request reaches the signature check, which must also just answer.
        _ = request.verifies(axonHotkey: "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM")
    }
    return 0
}

private extension Substring {
    func trimmingPrefix(_ prefix: String) -> Substring { hasPrefix(prefix) ? dropFirst(prefix.count) : self }
}

/// SwiftPM links an executable's entry as `FuzzSynapseHeaders_main`; it hands over to libFuzzer's driver.
@_cdecl("FuzzSynapseHeaders_main")
func fuzzSynapseHeadersMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzSynapseHeaders)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
