// What the resource tracker removes, shared by the tracker process and the root's own exit hook: every
// `/dev/shm/mp-<root>-*` entry (library segments, the registry, the tracker's pid file) and the user-named
// SharedMemory segments that processes of the tree created and listed in the registry file.
import { closeSync, readFileSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { openOwnFileForAppending, openOwnFileForReading, ownsPath } from './own-file.js';

/** Where POSIX shared memory names live on Linux. */
export const SHM_DIR = '/dev/shm';

/** One line per event, `+name` when a user-named segment is created, `-name` when it is unlinked. */
export function registryPathOf(root: number): string {
  return `${SHM_DIR}/mp-${root}-registry`;
}

/** Holds the tracker's pid; its existence says a tracker was started for this root. */
export function trackerPathOf(root: number): string {
  return `${SHM_DIR}/mp-${root}-tracker`;
}

/**
 * Appends a registry event; O_APPEND writes of one short line do not interleave between processes. False when the
 * registry cannot be ours (another user's file holds the name and cannot be removed): nothing is written to it.
 */
export function appendRegistry(root: number, line: string): boolean {
  const fd = openOwnFileForAppending(registryPathOf(root));
  if (fd === null) return false;
  try {
    writeSync(fd, `${line}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The user-named segments still registered (created and not yet unlinked through the library). */
export function registeredNames(root: number): string[] {
  // Only a registry of ours is read: a planted one would have our exit remove its planter's choice of files.
  const fd = openOwnFileForReading(registryPathOf(root));
  if (fd === null) return [];
  let text: string;
  try {
    text = readFileSync(fd, 'utf8');
  } catch {
    return [];
  } finally {
    closeSync(fd);
  }
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('+')) names.add(line.slice(1));
    else if (line.startsWith('-')) names.delete(line.slice(1));
  }
  return [...names];
}

/** Removes `path` if this user owns it (as root, unlinking in /dev/shm would succeed on anybody's file). */
function removeQuietly(path: string, removed: string[]): void {
  if (!ownsPath(path)) return;
  try {
    unlinkSync(path);
    removed.push(path);
  } catch {
    // already gone (someone unlinked it) or not ours to remove
  }
}

/** Removes everything the tree of `root` left in /dev/shm; returns the paths removed. Safe to run repeatedly. */
export function sweep(root: number, options: { keepTrackerFile?: boolean } = {}): string[] {
  const removed: string[] = [];
  for (const name of registeredNames(root)) {
    if (!name.includes('/')) removeQuietly(`${SHM_DIR}/${name}`, removed);
  }
  const prefix = `mp-${root}-`;
  let entries: string[] = [];
  try {
    entries = readdirSync(SHM_DIR);
  } catch {
    return removed;
  }
  const trackerFile = trackerPathOf(root);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const path = `${SHM_DIR}/${entry}`;
    if (options.keepTrackerFile && path === trackerFile) continue;
    removeQuietly(path, removed);
  }
  return removed;
}

