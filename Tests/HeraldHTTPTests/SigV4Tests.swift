import Foundation
import HeraldProviders
import Testing

/// AWS Signature V4 against AWS's published test-suite vectors (aws-sig-v4-test-suite: AKIDEXAMPLE, us-east-1,
/// service `service`, 2015-08-30T12:36:00Z).
@Suite struct SigV4Tests {
    static let signer = SigV4Signer(
        credentials: .init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let host = ("Host", "example.amazonaws.com")

    struct Vector: Sendable {
        let name: String
        let method: String
        var query: [(String, String)] = []
        var headers: [(String, String)] = []
        var body = ""
        let signature: String
    }

    static let vectors: [Vector] = [
        Vector(name: "get-vanilla", method: "GET", signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "post-vanilla", method: "POST", signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Vector(name: "post-vanilla-query", method: "POST", query: [("Param1", "value1")],
               signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Vector(name: "get-vanilla-query-order-key-case", method: "GET", query: [("Param2", "value2"), ("Param1", "value1")],
               signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Vector(name: "post-header-key-case", method: "POST", headers: [("My-Header1", "value1")],
               signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        Vector(name: "post-header-value-case", method: "POST", headers: [("My-Header1", "VALUE1")],
               signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        Vector(name: "get-header-value-trim", method: "GET", headers: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")],
               signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        Vector(name: "post-x-www-form-urlencoded", method: "POST",
               headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1",
               signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    ]

    @Test(arguments: vectors.indices) func matchesTheTestSuite(_ index: Int) {
        let vector = Self.vectors[index]
        let signed = Self.signer.sign(
            method: vector.method, path: "/", query: vector.query, headers: [Self.host] + vector.headers,
            body: Array(vector.body.utf8), date: Self.date)
        #expect(signed.signature == vector.signature, "\(vector.name)")
        let authorization = signed.headers.first { $0.0 == "Authorization" }?.1
        #expect(authorization?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=") == true)
        #expect(signed.headers.first { $0.0 == "X-Amz-Date" }?.1 == "20150830T123600Z")
    }

    @Test func canonicalRequestAndStringToSignOfTheFormVector() {
        let signed = Self.signer.sign(
            method: "POST", path: "/", headers: [("Content-Type", "application/x-www-form-urlencoded"), Self.host],
            body: Array("Param1=value1".utf8), date: Self.date)
        #expect(signed.canonicalRequest == "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        #expect(signed.stringToSign == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281")
    }

    @Test func aSessionTokenIsSentAndSigned() {
        let signer = SigV4Signer(
            credentials: .init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token-1"),
            region: "eu-west-1", service: "email")
        let signed = signer.sign(method: "POST", path: "/v2/email/outbound-emails", headers: [("Host", "email.eu-west-1.amazonaws.com")],
                                 body: [], date: Self.date)
        #expect(signed.headers.contains { $0 == ("X-Amz-Security-Token", "token-1") })
        #expect(signed.canonicalRequest.contains("x-amz-security-token:token-1"))
        #expect(signed.canonicalRequest.hasPrefix("POST\n/v2/email/outbound-emails\n"))
    }
}
