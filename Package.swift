// swift-tools-version:6.0
import PackageDescription

// The module graph follows docs/ARCHITECTURE.md: nothing imports upward.
let package = Package(
    name: "NICompute",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nicompute", targets: ["nicompute"]),
        .library(name: "BittensorCrypto", targets: ["BittensorCrypto"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
