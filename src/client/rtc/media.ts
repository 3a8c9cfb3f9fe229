// Getting the camera and microphone, with fallbacks and a plain-language reason when it fails.
import { withDevice, type DeviceChoice } from './devices';

export type MediaIssueKind =
  | 'permission-denied'
  | 'no-devices'
  | 'no-camera'
  | 'no-microphone'
  | 'in-use'
  | 'insecure'
  | 'unknown';

export interface MediaIssue {
  kind: MediaIssueKind;
  message: string;
}

export interface LocalMedia {
  stream: MediaStream | null;
  issue: MediaIssue | null;
}

export const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
export const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true };

const RECOVER_PERMISSION =
  'Allow camera and microphone for this site (the icon left of the address bar), then reload.';

function errorName(error: unknown): string {
  return error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
    ? String((error as { name: unknown }).name)
    : 'Error';
}

function issueFor(error: unknown): MediaIssue {
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        kind: 'permission-denied',
        message: `Camera and microphone access was refused. You can still join and see and hear the other person. ${RECOVER_PERMISSION}`,
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return {
        kind: 'no-devices',
        message:
          'No camera or microphone was found. You can still join and see and hear the other person; plug one in and reload to send yours.',
      };
    case 'NotReadableError':
    case 'AbortError':
      return {
        kind: 'in-use',
        message:
          'Your camera or microphone is busy or blocked (another app may be using it). Close that app and reload; meanwhile you can join receive-only.',
      };
    default:
      return {
        kind: 'unknown',
        message: `Could not start camera or microphone (${errorName(error)}). You can still join receive-only.`,
      };
  }
}

/**
 * Asks for camera + microphone, then for whichever of the two exists when one is missing.
 * Never throws: without any device the call still works receive-only. `choice` names the devices
 * picked last time: asked for first; if one is gone, any camera and mic will do.
 */
export async function acquireLocalMedia(
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
  choice: DeviceChoice = {},
): Promise<LocalMedia> {
  if (mediaDevices?.getUserMedia && (choice.camera || choice.microphone)) {
    try {
      const audio = withDevice(AUDIO, choice.microphone);
      const video = withDevice(VIDEO, choice.camera);
      return { stream: await mediaDevices.getUserMedia({ audio, video }), issue: null };
    } catch (error) {
      const issue = issueFor(error);
      if (issue.kind === 'permission-denied') return { stream: null, issue };
      // The remembered device is unplugged or busy: go on as if none had been chosen.
    }
  }
  if (!mediaDevices?.getUserMedia) {
    return {
      stream: null,
      issue: {
        kind: 'insecure',
        message:
          'This page cannot use a camera here: open it over https:// (or on localhost). You can still join receive-only.',
      },
    };
  }
  try {
    return { stream: await mediaDevices.getUserMedia({ audio: AUDIO, video: VIDEO }), issue: null };
  } catch (error) {
    const issue = issueFor(error);
    if (issue.kind === 'permission-denied' || issue.kind === 'insecure')
      return { stream: null, issue };
    // One of the two devices may still work on its own.
    try {
      const stream = await mediaDevices.getUserMedia({ audio: AUDIO });
      return {
        stream,
        issue: {
          kind: 'no-camera',
          message:
            'No usable camera: you are in the call with audio only. Plug in or free a camera and reload to send video.',
        },
      };
    } catch {
      try {
        const stream = await mediaDevices.getUserMedia({ video: VIDEO });
        return {
          stream,
          issue: {
            kind: 'no-microphone',
            message: 'No usable microphone: the other person will see you but not hear you.',
          },
        };
      } catch {
        return { stream: null, issue };
      }
    }
  }
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
