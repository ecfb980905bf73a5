import Engine

/// The event types the service writes beside the engine's: profile versions and cluster
/// overrides, for `EventPayloadCheck` (what `verify` and `import` check).
public enum ServiceEventTypes {
    public static let decoders: [String: EventPayloadCheck.Decode] = [
        ProfileCatalog.published: EventPayloadCheck.decoding(ProfileDocument.self),
        ProfileCatalog.edited: EventPayloadCheck.decoding(ProfileDocument.self),
        ClusterOverrides.typeName: EventPayloadCheck.decoding(ClusterOverrides.Document.self),
        ProfileEditFannedOut.typeName: EventPayloadCheck.decoding(ProfileEditFannedOut.self),
    ]
}
