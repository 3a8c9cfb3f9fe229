// What a screen reader is told when the call changes: a pure function of the store before and
// after, so it is unit-tested without a DOM. Polite for the course of the call, assertive for
// what went wrong (the live regions themselves are components/LiveRegions.tsx).
import { msg, type Message } from '../i18n/message';
import type { CallData } from '../store/callStore';

export interface Announcement {
  politeness: 'polite' | 'assertive';
  message: Message;
}

type Snapshot = Pick<
  CallData,
  'state' | 'roomId' | 'notice' | 'callProblem' | 'mediaIssue' | 'signal'
>;

const IN_ROOM = new Set<CallData['state']>(['waiting', 'canCall', 'connecting', 'connected']);

function stateChange(before: Snapshot, after: Snapshot): Message | null {
  if (before.state === after.state) return null;
  switch (after.state) {
    case 'waiting':
      return IN_ROOM.has(before.state)
        ? msg('a11y.peerLeft')
        : msg('a11y.waiting', { room: after.roomId ?? '' });
    case 'canCall':
      if (before.state === 'connecting' || before.state === 'connected')
        return msg('a11y.callEnded');
      return msg('a11y.peerArrived');
    case 'connecting':
      return msg('a11y.connecting');
    case 'connected':
      return msg('a11y.connected');
    case 'disconnect':
      return IN_ROOM.has(before.state) ? msg('a11y.left') : null;
    default:
      return null;
  }
}

/** Everything worth saying about one store update, most urgent first. */
export function callAnnouncements(before: Snapshot, after: Snapshot): Announcement[] {
  const out: Announcement[] = [];
  if (after.mediaIssue && after.mediaIssue !== before.mediaIssue)
    out.push({ politeness: 'assertive', message: after.mediaIssue.message });
  if (after.callProblem && after.callProblem !== before.callProblem)
    out.push({ politeness: 'assertive', message: after.callProblem });
  if (after.signal === 'reconnecting' && before.signal !== 'reconnecting')
    out.push({ politeness: 'assertive', message: msg('signal.reconnecting') });
  if (after.notice && after.notice.id !== before.notice?.id) {
    const urgent = after.notice.level === 'error' || after.notice.level === 'warning';
    out.push({ politeness: urgent ? 'assertive' : 'polite', message: after.notice.text });
  }
  const change = stateChange(before, after);
  if (change) out.push({ politeness: 'polite', message: change });
  return out;
}

/** An incoming chat message, read out with who sent it. */
export function chatAnnouncement(text: string): Announcement {
  return { politeness: 'polite', message: msg('a11y.chatMessage', { text }) };
}
