import Foundation
import Testing
@testable import Service

/// Agents' reports are read without `JSONDecoder` when they are plain; whatever that reader
/// takes must decode exactly as `JSONDecoder` decodes it, and anything unusual goes to the decoder.
@Suite("Flat report bodies")
struct FlatReportBodyTests {
    static func flat(_ text: String) -> NodeReportBody? {
        Array(text.utf8).withUnsafeBytes(NodeReportBody.init(flat:))
    }

    static let plain = [
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"c/1/w1/reboot/1","attempt":1}"#,
        #"{"node":"cp1","step":"drain","outcome":"failed","message":"eviction blocked","idempotencyKey":"k","attempt":2,"atMs":1764000000123}"#,
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","attempt":1,"upgrade":3}"#,
        " {\n\t\"node\" : \"w 2\" ,\r\n \"step\":\"cordon\", \"outcome\":\"started\", \"idempotencyKey\":\"x\", \"atMs\": -7 } \n",
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","message":null,"attempt":null,"atMs":0}"#,
    ]

    static let unusual = [
        #"{"node":"w\u0031","step":"reboot","outcome":"succeeded","idempotencyKey":"k"}"#,  // an escape
        #"{"node":"wé","step":"reboot","outcome":"succeeded","idempotencyKey":"k"}"#,  // non-ASCII
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","extra":1}"#,  // unknown key
        #"{"node":"w1","node":"w2","step":"reboot","outcome":"succeeded","idempotencyKey":"k"}"#,  // repeated key
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","attempt":1.0}"#,  // fraction
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","attempt":1e0}"#,  // exponent
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","attempt":01}"#,  // leading zero
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","atMs":-0}"#,  // minus zero
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","atMs":12345678901234567890}"#,  // too long
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","attempt":"1"}"#,  // wrong type
        #"{"node":null,"step":"reboot","outcome":"succeeded","idempotencyKey":"k"}"#,  // null required
        #"{"step":"reboot","outcome":"succeeded","idempotencyKey":"k"}"#,  // missing node
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k"} x"#,  // trailing text
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k",}"#,  // trailing comma
        #"{"node":"w1","step":"reboot","outcome":"succeeded","idempotencyKey":"k","message":{"a":1}}"#,  // nesting
        #"["node"]"#, "", "{", #"{"node":"w1""#,
    ]

    @Test(arguments: plain)
    func plainReportsAreReadDirectlyAndAsTheDecoderReadsThem(text: String) throws {
        let direct = try #require(Self.flat(text), "the plain report went to the decoder")
        #expect(direct == (try JSONDecoder().decode(NodeReportBody.self, from: Data(text.utf8))))
    }

    @Test(arguments: unusual)
    func unusualBodiesAreLeftToTheDecoder(text: String) {
        #expect(Self.flat(text) == nil)
    }

    @Test func aSmallIntegerReadsAsItsValue() throws {
        let body = try #require(Self.flat(#"{"node":"w","step":"reboot","outcome":"started","idempotencyKey":"k","atMs":-999999999999999999}"#))
        #expect(body.atMs == -999_999_999_999_999_999)
    }
}
