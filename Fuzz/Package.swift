// swift-tools-version:6.0
import PackageDescription

// Coverage-guided fuzzing (libFuzzer, through the Swift toolchain's -sanitize=fuzzer) of the
// parsers that read outside bytes. Apart from the main package so that the parsers alone are
// built with the fuzzer's instrumentation and AddressSanitizer: the modules here are the main
// package's own sources, linked in (Sources/* are symbolic links), never copies.
// `make fuzz` runs 10 million inputs per target; `make test` a short slice (scripts/fuzz/run.sh).
// libFuzzer brings `main`; the entry point is `LLVMFuzzerTestOneInput`.
let fuzzerEntry: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "NIComputeFuzz",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium"),
        .target(name: "HexCoding"),
        .target(name: "HostPaths"),
        .target(name: "BittensorCrypto", dependencies: ["CSodium", "HexCoding", "HostPaths"]),
        .target(name: "SCALE"),
        // BittensorNetwork's Synapse/ and Wire/ folders: JSON, headers, signatures; no server.
        .target(name: "SynapseWire", dependencies: ["BittensorCrypto", "HexCoding"]),
        // Subtensor's Metadata/ folder: metadata V14/V15 and values decoded by it.
        .target(name: "ChainMetadata", dependencies: ["SCALE", "BittensorCrypto", "HexCoding"]),
        .executableTarget(name: "FuzzSCALE", dependencies: ["SCALE"], swiftSettings: fuzzerEntry),
        .executableTarget(name: "FuzzOrderedJSON", dependencies: ["SynapseWire"], swiftSettings: fuzzerEntry),
        .executableTarget(name: "FuzzSynapseHeaders", dependencies: ["SynapseWire"], swiftSettings: fuzzerEntry),
        .executableTarget(name: "FuzzMetadata", dependencies: ["ChainMetadata", "SCALE"], swiftSettings: fuzzerEntry),
    ],
    swiftLanguageModes: [.v6]
)
