/// RFC 3339 timestamps (section 5.6) to and from milliseconds since the epoch, in the proleptic
/// Gregorian calendar that `gmtime` and Cluster API use. Strict where a lenient parser guesses:
/// 30 February is no date, an offset needs its minutes, and the `T` and `Z` may be lower case.
public enum RFC3339 {
    /// 9999-12-31T23:59:59.999Z, the last instant RFC 3339's four-digit year can write: with the
    /// epoch, the range of times the store's events are dated in (scenarios, `import`).
    public static let lastMillisecond: Int64 = 253_402_300_799_999

    /// Milliseconds since the epoch for `2026-11-23T02:10:00Z`, `2026-11-23t02:10:00.5+01:00`
    /// (a fraction beyond milliseconds is rounded; a leap second, 23:59:60 UTC, is the next day's
    /// 00:00:00); nil for anything else.
    public static func milliseconds(from text: String) -> Int64? {
        guard let instant = parse(text) else { return nil }
        return instant.whole + instant.millis + (instant.roundsUp ? 1 : 0)
    }

    /// The store's milliseconds either side of the instant `text` names, for a query's bounds:
    /// `atOrBefore` is the last whole millisecond at or before it (what had been recorded by then,
    /// `state --at`), `atOrAfter` the first at or after it (`--since`, `--until`). They differ where
    /// the text is finer than a millisecond (`.0005`: half of one), and for a leap second
    /// (23:59:60 UTC), which comes after 23:59:59.999 and before the next day's 00:00:00.000.
    public static func millisecondBounds(from text: String) -> (atOrBefore: Int64, atOrAfter: Int64)? {
        guard let instant = parse(text) else { return nil }
        if instant.isLeapSecond { return (instant.whole - 1, instant.whole) }
        let atOrBefore = instant.whole + instant.millis
        return (atOrBefore, atOrBefore + (instant.isFinerThanMillisecond ? 1 : 0))
    }

    /// One RFC 3339 time, read: whole seconds, then its fraction's milliseconds and what lies beyond.
    private struct Instant {
        /// Milliseconds since the epoch of the time's whole second (of the next minute for 23:59:60).
        var whole: Int64
        /// The fraction's first three digits.
        var millis: Int64
        /// Whether the fraction's fourth digit is 5 or more.
        var roundsUp: Bool
        /// Whether a digit after the third is not 0.
        var isFinerThanMillisecond: Bool
        var isLeapSecond: Bool
    }

    private static func parse(_ text: String) -> Instant? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.take("-"), let month = scanner.digits(2), scanner.take("-"),
              let day = scanner.digits(2), scanner.takeAny("Tt "),
              let hour = scanner.digits(2), scanner.take(":"), let minute = scanner.digits(2), scanner.take(":"),
              let second = scanner.digits(2)
        else { return nil }
        var fraction = (millis: Int64(0), roundsUp: false, finer: false)
        if scanner.take(".") {
            guard let read = scanner.fraction() else { return nil }
            fraction = read
        }
        let offsetMinutes: Int64
        if scanner.takeAny("Zz") {
            offsetMinutes = 0
        } else if let sign = scanner.takeSign(), let hours = scanner.digits(2), scanner.take(":"), let minutes = scanner.digits(2),
                  hours <= 23, minutes <= 59 {
            offsetMinutes = sign * (hours * 60 + minutes)
        } else {
            return nil
        }
        guard scanner.atEnd, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        // A leap second is the last minute of a UTC day's 61st second: 23:59:60Z, 00:59:60+01:00.
        let utcMinuteOfDay = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
        guard second < 60 || utcMinuteOfDay == 1439 else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return Instant(whole: seconds * 1000, millis: fraction.millis, roundsUp: fraction.roundsUp,
                       isFinerThanMillisecond: fraction.finer, isLeapSecond: second == 60)
    }

    /// `2026-11-23T02:10:00.000Z`. A time outside years 0000–9999 (which RFC 3339 cannot write)
    /// gets ISO 8601's signed, expanded year, so any count of milliseconds has a text.
    public static func text(_ ms: Int64) -> String {
        let days = floorDivide(ms, 86_400_000)
        let remainder = ms % 86_400_000
        let msOfDay = remainder < 0 ? remainder + 86_400_000 : remainder
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let yearText = (0...9999).contains(year) ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(year.magnitude, 6)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))T\(pad(msOfDay / 3_600_000, 2)):\(pad(msOfDay / 60_000 % 60, 2))"
            + ":\(pad(msOfDay / 1000 % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
    }

    /// Proleptic Gregorian date for a count of days since 1970-01-01 (era-based arithmetic).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of `civilDate`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Character) -> Bool { takeAny(String(character)) }

        mutating func takeAny(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        mutating func takeSign() -> Int64? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }

        /// Exactly `count` ASCII digits.
        mutating func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<(index + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += count
            return value
        }

        /// One or more digits after the point: their whole milliseconds, whether the fourth digit
        /// rounds them up, and whether any digit after the third is not 0.
        mutating func fraction() -> (millis: Int64, roundsUp: Bool, finer: Bool)? {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            let digits = bytes[start..<index].map { Int64($0 - 0x30) } + [0, 0, 0]
            return (digits[0] * 100 + digits[1] * 10 + digits[2], digits[3] >= 5, digits.dropFirst(3).contains { $0 != 0 })
        }
    }
}

func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor < 0) ? quotient - 1 : quotient
}

func pad<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
