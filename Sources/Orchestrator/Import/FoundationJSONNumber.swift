import Foundation

/// The number `JSONSerialization` makes of a JSON number's text, for import (`LineValue`): the
/// stored bytes and the messages depend on which it is (`1.0` is a double, written `1` in `data`
/// but refused as a `position`; `-1234567890123456789` is a decimal), so import reads numbers as it
/// did when each line went through `JSONSerialization`. Import's tests pin the outcomes.
enum FoundationJSONNumber {
    /// The number for `text` (a JSON number, as the grammar allows): an integer without a point or a
    /// lower-case `e` that fits (an `Int64` from at most 19 characters when negative, else a
    /// `UInt64` from at most 20), else a decimal when there are more than 17 characters before the
    /// exponent and the exponent is −128 to 127, else a finite double; nil when none holds it.
    static func reading(_ text: String) -> NSNumber? {
        let utf8 = text.utf8
        let exponent = utf8.firstIndex(of: UInt8(ascii: "e"))
        let mantissaLength = utf8.distance(from: utf8.startIndex, to: exponent ?? utf8.endIndex)
        if exponent == nil, !utf8.contains(UInt8(ascii: ".")) {
            if utf8.first == UInt8(ascii: "-") {
                if mantissaLength <= 19, let value = Int64(text) { return NSNumber(value: value) }
            } else if mantissaLength <= 20, let value = UInt64(text) {
                return NSNumber(value: value)
            }
        }
        let power = exponent.flatMap { Int(text[$0...].dropFirst()) } ?? 0
        if mantissaLength > 17, (-128...127).contains(power), let decimal = Decimal(string: text), decimal.isFinite {
            return NSDecimalNumber(decimal: decimal)
        }
        if let double = Double(text), double.isFinite { return NSNumber(value: double) }
        return nil
    }
}
