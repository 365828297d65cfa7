// `npm run migrate` and `npm run cli` use the built CLI; build it first when the sources changed.
import { ensureBuilt } from './lib/build-state.mjs';

try {
  ensureBuilt(['server'], { quiet: true });
} catch {
  process.stderr.write('The build failed; run "npm run build:server" to see why.\n');
  process.exit(1);
}
