@testable import Service
import Testing

/// A server-sent event stream runs at most a fixed number of frames ahead of its client.
@Suite("Frame permits")
struct FramePermitsTests {
    @Test func aReaderGetsAsManyFramesAheadAsTheCapacityThenOnlyOneForEachFrameSent() async {
        let permits = FramePermits(capacity: 3)
        for _ in 0..<3 { #expect(await permits.take()) }
        #expect(permits.available == 0)
        permits.giveBack()
        #expect(permits.available == 1)
        #expect(await permits.take())
        #expect(permits.available == 0)
        // A reader at capacity waits, and gets the next permit given back.
        async let next = permits.take()
        while !permits.hasWaiter { await Task.yield() }
        #expect(permits.available == 0)
        permits.giveBack()
        #expect(await next)
        #expect(permits.available == 0)
    }

    @Test func closingEndsAWaitingReaderAndEveryLaterTake() async {
        let permits = FramePermits(capacity: 1)
        #expect(await permits.take())
        async let waiting = permits.take()
        while !permits.hasWaiter { await Task.yield() }
        permits.close()
        #expect(await waiting == false)
        permits.giveBack()
        #expect(await permits.take() == false)
    }
}
