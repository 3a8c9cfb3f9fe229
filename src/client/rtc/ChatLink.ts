// Chat over the peer connection's data channel: follows the current channel, feeds the store.
import type { ChatStoreApi } from '../store/chatStore';
import { chatMessage, decodeChat } from './chatWire';
import type { PeerSession } from './PeerSession';

export class ChatLink {
  private channel: RTCDataChannel | null = null;

  constructor(private readonly store: ChatStoreApi) {}

  /** Follows the data channel of the current connection (null: none). */
  follow(peer: PeerSession | null): void {
    this.attach(peer?.channel ?? null);
    peer?.on('channel', (channel) => this.attach(channel));
  }

  private attach(channel: RTCDataChannel | null): void {
    if (this.channel) {
      this.channel.onopen = this.channel.onclose = this.channel.onmessage = null;
    }
    this.channel = channel;
    this.store.getState().readyChanged(channel?.readyState === 'open');
    if (!channel) return;
    channel.onopen = () => this.store.getState().readyChanged(true);
    channel.onclose = () => this.store.getState().readyChanged(false);
    channel.onmessage = ({ data }) => {
      const message = decodeChat(data);
      if (message) this.store.getState().received(message.text, message.at);
    };
  }

  /** Sends what the user typed; false when it cannot go (empty, too long, channel not open). */
  send(text: string): boolean {
    const message = chatMessage(text);
    if (!message || this.channel?.readyState !== 'open') return false;
    this.channel.send(JSON.stringify(message));
    this.store.getState().sent(message.text, message.at);
    return true;
  }
}
