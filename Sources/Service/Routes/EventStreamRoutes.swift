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
                let (frames, frameSink) = AsyncStream<ByteBuffer>.makeStream()
                // The subscription is read only as fast as the client takes frames.
                let permits = FramePermits(capacity: Self.framesAhead)
                let end = { @Sendable in
                    frameSink.finish()
                    permits.close()
                }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var sent = 0
                        var view = EventView()
                        do {
                            for try await event in subscription {
                                guard await permits.take() else { break }
                                frameSink.yield(Self.frame(event, view: &view))
                                sent += 1
                                if sent >= limit { break }
                                // A catch-up reads pages without waiting: it lets other requests
                                // have the thread between turns rather than after the whole log.
                                if sent % Self.framesPerTurn == 0 { await Task.yield() }
                            }
                        } catch {}
                        frameSink.finish()
                    }
                    group.addTask {
                        await service.signals.untilClosed()
                        end()
                    }
                    // Handlers run inside the server's task: its graceful shutdown ends the stream.
                    await withGracefulShutdownHandler {
                        do {
                            for await frame in frames {
                                try await writer.write(frame)
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

    /// Frames a stream may hold for a client that reads slower than the log is read.
    static let framesAhead = 64

    /// Frames a stream writes before it lets other work have its thread.
    static let framesPerTurn = 64

    /// One Server-Sent Events frame.
    static func frame(_ event: RecordedEvent, view: inout EventView) -> ByteBuffer {
        let json = view.json(event)
        var frame = ByteBuffer()
        frame.reserveCapacity(json.count + event.type.utf8.count + 40)
        frame.writeString("id: \(event.position)\nevent: ")
        frame.writeString(event.type)
        frame.writeString("\ndata: ")
        frame.writeBytes(json)
        frame.writeString("\n\n")
        return frame
    }
}
