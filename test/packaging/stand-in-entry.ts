// Stand-in for the server entry while packaging is tested on its own: proves the executable
// runs bundled TypeScript (with an npm dependency and a bundled text file) on the pinned
// Node, not on a Node from PATH.
import {z} from 'zod';
import note from './stand-in-note.md';

const token = z.string().regex(/^[a-z0-9]+$/).safeParse(process.env.STAND_IN_TOKEN);
process.stdout.write(`stand-in token=${token.success ? token.data : 'invalid'} node=${process.version} arch=${process.arch}\n`);
process.stdout.write(note);
process.exitCode = token.success ? 0 : 3;
