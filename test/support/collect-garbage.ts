// A full garbage collection on demand, for tests that measure what stays on the heap; no --expose-gc flag needed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** Runs a full, synchronous mark-sweep-compact of the whole heap. */
export const collectGarbage = runInNewContext('gc') as () => void;
