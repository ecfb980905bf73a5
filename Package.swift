// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "orchestrator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orchestrator", targets: ["Orchestrator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // LMDB from the system (Debian: liblmdb-dev), found through pkg-config.
        .systemLibrary(
            name: "CLMDB",
            path: "Sources/CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // The durable, append-only event log on LMDB. Knows nothing of upgrades.
        .target(
            name: "EventStore",
            dependencies: [
                "CLMDB",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Proto/stored_event.proto"]
        ),
        // The pure upgrade domain: decide/evolve, classification, guardrails. No I/O.
        .target(
            name: "UpgradeDomain",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // The application shell shared by the CLI, the simulator and the service: domain events
        // into store envelopes, commands decided against folded state and appended durably.
        .target(
            name: "Engine",
            dependencies: ["EventStore", "UpgradeDomain"]
        ),
        // The deterministic fleet simulator: scenarios on a virtual clock through the real deciders.
        .target(
            name: "Simulator",
            dependencies: [
                "Engine", "EventStore", "UpgradeDomain",
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // The HTTP service (Hummingbird 2): routes, auth, agents, ingestion, metrics. Knows no CLI.
        .target(
            name: "Service",
            dependencies: [
                "EventStore",
                "UpgradeDomain",
                "Engine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The command-line shell: parses flags, calls the targets above, maps errors to exit codes.
        .executableTarget(
            name: "Orchestrator",
            dependencies: [
                "EventStore",
                "UpgradeDomain",
                "Engine",
                "Simulator",
                "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // `IOError`, to name a port already in use (ADR 0011).
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Helpers shared by test targets (a tmpfs that fills up or turns read-only).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore",
                "TestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Proto/stored_event_v1_0.proto"]
        ),
        .testTarget(
            name: "UpgradeDomainTests",
            dependencies: [
                "UpgradeDomain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["TemplateUpgrade/Fixtures"]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "EventStore", "UpgradeDomain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["Simulator", "Engine", "EventStore", "UpgradeDomain"]
        ),
        .testTarget(
            name: "OrchestratorTests",
            dependencies: ["Orchestrator", "EventStore", "Engine", "UpgradeDomain", "Service", "TestSupport"]
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service",
                "Engine",
                "TestSupport",
                "EventStore",
                "UpgradeDomain",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
