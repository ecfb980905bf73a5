import Foundation

/// Whether a maintenance window is open at an instant, and when the next one opens. Windows are
/// local times in their own time zones; a window whose end is before its start runs past midnight.
enum MaintenanceCalendar {
    static func isOpen(_ windows: [MaintenanceWindow], at ms: Int64) -> Bool {
        windows.contains { isOpen($0, at: ms) }
    }

    static func isOpen(_ window: MaintenanceWindow, at ms: Int64) -> Bool {
        guard let (weekday, minute) = local(ms, zone: window.timeZone) else { return false }
        if window.startMinute < window.endMinute {
            return window.days.contains(weekday) && minute >= window.startMinute && minute < window.endMinute
        }
        // Overnight: open from start on a listed day until end the next morning.
        let yesterday = weekday == 1 ? 7 : weekday - 1
        return (window.days.contains(weekday) && minute >= window.startMinute) || (window.days.contains(yesterday) && minute < window.endMinute)
    }

    /// The first minute boundary after `ms` (within two weeks) at which some window is open.
    static func nextOpening(_ windows: [MaintenanceWindow], after ms: Int64) -> Int64? {
        var candidate = (ms / 60_000 + 1) * 60_000
        let limit = ms + 15 * 86_400_000
        while candidate <= limit {
            if isOpen(windows, at: candidate) { return candidate }
            candidate += 60_000
        }
        return nil
    }

    private static func local(_ ms: Int64, zone: String) -> (weekday: Int, minute: Int)? {
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: Date(timeIntervalSince1970: Double(ms) / 1000))
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return nil }
        // Calendar: 1 = Sunday … 7 = Saturday; ours: 1 = Monday … 7 = Sunday.
        return (weekday == 1 ? 7 : weekday - 1, hour * 60 + minute)
    }
}
