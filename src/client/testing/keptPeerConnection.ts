// Node's WebRTC for the controller and session tests, with one guard: @roamhq/wrtc can crash the
// whole process when the garbage collector finalizes a closed RTCPeerConnection (its native
// destructor, WonderInventions/node-webrtc#35), which once took a vitest worker and a test file's
// results down in CI. Every connection made through this class stays referenced until the test
// process ends, so no such finalizer runs while tests are running.
import wrtc from '@roamhq/wrtc';

const kept: unknown[] = [];

/** Keeps any wrtc object (a media source, track or stream) referenced for the same reason. */
export function keep<T>(object: T): T {
  kept.push(object);
  return object;
}

export class KeptPeerConnection extends wrtc.RTCPeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    kept.push(this);
  }
}

/** wrtc's MediaStream, kept referenced like the connections (the sessions make remote streams). */
export const KeptMediaStream = class extends wrtc.MediaStream {
  constructor(init?: MediaStream | MediaStreamTrack[]) {
    super(init as MediaStreamTrack[]);
    kept.push(this);
  }
} as typeof MediaStream;
