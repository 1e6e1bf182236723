// The `multiproc` command's entry: parses the arguments and runs the chosen command (see program.ts).
import { buildProgram } from './program.js';

await buildProgram().parseAsync(process.argv);
