import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import Logging

/// The `herald` command line.
@main
struct HeraldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Herald: a self-hostable, Novu-compatible notification integrations server.",
        subcommands: [Serve.self, Init.self, Migrate.self, EnvCommand.self, Keys.self, AdminToken.self],
        defaultSubcommand: nil
    )
}

/// Options shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: ArgumentHelp(
        "Database URL: sqlite://path or postgres://user:pass@host:port/db (env HERALD_DATABASE_URL).",
        discussion: "Default: sqlite://.herald/herald.sqlite, relative to the working directory."))
    var databaseURL: String?

    @Option(name: .customLong("database-pool"), help: "PostgreSQL connection pool size (env HERALD_DATABASE_POOL; default 10).")
    var databasePool: Int?

    func configuration(host: String? = nil, port: Int? = nil) -> HeraldConfiguration {
        .fromEnvironment(host: host, port: port, databaseURL: databaseURL, databasePool: databasePool)
    }
}

/// Runs `body` with an opened runtime; turns known errors into one clear line and exit code 1.
func withRuntime<T>(
    _ configuration: HeraldConfiguration, logger: Logger, _ body: (HeraldRuntime) async throws -> T
) async throws -> T {
    do {
        return try await HeraldRuntime.withOpened(configuration, logger: logger, body)
    } catch {
        throw CLIFailure(message: describe(error))
    }
}

func describe(_ error: any Error) -> String {
    if let error = error as? HeraldError { return error.message }
    if let error = error as? CLIFailure { return error.message }
    return "\(type(of: error)): \(String(describing: error).prefix(300))"
}

/// A failure printed as `herald: <message>` with exit code 1, without a stack dump.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

func makeLogger(_ label: String = "herald") -> Logger {
    var logger = Logger(label: label)
    let level = ProcessInfo.processInfo.environment["HERALD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? .info
    return logger
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

extension HeraldCommand {
    /// Runs the command, printing `herald: message` and exiting 1 on a known failure.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("herald: \(failure.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
