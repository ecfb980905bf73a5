import Testing
@testable import UpgradeDomain

@Suite("Template values and instants")
struct TemplateValueTests {
    @Test("JSON values decode to a structural tree; key order does not matter")
    func structuralEquality() throws {
        let a = try CAPIWatchEventParser.decodeJSON(#"{"a":1,"b":[true,null,"x",1.5],"c":{"d":-2}}"#)
        let b = try CAPIWatchEventParser.decodeJSON(#"{ "c": {"d": -2}, "b": [true, null, "x", 1.5], "a": 1 }"#)
        #expect(a == b)
        #expect(a["b"] == .array([.bool(true), .null, .string("x"), .number(1.5)]))
        #expect(a["a"] == .integer(1))
        #expect(a != (try CAPIWatchEventParser.decodeJSON(#"{"a":2,"b":[true,null,"x",1.5],"c":{"d":-2}}"#)))
        #expect(try CAPIWatchEventParser.decodeJSON("[1,true]") != CAPIWatchEventParser.decodeJSON("[true,1]"))
    }

    @Test("instants print as RFC 3339 UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_795_428_000_000), "2026-11-23T10:00:00.000Z"),
        (Int64(951_782_400_123), "2000-02-29T00:00:00.123Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
    ])
    func instants(milliseconds: Int64, text: String) {
        #expect(TemplateInstant(millisecondsSinceEpoch: milliseconds).description == text)
    }
}
