import SCALE

/// Every decoder entry point on arbitrary bytes: each must return or throw ``SCALEError``,
/// never trap, and never allocate more than the input can justify (a length prefix of 2⁶⁰
/// on a 10-byte input).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCALE(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    var decoder = SCALEDecoder(bytes)
    // The first byte picks a shape, so that the fuzzer learns each decoder's paths.
    guard let selector = try? decoder.decode(UInt8.self) else { return 0 }
    switch selector % 8 {
    case 0: _ = try? decoder.decodeCompact()
    case 1: _ = try? decoder.decodeBytes()
    case 2: _ = try? decoder.decodeString()
    case 3: _ = try? decoder.decodeVector(field: "v", minimumElementSize: 2) { (inner: inout SCALEDecoder) throws(SCALEError) in try inner.decode(UInt16.self) }
    case 4: _ = try? decoder.decodeOptional(field: "o") { (inner: inout SCALEDecoder) throws(SCALEError) in try inner.decodeString() }
    case 5: _ = try? decoder.decodeVector(field: "nested", minimumElementSize: 1) { (inner: inout SCALEDecoder) throws(SCALEError) in try inner.decodeBytes() }
    case 6: _ = try? decoder.decodeCompact(UInt32.self)
    default: _ = try? decoder.decodeVariant(field: "variant", known: [0, 1, 2])
    }
    return 0
}

/// SwiftPM links an executable's entry as `FuzzSCALE_main`; it hands over to libFuzzer's driver.
@_cdecl("FuzzSCALE_main")
func fuzzSCALEMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzSCALE)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
