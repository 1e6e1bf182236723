// The process tree this process belongs to: its root's pid names every segment the tree makes.

/** The pid of the process that started this tree (children learn it from the environment). */
export const rootPid = Number(process.env.MULTIPROC_ROOT_PID ?? process.pid);

/** Every name this library gives a segment starts with this; the tracker sweeps `${SEGMENT_PREFIX}${root}-*`. */
export const SEGMENT_PREFIX = 'mp-';
