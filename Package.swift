// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Blastwall",
    products: [
        .executable(name: "blastwall", targets: ["blastwall"]),
        .library(name: "BlastwallCore", targets: ["BlastwallCore"]),
        .library(name: "BlastwallStore", targets: ["BlastwallStore"]),
        .library(name: "BlastwallSQL", targets: ["BlastwallSQL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        // Pure model and logic: no I/O, no Foundation, fast to load.
        .target(name: "BlastwallCore", swiftSettings: strictSettings),
        // The system zlib, to read the state a binary planfile carries (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The system SQLite and libsodium (Ed25519, Argon2id, XChaCha20-Poly1305, SHA-256), linked
        // directly so the hook's path carries neither Foundation nor a large dependency tree.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", providers: [.apt(["libsodium-dev"])]),
        // PostgreSQL 15's own parser (Debian: libpg-query-dev), for SQL read the way the server reads it.
        .systemLibrary(name: "CPgQuery", providers: [.apt(["libpg-query-dev"])]),
        .target(name: "BlastwallSQL", dependencies: ["BlastwallCore", "CPgQuery"], swiftSettings: strictSettings),
        // The PostgreSQL wire-protocol guard: a session proxy that judges every statement.
        .target(
            name: "BlastwallProxy",
            dependencies: [
                "BlastwallCore", "BlastwallSQL", "BlastwallStore", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        // Requests, approvals, grants and the tamper-evident audit log in one SQLite file.
        .target(name: "BlastwallStore", dependencies: ["BlastwallCore", "CSQLite", "CSodium"], swiftSettings: strictSettings),
        // The command-line edge: files, processes, the decision log, argument parsing.
        .target(
            name: "BlastwallCLI",
            dependencies: [
                "BlastwallCore", "BlastwallStore", "BlastwallSQL", "BlastwallProxy", "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(name: "blastwall", dependencies: ["BlastwallCLI"], swiftSettings: strictSettings),
        .executableTarget(
            name: "CommandGateBenchmark", dependencies: ["BlastwallCore"],
            path: "Benchmarks/CommandGateBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "PlanGateBenchmark", dependencies: ["BlastwallCore"],
            path: "Benchmarks/PlanGateBenchmark", swiftSettings: strictSettings),
        // libFuzzer target for the proxy's message decoder (bash Fuzz/run.sh).
        .executableTarget(name: "WireFuzz", dependencies: ["BlastwallProxy"], path: "Fuzz/WireFuzz", swiftSettings: strictSettings),
        .executableTarget(
            name: "SQLClassifierBenchmark", dependencies: ["BlastwallCore", "BlastwallSQL"],
            path: "Benchmarks/SQLClassifierBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "StoreBenchmark", dependencies: ["BlastwallCore", "BlastwallStore"],
            path: "Benchmarks/StoreBenchmark", swiftSettings: strictSettings),
        .testTarget(name: "BlastwallCoreTests", dependencies: ["BlastwallCore", "BlastwallSQL"], swiftSettings: strictSettings),
        .testTarget(name: "BlastwallSQLTests", dependencies: ["BlastwallSQL", "BlastwallCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "BlastwallProxyTests", dependencies: ["BlastwallProxy", "BlastwallCore", "BlastwallSQL", "BlastwallStore"],
            exclude: ["Scripts"], swiftSettings: strictSettings),
        .testTarget(
            name: "BlastwallStoreTests", dependencies: ["BlastwallStore", "BlastwallCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "BlastwallCLITests", dependencies: ["BlastwallCLI", "BlastwallCore", "BlastwallStore"],
            swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
