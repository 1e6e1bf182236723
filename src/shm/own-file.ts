// Files in shared directories (/dev/shm, /tmp) that another local user could plant before us: opened without
// following symlinks and trusted only when this user owns them, created 0600 with O_EXCL so nobody else's file is
// ever taken for ours.
import { closeSync, constants, fstatSync, lstatSync, openSync, unlinkSync } from 'node:fs';

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY } = constants;

/** This process's user id (Linux always has one; elsewhere nothing can be checked). */
export const OUR_UID = process.getuid?.() ?? -1;

/** Whether the open file is a regular file this user owns. */
function isOwnRegularFile(fd: number): boolean {
  const stat = fstatSync(fd);
  return stat.isFile() && stat.uid === OUR_UID;
}

/** Whether the entry at `path` (not followed if a symlink) belongs to this user; false when it does not exist. */
export function ownsPath(path: string): boolean {
  try {
    return lstatSync(path).uid === OUR_UID;
  } catch {
    return false;
  }
}

/** Opens `path` for reading if it is a regular file of ours; null when it is missing or not to be trusted. */
export function openOwnFileForReading(path: string): number | null {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW);
  } catch {
    return null;
  }
  if (isOwnRegularFile(fd)) return fd;
  closeSync(fd);
  return null;
}

/**
 * Opens `path` for appending, creating it 0600 if need be. A file somebody else planted under the name is removed
 * and replaced when the directory lets us (our own name, squatted); null when it cannot be (then nothing is written).
 */
export function openOwnFileForAppending(path: string): number | null {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    }
    let fd: number | null = null;
    try {
      fd = openSync(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
      if (isOwnRegularFile(fd)) return fd;
    } catch {
      // a symlink, a directory, or gone again: judged below by its owner
    }
    if (fd !== null) closeSync(fd);
    if (!removePlanted(path)) return null;
  }
  return null;
}

/** Removes an entry that is not ours; false when the directory does not let us (a sticky /dev/shm, not root). */
export function removePlanted(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
