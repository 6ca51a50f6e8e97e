// swift-tools-version: 6.0
import PackageDescription

/// Headroom: a discrete-event simulator for SaaS capacity planning.
///
/// Dependencies point one way:
/// headroom (CLI) → HeadroomReport → HeadroomAnalysis, HeadroomStore, HeadroomModeling → HeadroomComponents → HeadroomKernel.
let package = Package(
    name: "headroom",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "headroom", targets: ["headroom"]),
        .library(name: "HeadroomKernel", targets: ["HeadroomKernel"]),
        .library(name: "HeadroomComponents", targets: ["HeadroomComponents"]),
        .library(name: "HeadroomModeling", targets: ["HeadroomModeling"]),
        .library(name: "HeadroomStore", targets: ["HeadroomStore"]),
        .library(name: "HeadroomAnalysis", targets: ["HeadroomAnalysis"]),
        .library(name: "HeadroomReport", targets: ["HeadroomReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // Clock, event calendar, random streams, distributions, statistics. No SaaS words.
        .target(
            name: "HeadroomKernel",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Queueing stations, traffic, request flows and the engine that interprets them.
        .target(
            name: "HeadroomComponents",
            dependencies: [
                "HeadroomKernel",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Model files: YAML, units, validation with positions, overrides, building a simulation.
        .target(
            name: "HeadroomModeling",
            dependencies: ["HeadroomKernel", "HeadroomComponents", "Yams"]
        ),
        // The SQLite run store.
        .target(
            name: "HeadroomStore",
            dependencies: ["HeadroomComponents", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Replications, confidence intervals, closed forms from queueing theory.
        .target(
            name: "HeadroomAnalysis",
            dependencies: [
                "HeadroomKernel", "HeadroomComponents",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Self-contained HTML reports (inline SVG charts) of stored runs, sweeps and forecasts; CSV exports.
        .target(
            name: "HeadroomReport",
            dependencies: ["HeadroomComponents", "HeadroomModeling", "HeadroomStore", "HeadroomAnalysis"]
        ),
        // The commit a release binary was built from (scripts/install writes it into a header
        // outside the tree; C, because a C header can carry a value and Swift's -D cannot).
        .target(name: "HeadroomBuild"),
        // The command-line tool: parse arguments, call the library, print.
        .executableTarget(
            name: "headroom",
            dependencies: [
                "HeadroomKernel", "HeadroomComponents", "HeadroomModeling", "HeadroomStore", "HeadroomAnalysis",
                "HeadroomReport", "HeadroomBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Engine micro-benchmark (release builds): customers and events per wall second.
        .executableTarget(name: "headroom-bench", dependencies: ["HeadroomComponents", "HeadroomKernel"]),
        // HdrHistogram's Swift package is the oracle `LatencyHistogram` is held to, value for value.
        .testTarget(
            name: "HeadroomKernelTests",
            dependencies: ["HeadroomKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // Fingerprints of every shipped model's run: any change of behaviour fails here.
        .testTarget(
            name: "HeadroomFingerprintTests",
            dependencies: ["HeadroomModeling", "HeadroomComponents", "HeadroomKernel"],
            exclude: ["fingerprints.txt"]
        ),
        .testTarget(name: "HeadroomComponentsTests", dependencies: ["HeadroomComponents", "HeadroomKernel"]),
        .testTarget(
            name: "HeadroomModelingTests",
            dependencies: ["HeadroomModeling", "HeadroomComponents", "HeadroomKernel"]
        ),
        .testTarget(
            name: "HeadroomStoreTests",
            dependencies: ["HeadroomStore", "HeadroomComponents", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "HeadroomAnalysisTests",
            dependencies: ["HeadroomAnalysis", "HeadroomModeling", "HeadroomComponents", "HeadroomKernel"]
        ),
        .testTarget(
            name: "HeadroomReportTests",
            dependencies: ["HeadroomReport", "HeadroomStore", "HeadroomModeling", "HeadroomAnalysis", "HeadroomComponents"]
        ),
        .testTarget(
            name: "HeadroomCLITests",
            dependencies: [
                "headroom", "HeadroomStore", "HeadroomAnalysis", "HeadroomComponents",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
