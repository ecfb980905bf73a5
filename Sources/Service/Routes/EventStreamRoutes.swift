import EventStore
import Foundation
import Hummingbird
import ServiceLifecycle

/// `GET /v1/events?from=POSITION`: every event from that position on, then each new one, as
/// Server-Sent Events (`id` is the position, `event` the type, `data` the event JSON). Ends
/// after `limit` events, when the client goes, or at shutdown.
enum EventStreamRoutes {
    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        let service = deps.service
        router.get("v1/events") { request, context in
            _ = try context.require(.viewer)
            let parameters = request.uri.queryParameters
            let from: UInt64
            if let text = parameters.get("from") {
                guard let position = UInt64(text), position >= 1 else { throw APIError.badRequest("from \(text) is not a position (1 or more)") }
                from = position
            } else if let text = request.headers[.init("Last-Event-ID")!] {
                // What a reconnecting EventSource sends: the id (position) of the last event it had.
                guard let last = UInt64(text), last < .max else {
                    throw APIError.badRequest("header Last-Event-ID \(text) is not the position of an event (0 or more)")
                }
                from = last + 1
            } else {
                from = try service.store.lastPosition() + 1
            }
            let limit = try QueryLimit.parse(parameters.get("limit")) ?? .max
            let subscription = service.store.subscribe(after: from - 1)
            let body = ResponseBody { writer in
                let (writes, writeSink) = AsyncStream<ByteBuffer>.makeStream()
                // The subscription is read only as fast as the client takes what is written.
                let permits = FramePermits(capacity: Self.writesAhead)
                let end = { @Sendable in
                    writeSink.finish()
                    permits.close()
                }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var sent = 0
                        var view = EventView()
                        var events = subscription.makeAsyncIterator()
                        var write = ByteBuffer(), framed = 0
                        do {
                            while sent < limit, let event = try await events.next() {
                                Self.frame(event, view: &view, into: &write)
                                framed += 1
                                sent += 1
                                // A catch-up's frames go out in writes of up to `framesPerWrite`; a
                                // frame with nothing read behind it (a live event) goes out at once.
                                guard framed == Self.framesPerWrite || !events.hasBuffered || sent >= limit else { continue }
                                guard await permits.take() else { break }
                                writeSink.yield(write)
                                write = ByteBuffer()
                                framed = 0
                                // A catch-up reads pages without waiting: it lets other requests
                                // have the thread between writes rather than after the whole log.
                                await Task.yield()
                            }
                        } catch {}
                        writeSink.finish()
                    }
                    group.addTask {
                        await service.signals.untilClosed()
                        end()
                    }
                    // Handlers run inside the server's task: its graceful shutdown ends the stream.
                    await withGracefulShutdownHandler {
                        do {
                            for await bytes in writes {
                                try await writer.write(bytes)
                                permits.giveBack()
                            }
                        } catch {}
                    } onGracefulShutdown: {
                        end()
                    }
                    end()  // the client went, or the stream is done: release a reader waiting for room
                    group.cancelAll()
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }

    /// Writes a stream may hold for a client that reads slower than the log is read (each of
    /// up to `framesPerWrite` frames).
    static let writesAhead = 4

    /// Frames a catch-up puts in one write to the connection: one write per frame kept the
    /// server's I/O threads so busy with twenty catch-ups that `/healthz` waited seconds.
    static let framesPerWrite = 64

    /// One Server-Sent Events frame, added to `buffer`.
    static func frame(_ event: RecordedEvent, view: inout EventView, into buffer: inout ByteBuffer) {
        let json = view.json(event)
        buffer.reserveCapacity(buffer.writerIndex + json.count + event.type.utf8.count + 40)
        buffer.writeString("id: \(event.position)\nevent: ")
        buffer.writeString(event.type)
        buffer.writeString("\ndata: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
    }
}
