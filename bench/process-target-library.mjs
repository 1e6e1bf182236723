// A trivial target in a module that imports the library by its name, as a program's own module does: the child loads
// the library's entry to import it (bench/process.ts, "target's module imports multiproc").
import 'multiproc';

export function noopWithLibrary() {}
