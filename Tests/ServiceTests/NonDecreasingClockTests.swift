import Testing
@testable import Service

/// The service's clock never hands out a time at or before the store's latest event, nor one
/// before a time it handed out already, whatever the wall clock does.
@Suite("Non-decreasing clock")
struct NonDecreasingClockTests {
    static let wall: Int64 = 1_795_000_000_000

    @Test func onAStoreDatedBeforeTheWallClockItIsTheWallClock() {
        let base = ManualClock(Self.wall)
        let clock = NonDecreasingClock(base, after: Self.wall - 60_000)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall)
        base.advance(seconds: 5)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall + 5_000)
    }

    @Test func onAnEmptyStoreItIsTheWallClock() {
        let clock = NonDecreasingClock(ManualClock(Self.wall), after: nil)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall)
    }

    @Test func onAStoreDatedAheadItStandsJustAfterItsLatestEventUntilTheWallClockPassesIt() {
        let base = ManualClock(Self.wall)
        let latest = Self.wall + 3_600_000  // a replay dated an hour ahead
        let clock = NonDecreasingClock(base, after: latest)
        #expect(clock.now().millisecondsSinceEpoch == latest + 1)
        base.advance(seconds: 1_800)
        #expect(clock.now().millisecondsSinceEpoch == latest + 1)
        base.advance(seconds: 1_801)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall + 3_601_000)
    }

    @Test func aWallClockSteppedBackIsNotFollowed() {
        let base = ManualClock(Self.wall)
        let clock = NonDecreasingClock(base, after: nil)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall)
        base.advance(seconds: -30)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall)
        base.advance(seconds: 31)
        #expect(clock.now().millisecondsSinceEpoch == Self.wall + 1_000)
    }

    @Test func aStoreDatedAtTheLastMillisecondGivesThatMillisecond() {
        let clock = NonDecreasingClock(ManualClock(Self.wall), after: .max)
        #expect(clock.now().millisecondsSinceEpoch == .max)
    }

    /// Times drawn at once on many tasks while the wall clock moves back and forth: each task's
    /// times rise or stay, and none is at or before the store's latest.
    @Test func timesDrawnConcurrentlyNeverGoBack() async {
        let base = ManualClock(Self.wall)
        let latest = Self.wall + 10_000
        let clock = NonDecreasingClock(base, after: latest)
        let drawn = await withTaskGroup(of: [Int64].self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<500).map { i in
                        if task == 0 { base.advance(seconds: i.isMultiple(of: 2) ? 7 : -5) }
                        return clock.now().millisecondsSinceEpoch
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for times in drawn {
            #expect(times == times.sorted())
            #expect(times.allSatisfy { $0 > latest })
        }
    }
}
