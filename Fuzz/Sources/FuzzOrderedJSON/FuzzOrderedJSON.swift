import SynapseWire

/// JSON from outside (synapse bodies, miners' answers, API bodies): parsing returns or throws,
/// in time linear in the input; whatever parses serializes and parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOrderedJSON(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let value = try? OrderedJSON.parse(bytes) else { return 0 }
    let again = OrderedJSON.serialize(value)
    guard let reparsed = try? OrderedJSON.parse(again), OrderedJSON.serialize(reparsed) == again else {
        fatalError("serialize(parse(x)) does not parse back to itself for \(bytes)")
    }
    return 0
}

/// SwiftPM links an executable's entry as `FuzzOrderedJSON_main`; it hands over to libFuzzer's driver.
@_cdecl("FuzzOrderedJSON_main")
func fuzzOrderedJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOrderedJSON)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
