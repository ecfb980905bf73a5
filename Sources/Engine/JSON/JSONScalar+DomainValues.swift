import UpgradeDomain

/// The stored forms of small domain values, written directly by the event writers
/// (`NodeEventJSON`, `AcceptedUpgradeJSON`, `ClusterRegisteredJSON`).
extension JSONScalar {
    /// `N`: a `Timestamp`, milliseconds since the epoch.
    static func appendTimestamp(_ time: Timestamp, to out: inout [UInt8]) {
        appendInteger(time.millisecondsSinceEpoch, to: &out)
    }

    /// `true` or `false`.
    public static func appendBool(_ flag: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
    }

    /// `["…","…"]`.
    public static func appendStrings(_ texts: [String], to out: inout [UInt8]) {
        out.append(0x5B)
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendString(text, to: &out)
        }
        out.append(0x5D)
    }

    /// `{"name":"…","version":"…"}`.
    static func appendProfile(_ profile: ProfileReference, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"name":"#.utf8)
        appendString(profile.name, to: &out)
        out.append(contentsOf: #","version":"#.utf8)
        appendString(profile.version, to: &out)
        out.append(0x7D)
    }

    /// Any other value through the general encoder, for the rarer parts of an event.
    static func appendEncoded<T: Encodable>(_ value: T, to out: inout [UInt8]) throws {
        out.append(contentsOf: try CompactJSONEncoder().encode(value))
    }
}
