// Makes sure a redis-server is there for the cluster tests, the way ensure-browser.mjs does
// for Chromium: REDIS_SERVER first, then the usual names; as root with apt, install Debian's
// `redis-server` package; otherwise stop with one line saying what to install. Never a skip.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const INSTALL_HINT =
  'No redis-server found for the cluster tests: install Debian\'s "redis-server" package (apt-get install redis-server) or set REDIS_SERVER to a redis-server binary.';

export class RedisMissingError extends Error {}

export function findRedisServer() {
  if (process.env.REDIS_SERVER) return existsSync(process.env.REDIS_SERVER) ? process.env.REDIS_SERVER : undefined;
  for (const path of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(path)) return path;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

function apt(args, log) {
  log(`$ apt-get ${args.join(' ')}`);
  return spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

/** The path of a usable redis-server, installing Debian's package when it can. */
export function ensureRedis({ log = console.log } = {}) {
  if (process.env.REDIS_SERVER && !existsSync(process.env.REDIS_SERVER)) {
    throw new RedisMissingError(`REDIS_SERVER is set to ${process.env.REDIS_SERVER}, but no file is there: fix REDIS_SERVER or unset it.`);
  }
  const found = findRedisServer();
  if (found) return found;
  if (!isRoot() || !hasAptGet()) throw new RedisMissingError(INSTALL_HINT);
  log('No redis-server found; installing Debian\'s "redis-server" package with apt-get (running as root).');
  const install = ['install', '-y', '--no-install-recommends', 'redis-server'];
  if (!apt(install, log)) {
    log('apt-get install failed; updating the package lists and trying again.');
    if (!apt(['update'], log) || !apt(install, log)) throw new RedisMissingError(`Installing "redis-server" with apt-get failed. ${INSTALL_HINT}`);
  }
  // Debian's package starts a system service on 6379; the tests start their own and leave it alone.
  const installed = findRedisServer();
  if (!installed) throw new RedisMissingError(`apt-get installed "redis-server" but no binary was found afterwards. ${INSTALL_HINT}`);
  log(`Installed redis-server at ${installed}.`);
  return installed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureRedis());
  } catch (error) {
    console.error(error instanceof RedisMissingError ? error.message : error);
    process.exit(1);
  }
}
