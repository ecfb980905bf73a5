import Engine

/// What a report did.
struct ReportAnswer: Encodable, Sendable {
    var applied: Bool
    var duplicate: Bool
    var events: [String]
    var firstPosition: UInt64?
    var lastPosition: UInt64?
    var status: String
    /// The steps requested once the report was handled, so an agent needs no extra poll.
    var nextActions: [NodeActionView] = []

    /// This answer given again to a retry with the same key: nothing applied this time.
    var repeated: ReportAnswer {
        var copy = self
        copy.applied = false
        copy.duplicate = true
        return copy
    }

    /// The answer as JSON, written by hand: the bytes `JSONResponse.makeCompact` would give
    /// (sorted keys, absent optionals left out), without a generic encoder on every report.
    var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + 240 * nextActions.count)
        out.append(contentsOf: #"{"applied":"#.utf8)
        JSONScalar.appendBool(applied, to: &out)
        out.append(contentsOf: #","duplicate":"#.utf8)
        JSONScalar.appendBool(duplicate, to: &out)
        out.append(contentsOf: #","events":"#.utf8)
        JSONScalar.appendStrings(events, to: &out)
        if let firstPosition {
            out.append(contentsOf: #","firstPosition":"#.utf8)
            JSONScalar.appendInteger(firstPosition, to: &out)
        }
        if let lastPosition {
            out.append(contentsOf: #","lastPosition":"#.utf8)
            JSONScalar.appendInteger(lastPosition, to: &out)
        }
        out.append(contentsOf: #","nextActions":["#.utf8)
        for (index, action) in nextActions.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            action.appendJSON(to: &out)
        }
        out.append(contentsOf: #"],"status":"#.utf8)
        JSONScalar.appendString(status, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
