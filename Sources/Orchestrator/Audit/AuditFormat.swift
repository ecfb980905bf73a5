import ArgumentParser

/// How audit answers are printed: aligned columns, one JSON document, or one JSON object per line.
enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ndjson
}
