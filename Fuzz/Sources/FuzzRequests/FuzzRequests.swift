import Foundation
import HeraldCore

/// The delivery and integration request parsers (what `POST /v1/deliveries`, `POST/PUT /v1/integrations` and the
/// selection dry run run on every body): any JSON object must give a request or a validation error, never a crash
/// or another error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let value = try? JSONValue.parse(bytes: bytes), case .object(let body) = value else { return 0 }
    do {
        let request = try DeliveryRequestParser.parse(body)
        _ = request.variables
    } catch let error as HeraldError {
        precondition(error.kind == .validation)
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    do {
        let request = try IntegrationRequest(body: body)
        if let input = try? request.createInput(environmentId: "env") {
            _ = HeaderCredentials.problems(in: input.credentials, providerId: input.providerId)
            _ = Redactor(input.credentials).record(String(decoding: bytes, as: UTF8.self))
        }
    } catch let error as HeraldError {
        precondition(error.kind == .validation)
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}
