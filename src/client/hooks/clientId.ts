// A per-tab id kept across reloads, so a reloaded page takes back its own seat in the room.
const KEY = 'duet.clientId';

export function getClientId(storage: Storage | undefined = globalThis.sessionStorage): string {
  const existing = storage?.getItem(KEY);
  if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
  const id = crypto.randomUUID().replaceAll('-', '');
  storage?.setItem(KEY, id);
  return id;
}
