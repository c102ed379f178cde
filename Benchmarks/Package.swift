// swift-tools-version:6.1
import PackageDescription

// Benchmarks live apart from the main package so that `make test` never builds
// package-benchmark. Run them with `make bench` (scripts/bench/sr25519.sh).
let package = Package(
    name: "NIComputeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "NICompute", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Sr25519",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BittensorCrypto", package: "NICompute"),
            ],
            path: "Benchmarks/Sr25519",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // What a hostile synapse body costs to read (issue 16, defect 3).
        .executableTarget(
            name: "OrderedJSONBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BittensorNetwork", package: "NICompute"),
                .product(name: "ComputeProtocol", package: "NICompute"),
            ],
            path: "Benchmarks/OrderedJSONBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ProofOfGPUBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ProofOfGPU", package: "NICompute"),
            ],
            path: "Benchmarks/ProofOfGPUBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Load test of the axon (scripts/bench/axon.sh): a signed-Specs load generator and a
        // minimal axon serving Specs, run as separate processes.
        .executableTarget(
            name: "AxonLoad",
            dependencies: [
                .product(name: "BittensorNetwork", package: "NICompute"),
                .product(name: "BittensorCrypto", package: "NICompute"),
                .product(name: "ComputeProtocol", package: "NICompute"),
            ],
            path: "Benchmarks/AxonLoad"
        ),
        // The lighter generator: requests signed before the clock starts, sent over blocking
        // keep-alive sockets, so that the axon under test gets the machine's cores.
        .executableTarget(
            name: "AxonPresigned",
            dependencies: [
                .product(name: "BittensorNetwork", package: "NICompute"),
                .product(name: "BittensorCrypto", package: "NICompute"),
                .product(name: "ComputeProtocol", package: "NICompute"),
            ],
            path: "Benchmarks/AxonPresigned"
        ),
        .executableTarget(
            name: "AxonServe",
            dependencies: [
                .product(name: "BittensorNetwork", package: "NICompute"),
                .product(name: "BittensorCrypto", package: "NICompute"),
                .product(name: "ComputeProtocol", package: "NICompute"),
            ],
            path: "Benchmarks/AxonServe"
        ),
        // Timelock encryption of a weight commit, decryption and one pairing (scripts/bench/timelock.sh),
        // beside bittensor-drand's Rust in the same run.
        .executableTarget(
            name: "TimelockBench",
            dependencies: [
                .product(name: "Timelock", package: "NICompute"),
                .product(name: "Subtensor", package: "NICompute"),
            ],
            path: "Benchmarks/TimelockBench"
        ),
        // Fills a local chain, a validator store and an API store with N verified, served miners
        // for the /list/resources_sql load test (scripts/bench/api-resources.sh).
        .executableTarget(
            name: "APIDirectorySeed",
            dependencies: [
                .product(name: "BittensorCrypto", package: "NICompute"),
                .product(name: "Subtensor", package: "NICompute"),
                .product(name: "ComputeProtocol", package: "NICompute"),
                .product(name: "Validator", package: "NICompute"),
                .product(name: "RegisterAPI", package: "NICompute"),
            ],
            path: "Benchmarks/APIDirectorySeed"
        ),
        // Many miners in one process, each with its own hotkey, axon and swift-nio-ssh server,
        // answering a validator's Proof-of-GPU test in process (scripts/bench/validator-fleet.sh).
        .executableTarget(
            name: "MinerFleet",
            dependencies: [
                .product(name: "BittensorCrypto", package: "NICompute"),
                .product(name: "BittensorNetwork", package: "NICompute"),
                .product(name: "ComputeProtocol", package: "NICompute"),
                .product(name: "ProofOfGPU", package: "NICompute"),
                .product(name: "Subtensor", package: "NICompute"),
                .product(name: "Gzip", package: "NICompute"),
                .product(name: "XZ", package: "NICompute"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
            ],
            path: "Benchmarks/MinerFleet"
        ),
    ],
    swiftLanguageModes: [.v6]
)
