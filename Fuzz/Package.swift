// swift-tools-version:6.1
// libFuzzer targets for Herald's parsers and classifiers; built and run by scripts/fuzz (not part of CI).
import PackageDescription

let package = Package(
    name: "HeraldFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Herald", path: "..")],
    targets: [
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "HeraldCore", package: "Herald")]),
        .executableTarget(name: "FuzzRequests", dependencies: [.product(name: "HeraldCore", package: "Herald")]),
        .executableTarget(name: "FuzzConditions", dependencies: [.product(name: "HeraldCore", package: "Herald")]),
        .executableTarget(name: "FuzzOutbound", dependencies: [.product(name: "HeraldCore", package: "Herald")]),
    ]
)
