import ChainMetadata
import Foundation
import SCALE

/// An RPC node's bytes: metadata itself (first input byte even) or storage values decoded by
/// the real subtensor metadata (odd: the next two bytes pick a type of its registry). The
/// metadata comes from NICOMPUTE_FUZZ_METADATA (raw SCALE bytes, written by scripts/fuzz/run.sh
/// from the shared golden fixture).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMetadata(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let first = bytes.first else { return 0 }
    if first & 1 == 0 {
        _ = try? RuntimeMetadata(bytes: Array(bytes.dropFirst()))
        return 0
    }
    guard let metadata = recorded, bytes.count >= 3 else { return 0 }
    let id = UInt32(bytes[1]) << 8 | UInt32(bytes[2])
    _ = try? metadata.decode(Array(bytes.dropFirst(3)), as: id, context: "fuzz")
    return 0
}

/// Parsed once per process.
nonisolated(unsafe) let recorded: RuntimeMetadata? = {
    guard let path = ProcessInfo.processInfo.environment["NICOMPUTE_FUZZ_METADATA"],
          let data = FileManager.default.contents(atPath: path) else { return nil }
    return try? RuntimeMetadata(bytes: Array(data))
}()

/// SwiftPM links an executable's entry as `FuzzMetadata_main`; it hands over to libFuzzer's driver.
@_cdecl("FuzzMetadata_main")
func fuzzMetadataMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzMetadata)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
