// Why a child could not be started, as Python reports it. Node's asynchronous spawn() only tells us
// (synchronously) that no pid came back, so the cause is found again here, on the failure path only.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { FileNotFoundError, PermissionError, SpawnError } from './errors.js';

/** The error for a failed start with a known errno code (from spawnSync, or from diagnoseSpawnFailure). */
export function spawnFailure(code: string, filename: string): SpawnError {
  if (code === 'ENOENT') return new FileNotFoundError(filename);
  if (code === 'EACCES') return new PermissionError(filename);
  return new SpawnError(code, filename);
}

/** Find the cause of a failed start: a missing cwd, a program not found or not executable. */
export function diagnoseSpawnFailure(program: string, cwd: string | undefined, env: NodeJS.ProcessEnv): SpawnError {
  const base = cwd ?? process.cwd();
  if (cwd !== undefined && !isDirectory(cwd)) return spawnFailure(exists(cwd) ? 'ENOTDIR' : 'ENOENT', cwd);
  const candidates = program.includes('/')
    ? [resolve(base, program)]
    : (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).map((dir) => resolve(base, dir || '.', program));
  const found = candidates.filter(exists);
  if (found.length === 0) return spawnFailure('ENOENT', program);
  if (!found.some(isExecutableFile)) return spawnFailure('EACCES', program);
  return spawnFailure('EAGAIN', program);
}

/** Like diagnoseSpawnFailure when the errno is known (spawnSync); ENOENT may still mean the cwd. */
export function explainSpawnError(code: string, program: string, cwd: string | undefined): SpawnError {
  if (code === 'ENOENT' && cwd !== undefined && !isDirectory(cwd)) return spawnFailure('ENOENT', cwd);
  return spawnFailure(code, program);
}

function exists(path: string): boolean {
  try { statSync(path); return true; } catch { return false; }
}

function isDirectory(path: string): boolean {
  try { return statSync(path).isDirectory(); } catch { return false; }
}

function isExecutableFile(path: string): boolean {
  try { accessSync(path, constants.X_OK); return statSync(path).isFile(); } catch { return false; }
}
