/// A whole number of any size, built digit by digit and printed in decimal.
///
/// Enough arithmetic to read an int written in base 2, 8, 16 or 60 without the limits of `Int64`.
struct NaturalNumber: Hashable, Sendable {
    /// Base-10⁹ limbs, least significant first; empty is zero.
    private var limbs: [UInt64] = []
    private static let limbBase: UInt64 = 1_000_000_000

    /// Zero.
    init() {}

    /// Whether the number is zero.
    var isZero: Bool { limbs.isEmpty }

    /// `self × factor + addend`, for the small factors and digits of a positional numeral.
    mutating func multiply(by factor: UInt64, adding addend: UInt64) {
        var carry = addend
        for index in limbs.indices {
            let product = limbs[index] * factor + carry
            limbs[index] = product % Self.limbBase
            carry = product / Self.limbBase
        }
        while carry > 0 {
            limbs.append(carry % Self.limbBase)
            carry /= Self.limbBase
        }
    }

    /// The number in decimal digits, without leading zeros (`0` for zero).
    var decimalText: String {
        guard let top = limbs.last else { return "0" }
        var text = String(top)
        for limb in limbs.dropLast().reversed() {
            let digits = String(limb)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }
}
