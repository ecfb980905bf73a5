/// A count and its noun, the noun in the singular for one: "1 event", "18 rows".
public enum CountText {
    public static func of(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
