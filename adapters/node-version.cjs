// @ts-check
/**
 * The Node.js version check every entry point runs before anything else. On an older Node the
 * TypeScript sources fail to load (ERR_UNKNOWN_FILE_EXTENSION) and native addons built for newer
 * Node may crash, so this file is plain CommonJS in syntax every Node since 12 parses, and the
 * entry points load the rest of the app only after it passed: the adapters import the app
 * dynamically after `requireSupportedNode()`, the npm scripts run this file first.
 */
'use strict';

/** package.json's `engines.node` (a unit test keeps the two equal). */
const MINIMUM = [22, 18];

/** Exit code for a setup that a retry will not fix (sysexits.h EX_CONFIG, as EXIT_CODES.config). */
const EXIT_CONFIG = 78;

/**
 * One line saying which version is needed and which one runs, or undefined when it is recent enough.
 * @param {string} [version] process.versions.node
 * @param {string} [binary] the node that runs
 */
function nodeVersionProblem(version, binary) {
  const running = version || process.versions.node;
  const parts = running.split('.').map(Number);
  if (parts[0] > MINIMUM[0] || (parts[0] === MINIMUM[0] && parts[1] >= MINIMUM[1])) return undefined;
  const needed = MINIMUM.join('.');
  return (
    'Filamenta needs Node.js ' +
    needed +
    ' or newer, but this is Node.js ' +
    running +
    ' (' +
    (binary || process.execPath) +
    '): ' +
    'choose Node.js ' +
    needed +
    ' or newer (24 LTS recommended)'
  );
}

/** Exits 78 with that line on stderr when the running Node is too old. */
function requireSupportedNode() {
  const problem = nodeVersionProblem();
  if (!problem) return;
  process.stderr.write(problem + '\n');
  process.exit(EXIT_CONFIG);
}

module.exports = { MINIMUM, nodeVersionProblem, requireSupportedNode };

// `node adapters/node-version.cjs && node scripts/...`: the npm scripts check first this way.
if (require.main === module) requireSupportedNode();
