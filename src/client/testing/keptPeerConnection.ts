// Node's WebRTC for the controller and session tests, with one guard: @roamhq/wrtc can crash the
// whole process when the garbage collector finalizes a closed RTCPeerConnection (its native
// destructor, WonderInventions/node-webrtc#35), which once took a vitest worker and a test file's
// results down in CI. Every connection made through this class stays referenced until the test
// process ends, so no such finalizer runs while tests are running.
// A second guard: reading wrtc's `localDescription` or `remoteDescription` serializes the native
// description while its network thread may be adding a candidate to it, and that race crashes the
// process too (node-webrtc/node-webrtc#696). wrtc defines those getters on each instance, beyond
// reach of a subclass, so the connection is handed out behind a proxy that answers them from the
// descriptions it was given. With trickle ICE these carry everything a caller reads.
import wrtc from '@roamhq/wrtc';

const kept: unknown[] = [];

/** Keeps any wrtc object (a media source, track or stream) referenced for the same reason. */
export function keep<T>(object: T): T {
  kept.push(object);
  return object;
}

type Description = RTCSessionDescriptionInit | null;

/** The four descriptions of a connection as the JSEP rules move them; nothing native is read. */
export class DescriptionLedger {
  pendingLocal: Description = null;
  currentLocal: Description = null;
  pendingRemote: Description = null;
  currentRemote: Description = null;

  applied(side: 'local' | 'remote', description: RTCSessionDescriptionInit): void {
    const copy = { type: description.type, sdp: description.sdp ?? '' };
    const [pending, current, otherPending, otherCurrent] =
      side === 'local'
        ? (['pendingLocal', 'currentLocal', 'pendingRemote', 'currentRemote'] as const)
        : (['pendingRemote', 'currentRemote', 'pendingLocal', 'currentLocal'] as const);
    if (description.type === 'offer') this[pending] = copy;
    else if (description.type === 'rollback') this[pending] = null;
    else if (description.type === 'answer') {
      this[current] = copy;
      this[otherCurrent] = this[otherPending];
      this[otherPending] = null;
    }
  }

  /** What the named getter of RTCPeerConnection reports, or undefined if it is not one of them. */
  read(name: string | symbol): RTCSessionDescription | null | undefined {
    const pick: Record<string, () => Description> = {
      localDescription: () => this.pendingLocal ?? this.currentLocal,
      remoteDescription: () => this.pendingRemote ?? this.currentRemote,
      pendingLocalDescription: () => this.pendingLocal,
      currentLocalDescription: () => this.currentLocal,
      pendingRemoteDescription: () => this.pendingRemote,
      currentRemoteDescription: () => this.currentRemote,
    };
    if (typeof name !== 'string' || !Object.hasOwn(pick, name)) return undefined;
    const description = pick[name]!();
    return description ? new wrtc.RTCSessionDescription(description) : null;
  }
}

function describedFromJs<T extends RTCPeerConnection>(pc: T): T {
  const ledger = new DescriptionLedger();
  const setter =
    (side: 'local' | 'remote', name: 'setLocalDescription' | 'setRemoteDescription') =>
    async (description?: RTCSessionDescriptionInit): Promise<void> => {
      if (!description?.type)
        throw new Error(`${name} needs an explicit description in these tests`);
      await (pc[name] as (d: RTCSessionDescriptionInit) => Promise<void>).call(pc, description);
      ledger.applied(side, description);
    };
  const setLocal = setter('local', 'setLocalDescription');
  const setRemote = setter('remote', 'setRemoteDescription');
  return new Proxy(pc, {
    get(target, name) {
      if (name === 'setLocalDescription') return setLocal;
      if (name === 'setRemoteDescription') return setRemote;
      const description = ledger.read(name);
      if (description !== undefined) return description;
      // wrtc's methods and event handlers expect the real object as `this`.
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(target, name, value) {
      return Reflect.set(target, name, value, target);
    },
  });
}

export class KeptPeerConnection extends wrtc.RTCPeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    kept.push(this);
    return describedFromJs(this);
  }
}

/** wrtc's MediaStream, kept referenced like the connections (the sessions make remote streams). */
export const KeptMediaStream = class extends wrtc.MediaStream {
  constructor(init?: MediaStream | MediaStreamTrack[]) {
    super(init as MediaStreamTrack[]);
    kept.push(this);
  }
} as typeof MediaStream;
