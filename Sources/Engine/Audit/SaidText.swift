/// Who decided or acted, and what they said: "by alice: window agreed", or "by alice" alone.
public enum SaidText {
    public static func of(_ actor: String, _ comment: String) -> String {
        comment.isEmpty ? "by \(actor)" : "by \(actor): \(comment)"
    }
}
