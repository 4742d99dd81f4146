import Foundation
import HeraldCore
import Logging
import SQLKit

/// Re-seals every stored secret under the sealer's active key, in small transactions so servers keep serving.
public struct CredentialRotator: Sendable {
    private let driver: any DatabaseDriver
    private let sealer: CredentialSealer

    /// Creates a rotator.
    public init(driver: any DatabaseDriver, sealer: CredentialSealer) {
        self.driver = driver
        self.sealer = sealer
    }

    /// Re-seals rows until none is sealed under another key; returns how many rows were rewritten.
    /// - Parameter progress: called after each batch with the running total.
    public func rotate(batchSize: Int = 200, logger: Logger, progress: @Sendable (Int) -> Void = { _ in }) async throws -> Int {
        var total = 0
        for (table, column) in Self.sealedColumns {
            total += try await rotate(table: table, column: column, batchSize: batchSize, done: total, progress: progress)
        }
        return total
    }

    /// Every column that holds sealed values.
    static let sealedColumns = [
        ("integrations", "credentials"), ("deliveries", "request"), ("subscribers", "channels"),
        ("webhook_endpoints", "url"), ("webhook_endpoints", "secret"),
    ]

    private func rotate(
        table: String, column: String, batchSize: Int, done: Int, progress: @Sendable (Int) -> Void
    ) async throws -> Int {
        var total = 0
        while true {
            let active = try sealer.activeKeyId()
            let prefix = CredentialSealer.prefix + active + ".%"
            let sealer = self.sealer
            let rewritten = try await driver.transaction { db in
                let rows = try await db.raw("""
                    SELECT id, \(ident: column) AS sealed FROM \(ident: table) WHERE \(ident: column) NOT LIKE \(bind: prefix)
                    ORDER BY id LIMIT \(literal: batchSize)
                    """).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: String.self)
                    let sealed = try row.decode(column: "sealed", as: String.self)
                    try await db.raw("""
                        UPDATE \(ident: table) SET \(ident: column) = \(bind: try sealer.seal(sealer.open(sealed)))
                        WHERE id = \(bind: id) AND \(ident: column) = \(bind: sealed)
                        """).run()
                }
                return rows.count
            }
            total += rewritten
            progress(done + total)
            if rewritten == 0 { return total }
        }
    }

    /// Counts rows still sealed under a key other than the active one.
    public func remaining() async throws -> Int {
        let prefix = CredentialSealer.prefix + (try sealer.activeKeyId()) + ".%"
        return try await driver.read { db in
            var count = 0
            for (table, column) in Self.sealedColumns {
                count += try await db.raw("""
                    SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(ident: column) NOT LIKE \(bind: prefix)
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return count
        }
    }
}
