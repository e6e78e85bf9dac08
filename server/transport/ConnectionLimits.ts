/**
 * The connection policy (ours; docs/protocol.md "Connection policy"). Every bad frame is answered with
 * a typed error; a connection that keeps sending them is closed, so junk costs the sender, not us.
 */
export interface ConnectionLimits {
  /** Frames above this get FRAME_TOO_LARGE and the connection stays. */
  maxFrameBytes: number;
  /** Frames above this are not even read: the WebSocket layer closes with 1009. */
  hardMaxFrameBytes: number;
  /** Per clinic, across all its terminals. */
  requestsPerSecond: number;
  burst: number;
  /** Per connection: bad frames tolerated at once, and refilled per second. */
  badFrameBurst: number;
  badFramesPerSecond: number;
  helloTimeoutMs: number;
  /** A peer that stops reading its answers is cut off once this much is queued for it. */
  maxBufferedBytes: number;
  /** Every connection together; at the cap, with no unauthenticated connection left to make room, HTTP 503. */
  maxConnections: number;
  /** Places of maxConnections that only authenticated connections may hold: unauthenticated ones get the rest. */
  reservedForAuthenticated: number;
  /** Connections from one address (an IPv6 /64) that have not said hello yet; beyond it, HTTP 429. */
  maxUnauthenticatedPerSource: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxFrameBytes: 64 * 1024,
  hardMaxFrameBytes: 1024 * 1024,
  requestsPerSecond: 500,
  burst: 1000,
  badFrameBurst: 50,
  badFramesPerSecond: 10,
  helloTimeoutMs: 10_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxConnections: 10_000,
  reservedForAuthenticated: 2_000,
  maxUnauthenticatedPerSource: 32,
};

/** WebSocket close codes used by the policy. */
export const CLOSE = { policy: 1008, tryAgainLater: 1013, goingAway: 1001 } as const;
