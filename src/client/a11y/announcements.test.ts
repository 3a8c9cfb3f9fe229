import { describe, expect, it } from 'vitest';
import { msg } from '../i18n/message';
import { english } from '../testing/english';
import type { CallData } from '../store/callStore';
import { callAnnouncements, chatAnnouncement } from './announcements';

const base: Pick<
  CallData,
  'state' | 'roomId' | 'notice' | 'callProblem' | 'mediaIssue' | 'signal'
> = {
  state: 'disconnect',
  roomId: null,
  notice: null,
  callProblem: null,
  mediaIssue: null,
  signal: 'online',
};
const said = (before: Partial<typeof base>, after: Partial<typeof base>) =>
  callAnnouncements({ ...base, ...before }, { ...base, ...after }).map((a) => [
    a.politeness,
    english(a.message),
  ]);

describe('callAnnouncements', () => {
  it('follows the call politely: joined, the peer arrives, connecting, connected, ended, left', () => {
    expect(said({}, { state: 'waiting', roomId: 'r1' })).toEqual([
      ['polite', 'You are in room "r1". Waiting for the other person.'],
    ]);
    expect(said({ state: 'waiting' }, { state: 'canCall' })).toEqual([
      ['polite', 'The other person joined. You can call now.'],
    ]);
    expect(said({}, { state: 'canCall' })).toEqual([
      ['polite', 'The other person joined. You can call now.'],
    ]);
    expect(said({ state: 'canCall' }, { state: 'connecting' })).toEqual([['polite', 'Calling…']]);
    expect(said({ state: 'connecting' }, { state: 'connected' })).toEqual([
      ['polite', 'Call connected.'],
    ]);
    expect(said({ state: 'connected' }, { state: 'canCall' })).toEqual([
      ['polite', 'The call ended.'],
    ]);
    expect(said({ state: 'connected' }, { state: 'waiting' })).toEqual([
      ['polite', 'The other person left.'],
    ]);
    expect(said({ state: 'canCall' }, { state: 'disconnect' })).toEqual([
      ['polite', 'You left the room.'],
    ]);
  });

  it('says nothing when nothing the user hears about changed', () => {
    expect(said({ state: 'connected' }, { state: 'connected' })).toEqual([]);
    expect(said({ state: 'init' }, { state: 'disconnect' })).toEqual([]);
  });

  it('what went wrong is assertive; a passing success notice is polite', () => {
    const notice = {
      id: 1,
      level: 'warning' as const,
      text: msg('room.fullNotice', { room: 'x' }),
    };
    expect(said({}, { notice })).toEqual([
      ['assertive', 'Room "x" is full: two people are already in it.'],
    ]);
    expect(
      said({}, { notice: { id: 2, level: 'success', text: msg('invite.copied') } })[0]?.[0],
    ).toBe('polite');
    // The same notice again (another field changed) is not repeated.
    expect(said({ notice }, { notice })).toEqual([]);
    expect(
      said({ state: 'connecting' }, { state: 'connecting', callProblem: msg('call.reconnecting') }),
    ).toEqual([['assertive', 'Connection lost: reconnecting…']]);
    expect(said({}, { signal: 'reconnecting' })).toEqual([
      ['assertive', 'Reconnecting to the server…'],
    ]);
    const mediaIssue = {
      kind: 'permission-denied' as const,
      message: msg('media.permissionDenied'),
    };
    expect(said({ state: 'init' }, { state: 'disconnect', mediaIssue })[0]?.[0]).toBe('assertive');
  });
});

it('chatAnnouncement says who wrote', () => {
  expect(english(chatAnnouncement('hi').message)).toBe('The other person wrote: hi');
});
