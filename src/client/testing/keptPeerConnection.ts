// Node's WebRTC for the controller and session tests, with one guard: @roamhq/wrtc can crash the
// whole process when the garbage collector finalizes a closed RTCPeerConnection (its native
// destructor, WonderInventions/node-webrtc#35), which once took a vitest worker and a test file's
// results down in CI. Every connection made through this class stays referenced until the test
// process ends, so no such finalizer runs while tests are running.
import wrtc from '@roamhq/wrtc';

const kept: RTCPeerConnection[] = [];

export class KeptPeerConnection extends wrtc.RTCPeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    kept.push(this);
  }
}
