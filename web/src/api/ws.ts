/**
 * The one WebSocket to /api/v1/ws. Reconnects with exponential backoff and full jitter; the socket
 * factory, timers and randomness are injectable so the logic is testable without a browser.
 * Protocol: the server says hello (with the person's newest event seq), answers ping with pong,
 * sends `event` frames numbered by seq and `resync` when it cannot replay, and closes with code
 * 4001 when the session ended (sign-out elsewhere, deactivation) — then we stop and sign out.
 * After every hello we ask for a replay of what we missed: `{"type":"resume","after":lastSeq}`,
 * with lastSeq from `resumeAfter()` (the chat store knows the last seq it applied). Gap detection
 * and resync live in the store, which sees every event in order.
 */
import { wsMessageSchema, type WsMessage } from './schemas';

export const SESSION_ENDED = 4001;
/** The session was ended with "end and erase": this device erases its local data. */
export const SESSION_ERASED = 4011;

/** The subset of the WebSocket API we use. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before reconnect attempt `attempt` (0-based): "full jitter" — a random value in
 * [cap/2, cap] where cap = min(max, base * 2^attempt). Half is kept fixed so retries never
 * hammer the server at 0 ms, the rest is random so many clients do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface ConnectionOptions {
  url: string;
  createSocket: SocketFactory;
  onSessionEnded?: () => void;
  onMessage?: (msg: WsMessage) => void;
  onStateChange?: (state: ConnectionState) => void;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** The last event seq the app applied, or null when it has none (then no resume is sent). */
  resumeAfter?: () => number | null;
  /** Interval of application-level pings; 0 disables. */
  pingIntervalMs?: number;
}

export class Connection {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private _state: ConnectionState = 'idle';
  userId: string | null = null;
  sessionId: string | null = null;

  constructor(private readonly opts: ConnectionOptions) {}

  get state(): ConnectionState {
    return this._state;
  }
  /** Number of consecutive failed attempts since the last successful hello. */
  get attempts(): number {
    return this.attempt;
  }

  start(): void {
    if (this._state !== 'idle' && this._state !== 'stopped') return;
    this.connect();
  }

  /** Closes for good (sign-out, page teardown). */
  stop(): void {
    this.setState('stopped');
    this.clear(this.reconnectTimer);
    this.reconnectTimer = null;
    this.stopPing();
    this.drop('bye');
  }

  /**
   * The browser's own word on the network (`online` / `offline` events). Offline: the socket is
   * dropped at once (it may linger half-open for minutes, and what is sent into it is lost) and
   * nothing is tried until the network is back. Online: a new socket at once, no backoff.
   */
  networkChanged(online: boolean): void {
    if (this._state === 'idle' || this._state === 'stopped') return;
    this.clear(this.reconnectTimer);
    this.reconnectTimer = null;
    if (online) {
      if (this._state !== 'waiting') return;
      this.attempt = 0;
      this.connect();
      return;
    }
    this.stopPing();
    this.drop('offline');
    this.setState('waiting');
  }

  /** Closes the socket without hearing from it again. */
  private drop(reason: string) {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onclose = null;
    s.onmessage = null;
    s.onerror = null;
    s.onopen = null;
    s.close(1000, reason);
  }

  send(msg: object): boolean {
    if (this._state !== 'open' || !this.socket) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }

  private setState(s: ConnectionState) {
    if (this._state === s) return;
    this._state = s;
    this.opts.onStateChange?.(s);
  }

  private clear(handle: unknown) {
    if (handle == null) return;
    (this.opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(handle);
  }
  private timer(fn: () => void, ms: number): unknown {
    return (this.opts.setTimer ?? ((f, m) => setTimeout(f, m)))(fn, ms);
  }

  private connect() {
    this.setState('connecting');
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.setState('open');
      this.startPing();
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.handleMessage(ev.data);
    };
    socket.onerror = () => {
      /* the close event follows and decides */
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopPing();
      if (ev.code === SESSION_ENDED || ev.code === SESSION_ERASED) {
        this.setState('stopped');
        this.opts.onSessionEnded?.();
        return;
      }
      if (this._state === 'stopped') return;
      this.scheduleReconnect();
    };
  }

  private handleMessage(data: unknown) {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    // Under load the server coalesces queued messages into one frame: a JSON array, in order.
    for (const one of Array.isArray(json) ? json : [json]) this.handleOne(one);
  }

  private handleOne(json: unknown) {
    const parsed = wsMessageSchema.safeParse(json);
    if (!parsed.success) return; // unknown frame types are ignored
    const msg = parsed.data;
    switch (msg.type) {
      case 'hello':
        this.attempt = 0; // a real hello proves the connection works: reset backoff
        this.userId = msg.user_id ?? null;
        this.sessionId = msg.session_id ?? null;
        {
          const after = this.opts.resumeAfter?.() ?? null;
          if (after !== null) this.send({ type: 'resume', after });
        }
        break;
      case 'event':
      case 'resync':
      case 'pong':
      case 'presence':
        break;
    }
    this.opts.onMessage?.(msg);
  }

  private scheduleReconnect() {
    this.setState('waiting');
    const delay = backoffDelay(this.attempt, this.opts.random ?? Math.random, this.opts.backoff);
    this.attempt += 1;
    this.reconnectTimer = this.timer(() => {
      this.reconnectTimer = null;
      if (this._state === 'waiting') this.connect();
    }, delay);
  }

  private startPing() {
    const every = this.opts.pingIntervalMs ?? 25_000;
    if (!every) return;
    const tick = () => {
      this.send({ type: 'ping' });
      this.pingTimer = this.timer(tick, every);
    };
    this.pingTimer = this.timer(tick, every);
  }
  private stopPing() {
    this.clear(this.pingTimer);
    this.pingTimer = null;
  }
}

/** URL of the socket for the current page (ws: or wss: to match http: or https:). */
export function socketUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/v1/ws`;
}

export function browserSocketFactory(url: string): SocketLike {
  return new WebSocket(url) as unknown as SocketLike;
}
