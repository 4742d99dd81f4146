import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Logging

/// `herald init --json`.
struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Initialize an empty database: one organization, Development and Production environments with API keys, and an admin token.")

    @Flag(help: "Print the result as JSON (the only output format; the flag is required so scripts state it).")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if !json { throw ValidationError("Pass --json: the secrets are printed once, as JSON.") }
    }

    func run() async throws {
        let result = try await withRuntime(database.configuration(), logger: makeLogger()) { runtime in
            try await Bootstrap.initialize(runtime)
        }
        try printJSON(result)
    }
}

/// `herald migrate`.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withRuntime(database.configuration(), logger: makeLogger()) { _ in }
        print("Database is at schema version \(Migrator.latestVersion).")
    }
}

/// `herald env …`.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Manage environments.", subcommands: [Create.self])

    /// `herald env create --name X`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an environment and print its API key once.")

        @Option(help: "The environment's name (unique).")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let key = try await withRuntime(database.configuration(), logger: makeLogger()) { runtime in
                try await Bootstrap.createEnvironment(runtime, name: name)
            }
            try printJSON(key)
        }
    }
}

/// `herald keys …`.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API keys and the credential encryption key.", subcommands: [Regenerate.self, RotateEncryption.self])

    /// `herald keys regenerate --env X`.
    struct Regenerate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace an environment's API key (the old one stops working) and print the new one once.")

        @Option(name: .customLong("env"), help: "The environment's name or id.")
        var environment: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let key = try await withRuntime(database.configuration(), logger: makeLogger()) { runtime in
                try await Bootstrap.regenerateKey(runtime, environment: environment)
            }
            try printJSON(key)
        }
    }

    /// `herald keys rotate-encryption`.
    struct RotateEncryption: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-encryption",
            abstract: "Re-encrypt every stored credential under a new key while servers keep serving.",
            discussion: """
                With the default key file (beside the SQLite database) a new key is generated and added to it;
                running servers pick it up on their next write, and the old key is removed once nothing uses it.
                With HERALD_ENCRYPTION_KEY, first set the new key there and the old one in
                HERALD_PREVIOUS_ENCRYPTION_KEYS on every instance, then run this to re-encrypt everything.
                """)

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = makeLogger()
            let report = try await withRuntime(database.configuration(), logger: logger) { runtime in
                try await KeyRotation.rotate(runtime, logger: logger) { done in
                    FileHandle.standardError.write(Data("re-encrypted \(done) integrations\r".utf8))
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("Active key \(report.activeKeyId); re-encrypted \(report.rewritten) integrations"
                + (report.removedKeyIds.isEmpty ? "." : "; removed old keys \(report.removedKeyIds.joined(separator: ", "))."))
        }
    }
}

/// `herald admin-token`.
struct AdminToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-token", abstract: "Replace the admin token and print the new one once.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let token = try await withRuntime(database.configuration(), logger: makeLogger()) { runtime in
            try await Bootstrap.regenerateAdminToken(runtime)
        }
        try printJSON(["adminToken": token])
    }
}
