// Tells the other side how big we show its video, over the call's data channel, and hands what
// it tells us to the connection, which sizes our video for it (PeerSession.peerShowsVideoAt).
import type { PeerSession } from './PeerSession';
import type { Size } from './sendResolution';
import { decodeView, viewMessage } from './viewWire';

/** Where our own view size comes from (ViewSize in the page). */
export interface ViewSource {
  current(): Size;
  on(event: 'changed', listener: (size: Size) => void): () => void;
}

type Peer = Pick<PeerSession, 'channel' | 'on' | 'peerShowsVideoAt'>;

/** While a window is being resized its size changes every frame: tell the end of it. */
const SETTLE_MS = 300;

export class ViewLink {
  private peer: Peer | null = null;
  private channel: RTCDataChannel | null = null;
  private unfollow: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private told: string | null = null;
  private readonly stopWatching: () => void;

  constructor(private readonly view: ViewSource) {
    this.stopWatching = view.on('changed', () => this.tellSoon());
  }

  /** Follows the data channel of the current connection (null: none). */
  follow(peer: Peer | null): void {
    this.unfollow?.();
    this.peer = peer;
    this.attach(peer?.channel ?? null);
    this.unfollow = peer?.on('channel', (channel) => this.attach(channel)) ?? null;
  }

  dispose(): void {
    this.follow(null);
    this.stopWatching();
  }

  private attach(channel: RTCDataChannel | null): void {
    clearTimeout(this.timer);
    this.channel?.removeEventListener('open', this.onOpen);
    this.channel?.removeEventListener('message', this.onMessage);
    this.channel = channel;
    this.told = null;
    if (!channel) return;
    // Listeners next to ChatLink's handlers: each side reads only its own kind of frame.
    channel.addEventListener('open', this.onOpen);
    channel.addEventListener('message', this.onMessage);
    if (channel.readyState === 'open') this.tell();
  }

  private readonly onOpen = () => this.tell();

  private readonly onMessage = ({ data }: MessageEvent) => {
    const box = decodeView(data);
    if (box) void this.peer?.peerShowsVideoAt(box);
  };

  private tellSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tell(), SETTLE_MS);
  }

  private tell(): void {
    if (this.channel?.readyState !== 'open') return;
    const message = viewMessage(this.view.current());
    if (message === this.told) return;
    this.channel.send(message);
    this.told = message;
  }
}
