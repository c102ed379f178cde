// swift-tools-version:6.0
import PackageDescription

// The module graph follows docs/ARCHITECTURE.md: nothing imports upward.
let package = Package(
    name: "NICompute",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nicompute", targets: ["nicompute"]),
        .executable(name: "nicompute-pog", targets: ["nicompute-pog"]),
        .library(name: "BittensorCrypto", targets: ["BittensorCrypto"]),
        .library(name: "ProofOfGPU", targets: ["ProofOfGPU"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .target(
            name: "BittensorCrypto",
            dependencies: ["CSodium"]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Pure Proof-of-GPU logic: generator, Merkle trees, verification, identification, scoring.
        .target(
            name: "ProofOfGPU",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The benchmark worker the validator uploads into a miner's container.
        .executableTarget(
            name: "nicompute-pog",
            dependencies: [
                "ProofOfGPU",
                "COpenBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "nicompute",
            dependencies: [
                "BittensorCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "BittensorCryptoTests",
            dependencies: ["BittensorCrypto"]
        ),
        .testTarget(
            name: "ProofOfGPUTests",
            dependencies: ["ProofOfGPU"]
        ),
        // Runs against the real peers: the Python Bittensor SDK in .venv (`make python-env`)
        // and the built `nicompute`. `make test` provides both.
        .testTarget(
            name: "WalletInteropTests",
            dependencies: ["BittensorCrypto"],
            exclude: ["bittensor_peer.py"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
