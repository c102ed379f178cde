// swift-tools-version:6.0
import PackageDescription

// The module graph follows docs/ARCHITECTURE.md: nothing imports upward.
let package = Package(
    name: "NICompute",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nicompute", targets: ["nicompute"]),
        .executable(name: "nicompute-pog", targets: ["nicompute-pog"]),
        .library(name: "BittensorCrypto", targets: ["BittensorCrypto", "HexCoding", "HostPaths"]),
        .library(name: "BittensorNetwork", targets: ["BittensorNetwork"]),
        .library(name: "ComputeProtocol", targets: ["ComputeProtocol"]),
        .library(name: "Subtensor", targets: ["Subtensor"]),
        .library(name: "Timelock", targets: ["Timelock", "BLS12381", "HexCoding"]),
        .library(name: "ProofOfGPU", targets: ["ProofOfGPU", "ProofOfGPUConfig"]),
        .library(name: "Miner", targets: ["Miner"]),
        .library(name: "Validator", targets: ["Validator"]),
        .library(name: "RegisterAPI", targets: ["RegisterAPI"]),
        .library(name: "Gzip", targets: ["Gzip"]),
        .library(name: "XZ", targets: ["XZ"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        // The Register API's shared database when several instances run behind a load balancer.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        // Already under async-http-client; named for the API's optional mutual TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        // Every process's `/metrics`: counters and gauges through swift-metrics' API, kept per
        // service in a Prometheus registry and rendered in its text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Hex text for keys, digests and roots; a leaf so the worker needs no key code.
        .target(name: "HexCoding"),
        .target(name: "HostPaths"),
        // `/metrics` for every service: swift-metrics' API over a Prometheus registry per service.
        .target(
            name: "ServiceMetrics",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "BittensorCrypto",
            dependencies: ["CSodium", "HexCoding", "HostPaths"]
        ),
        // The synapse wire protocol: Python value rendering, body hashes, signatures, nonces, btauth/1.
        .target(
            name: "BittensorNetwork",
            dependencies: [
                "ServiceMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "BittensorCrypto",
                "SQLiteStore",
                "HexCoding",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // SN27's synapses: Specs, Allocate, Challenge; credential sealing (RSA-OAEP-SHA256).
        .target(
            name: "ComputeProtocol",
            dependencies: [
                "BittensorNetwork",
                "Subtensor",
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // zlib, for gzip answers (Debian's zlib1g-dev; the toolchain's own dependencies need it too).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "Gzip", dependencies: ["CZlib"]),
        // .xz, for the worker the validator uploads (Debian's liblzma-dev; liblzma5 is on every
        // Debian system, dpkg needs it).
        .systemLibrary(
            name: "CLZMA",
            pkgConfig: "liblzma",
            providers: [.apt(["liblzma-dev"])]
        ),
        .target(name: "XZ", dependencies: ["CLZMA"]),
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // A small synchronous SQLite connection shared by the embedded stores.
        .target(
            name: "SQLiteStore",
            dependencies: ["CSQLite"]
        ),
        // The SCALE codec (Substrate's wire format); Foundation only.
        .target(name: "SCALE"),
        // BLS12-381: the field tower, both groups, the pairing, hash-to-curve and the zcash
        // point encoding, in Swift (SHA-256 from swift-crypto), for drand beacons and timelock commits.
        .target(name: "BLS12381", dependencies: ["HexCoding", .product(name: "Crypto", package: "swift-crypto")]),
        // drand beacons and timelock encryption to a round (the tle crate's FullIdent with
        // AES-256-GCM), as subtensor's timelocked commit-reveal uses them.
        .target(name: "Timelock", dependencies: ["BLS12381", "HexCoding", .product(name: "Crypto", package: "swift-crypto")]),
        // The chain: the SubnetChain protocol, the embedded LocalChain and SubtensorClient
        // (JSON-RPC over WebSocket, metadata V15, signed extrinsics) for real networks.
        .target(
            name: "Subtensor",
            dependencies: [
                "SQLiteStore",
                "SCALE",
                "Timelock",
                "BittensorCrypto",
                "HexCoding",
                "HostPaths",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),
        // The miner: axon handlers, admission, the Docker Engine API client, allocations.
        .target(
            name: "Miner",
            dependencies: [
                "ServiceMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "BittensorCrypto",
                "BittensorNetwork",
                "ComputeProtocol",
                "SQLiteStore",
                "Subtensor",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Pure Proof-of-GPU logic: generator, Merkle trees, verification, identification, scoring.
        // Foundation-free (FoundationEssentials only), so the statically linked worker stays small.
        .target(
            name: "ProofOfGPU",
            dependencies: [
                "HexCoding",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Reading config.yaml into ProofOfGPU's tables; validators use it, the worker does not.
        .target(
            name: "ProofOfGPUConfig",
            dependencies: [
                "ProofOfGPU",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The benchmark worker the validator uploads into a miner's container.
        .executableTarget(
            name: "nicompute-pog",
            dependencies: [
                "ProofOfGPU",
                "HexCoding",
                "COpenBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // OpenBLAS is linked statically: the worker runs in miners' containers, which have no
            // BLAS. Only sgemm is used, which needs no Fortran runtime.
            linkerSettings: [
                .unsafeFlags([
                    "-Xlinker", "-u", "-Xlinker", "cblas_sgemm", "-Xlinker", "-l:libopenblas.a", "-Xlinker", "-lpthread", "-Xlinker", "-lm",
                ])
            ]
        ),
        // The validator: Proof-of-GPU over SSH, scoring, weights, its store.
        .target(
            name: "Validator",
            dependencies: [
                "ServiceMetrics",
                "Gzip",
                "XZ",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "BittensorCrypto",
                "BittensorNetwork",
                "ComputeProtocol",
                "ProofOfGPU",
                "ProofOfGPUConfig",
                "SQLiteStore",
                "Subtensor",
                "HexCoding",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The Register API: REST for renters, API keys, rentals and their owners.
        .target(
            name: "RegisterAPI",
            dependencies: [
                "ServiceMetrics",
                "Gzip",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "BittensorNetwork",
                "ComputeProtocol",
                "HexCoding",
                "HostPaths",
                "SQLiteStore",
                "Subtensor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Dashboard/Resources/dashboard.html")]
        ),
        .executableTarget(
            name: "nicompute",
            dependencies: [
                "BittensorCrypto",
                "BittensorNetwork",
                "ComputeProtocol",
                "HexCoding",
                "HostPaths",
                "Miner",
                "ProofOfGPU",
                "ProofOfGPUConfig",
                "RegisterAPI",
                "Subtensor",
                "Validator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // What tests share: the seeded generator, where the checkout and `nicompute` are, and a
        // child-process runner.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // A substrate node for tests (JSON-RPC over WebSocket from the recorded golden fixture)
        // and that fixture's reader: the client's tests and the CLI's both run against it.
        .target(
            name: "SubtensorTestSupport",
            dependencies: [
                "TestSupport", "Subtensor", "SCALE", "BittensorCrypto", "HexCoding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            path: "Tests/SubtensorTestSupport"
        ),
        .testTarget(
            name: "BittensorCryptoTests",
            dependencies: ["TestSupport", "BittensorCrypto", "HexCoding"]
        ),
        .testTarget(
            name: "BittensorNetworkTests",
            dependencies: [
                "TestSupport",
                "BittensorNetwork", "ComputeProtocol", "BittensorCrypto", "HexCoding", "SQLiteStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["python_peer.py", "network_peer.py"]
        ),
        .testTarget(
            name: "SubtensorTests",
            dependencies: ["TestSupport", "Subtensor", "HostPaths", "BittensorCrypto", "Timelock"]
        ),
        .testTarget(
            name: "ServiceMetricsTests",
            dependencies: ["ServiceMetrics", .product(name: "CoreMetrics", package: "swift-metrics")]
        ),
        .testTarget(
            name: "SCALETests",
            dependencies: ["SCALE"]
        ),
        // BLS12-381 against published vectors, the group laws, and py_ecc in .venv as a peer.
        .testTarget(
            name: "BLS12381Tests",
            dependencies: ["TestSupport", "BLS12381", "HexCoding", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Timelock encryption and drand beacons against bittensor-drand (the tle crate) in .venv.
        .testTarget(
            name: "TimelockTests",
            dependencies: ["TestSupport", "Timelock", "BLS12381", "HexCoding"],
            exclude: ["Fixtures"]
        ),
        // SubtensorClient against the recorded node data (../shared/fixtures/subtensor-golden.json),
        // the Python SDK in .venv as the peer, and a fake JSON-RPC node.
        .testTarget(
            name: "SubtensorClientTests",
            dependencies: [
                "TestSupport", "SubtensorTestSupport",
                "Subtensor", "SCALE", "BittensorCrypto", "HexCoding", "Timelock",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            exclude: ["sdk_peer.py"]
        ),
        .testTarget(
            name: "ProofOfGPUTests",
            dependencies: ["TestSupport", "ProofOfGPU", "ProofOfGPUConfig", "HexCoding"],
            // Worker output recorded on real GPUs (scripts/gpu/pog-round.sh), read by path.
            exclude: ["Recordings"]
        ),
        // Miners and validators as processes against their real peers: the container engine
        // (scripts/container-engine.sh), OpenSSH, the Python SDK's dendrite with `cryptography`
        // as the requester, the local chain.
        .testTarget(
            name: "NodeInteropTests",
            dependencies: [
                "TestSupport",
                "Miner", "Validator", "Subtensor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["renter_peer.py", "reference_validator_peer.py", "webhook_receiver.py", "ws_client.py"]
        ),
        .testTarget(
            name: "RegisterAPITests",
            dependencies: [
                "TestSupport", "RegisterAPI", "BittensorNetwork", "ComputeProtocol", "SQLiteStore", "Gzip",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Seeded property harnesses over the parsers libFuzzer cannot link (Fuzz/ builds the rest).
        .testTarget(
            name: "PropertyTests",
            dependencies: [
                "TestSupport",
                "RegisterAPI", "Validator", "ProofOfGPU", "BittensorNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "ValidatorTests",
            dependencies: [
                "TestSupport", "Validator", "Subtensor", "ProofOfGPU", "ProofOfGPUConfig", "ComputeProtocol", "BittensorNetwork", "XZ",
            ]
        ),
        .testTarget(
            name: "MinerTests",
            dependencies: [
                "TestSupport", "Miner", "ComputeProtocol", "BittensorNetwork", "Subtensor",
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The `nicompute` executable as operators run it (`NICOMPUTE_BIN`, built by `make test`):
        // wallets against the Python Bittensor SDK in .venv, `query` against a Python axon,
        // `subnet` commands against the fake node and the local chain, `~` as `$HOME`.
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["TestSupport", "SubtensorTestSupport", "Subtensor", "BittensorCrypto", "HexCoding"],
            exclude: ["bittensor_peer.py"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
