import Testing
import UpgradeDomain

/// RFC 3339 text as the CLI and the API read and write it: strict dates, any count of milliseconds written.
struct RFC3339Tests {
    @Test(arguments: [
        ("2026-11-23T02:10:00Z", 1_795_399_800_000 as Int64),
        ("2026-11-23t02:10:00z", 1_795_399_800_000),
        ("2026-11-23 02:10:00Z", 1_795_399_800_000),
        ("2026-11-23T03:10:00.5+01:00", 1_795_399_800_500),
        ("2026-11-23T02:10:00.0004Z", 1_795_399_800_000),
        ("2026-11-23T02:10:00.9996Z", 1_795_399_801_000),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("1970-01-01T00:00:00Z", 0),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
    ])
    func aValidTimeIsReadExactly(text: String, ms: Int64) {
        #expect(RFC3339.milliseconds(from: text) == ms)
    }

    @Test(arguments: [
        ("2026-11-23T02:10:00Z", 1_795_399_800_000 as Int64, 1_795_399_800_000 as Int64),
        ("2026-11-23T02:10:00.1230000Z", 1_795_399_800_123, 1_795_399_800_123),
        ("2026-11-23T02:10:00.0004Z", 1_795_399_800_000, 1_795_399_800_001),
        ("2026-11-23T02:10:00.9995Z", 1_795_399_800_999, 1_795_399_801_000),
        ("2026-11-23T02:10:00.000000001Z", 1_795_399_800_000, 1_795_399_800_001),
        ("2026-12-31T23:59:60Z", 1_798_761_599_999, 1_798_761_600_000),
        ("2027-01-01T00:59:60.5+01:00", 1_798_761_599_999, 1_798_761_600_000),
    ])
    func aQueryBoundIsTheWholeMillisecondEitherSide(text: String, atOrBefore: Int64, atOrAfter: Int64) throws {
        let bounds = try #require(RFC3339.millisecondBounds(from: text))
        #expect(bounds.atOrBefore == atOrBefore)
        #expect(bounds.atOrAfter == atOrAfter)
    }

    @Test(arguments: [
        "2026-11-23T12:34:60Z", "2026-12-31T23:59:60+01:00", "2026-12-31T22:59:60Z",
        "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z",
        "2026-11-23T02:60:00Z", "2026-11-23T02:10:00+01", "2026-11-23T02:10:00", "2026-11-23", "2026-11-23T02:10:00.Z",
        "+2026-11-23T02:10:00Z", "2026-11-23T02:10:00Zjunk", "", "yesterday",
    ])
    func anImpossibleOrIncompleteTimeIsRefused(text: String) {
        #expect(RFC3339.milliseconds(from: text) == nil)
    }

    @Test func everyCountOfMillisecondsHasATextAndYearsWithinRangeReadBack() {
        #expect(RFC3339.text(0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.text(-1) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.text(-62_135_596_800_000) == "0001-01-01T00:00:00.000Z")
        #expect(RFC3339.text(.max) == "+292278994-08-17T07:12:55.807Z")
        #expect(RFC3339.text(.min) == "-292275055-05-16T16:47:04.192Z")
        for ms: Int64 in [0, 1_795_399_800_123, -62_135_596_800_000, 253_402_300_799_999, 951_782_400_000] {
            #expect(RFC3339.milliseconds(from: RFC3339.text(ms)) == ms)
        }
    }
}
