import Foundation
import HeraldCore
import Testing

@Suite struct CredentialSealerTests {
    @Test func sealedValuesOpenAndHideThePlaintext() throws {
        let sealer = try CredentialSealer(source: StaticKeySetSource(KeySet(active: .generate())))
        let sealed = try sealer.seal(Data("SG.very-secret".utf8))
        #expect(sealed.hasPrefix("hv1."))
        #expect(!sealed.contains("very-secret"))
        #expect(String(decoding: try sealer.open(sealed), as: UTF8.self) == "SG.very-secret")
        #expect(try sealer.seal(Data("x".utf8)) != sealer.seal(Data("x".utf8)), "a fresh nonce every time")
    }

    @Test func tamperedOrForeignValuesDoNotOpen() throws {
        let sealer = try CredentialSealer(source: StaticKeySetSource(KeySet(active: .generate())))
        let other = try CredentialSealer(source: StaticKeySetSource(KeySet(active: .generate())))
        let sealed = try sealer.seal(Data("secret".utf8))
        #expect(throws: HeraldError.self) { try other.open(sealed) }
        let prefix = sealed.prefix { $0 != "." } + "." + sealed.dropFirst(4).prefix { $0 != "." } + "."
        var bytes = try #require(Data(base64Encoded: String(sealed.dropFirst(prefix.count))))
        bytes[bytes.count / 2] ^= 0x01
        #expect(throws: HeraldError.self) { try sealer.open(prefix + bytes.base64EncodedString()) }
    }

    @Test func keyFileIsPrivateAndPicksUpANewActiveKey() throws {
        let path = NSTemporaryDirectory() + "herald-key-\(UUID().uuidString)/herald.key"
        let file = try KeyFileSource(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let sealer = try CredentialSealer(source: file)
        let before = try sealer.seal(Data("one".utf8))
        let old = try file.readKeys()
        try KeyFileSource.write(old + [.generate()], to: path)
        let after = try sealer.seal(Data("two".utf8))
        #expect(CredentialSealer.keyId(of: before) != CredentialSealer.keyId(of: after))
        #expect(String(decoding: try sealer.open(before), as: UTF8.self) == "one")
    }
}

@Suite struct HexTests {
    @Test func hexAndIdentifiers() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SecretHash.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let id = Identifiers.objectId(now: Date(timeIntervalSince1970: 0x6b0c_a313))
        #expect(id.hasPrefix("6b0ca313") && Identifiers.isObjectId(id))
    }
}
