// Getting the camera and microphone, with fallbacks and a plain-language reason when it fails.
import { msg, type Message } from '../i18n/message';
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
  message: Message;
}

export interface LocalMedia {
  stream: MediaStream | null;
  issue: MediaIssue | null;
}

export const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
export const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true };

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
        message: msg('media.permissionDenied'),
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return {
        kind: 'no-devices',
        message: msg('media.noDevices'),
      };
    case 'NotReadableError':
    case 'AbortError':
      return {
        kind: 'in-use',
        message: msg('media.inUse'),
      };
    default:
      return {
        kind: 'unknown',
        message: msg('media.unknown', { error: errorName(error) }),
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
        message: msg('media.insecure'),
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
          message: msg('media.noCamera'),
        },
      };
    } catch {
      try {
        const stream = await mediaDevices.getUserMedia({ video: VIDEO });
        return {
          stream,
          issue: {
            kind: 'no-microphone',
            message: msg('media.noMicrophone'),
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
