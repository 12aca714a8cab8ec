// @ts-check
/**
 * The baseline the app is measured against: plain node:http and the same driver, set up the way
 * src/db does it (better-sqlite3 with the app's pragmas and prepared statements reused, a pg Pool
 * or a mysql2 pool of the app's size), and no framework, ORM, logger or middleware. Plain
 * JavaScript so it pays no type stripping at start-up.
 *
 * Besides the probes it answers the API routes the bench loads, with the same SQL work as the app
 * (the same statements, one transaction where the app has one) on the app's own database:
 * GET /api/v1/content/{slug}, GET /api/v1/content?page=&perPage=, POST /api/v1/content (an HS256
 * access token checked with node:crypto, the user and the 2fa_required setting read, the taken
 * slugs read, content and audit event inserted) and POST /api/v1/auth/login (the user read, scrypt
 * with the stored hash's parameters, the user updated, audit event and refresh token inserted, an
 * access token signed). Input checks are minimal: it is a yardstick, not an API.
 *
 * Environment: PORT, HOST, BARE_DB (sqlite | postgresql | mariadb), BARE_SQLITE_PATH,
 * BARE_SQLITE_PRAGMAS (JSON list), BARE_PG_URL, BARE_MYSQL_URL, BARE_POOL_MAX, BARE_SECRET_KEY (the
 * app's SECRET_KEY, for access tokens), BARE_HEADERS=1 (also send the app's security headers and a
 * request id, to tell what those bytes cost from what the framework costs), PASSENGER_BASE_URI (set
 * by Passenger: the prefix its requests keep).
 */
import { createHash, createHmac, hkdfSync, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

import { iso, openDatabase, SUMMARY, summary } from './yardstick.mjs';

/** @typedef {import('./yardstick.mjs').DbRow} DbRow */

const env = process.env;
const started = Date.now();

const db = await openDatabase(env);
const withHeaders = env.BARE_HEADERS === '1';
// The app's own header list and slug rules, from its TypeScript sources: importing a .ts file makes
// Node load its type stripper (about 130 ms on the bench machine), so they are imported only when a
// run needs them (the headers variant, the first creation) and a cold start times plain JavaScript.
const EXTRA_HEADERS = withHeaders ? Object.fromEntries((await import('../src/http/security.ts')).SECURITY_HEADERS) : {};
/** @type {Promise<typeof import('../src/modules/content/slug.ts')> | undefined} */
let slugRules;

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [more]
 */
function json(res, status, body, more) {
  const text = JSON.stringify(body);
  /** @type {Record<string, string | number>} */
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...more };
  if (withHeaders) Object.assign(headers, EXTRA_HEADERS, { 'x-request-id': randomUUID() });
  res.writeHead(status, headers);
  res.end(text);
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<any>} */
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

// Access tokens as src/modules/auth/tokens.ts makes them: HS256 under an HKDF-derived key.
const tokenKey = Buffer.from(hkdfSync('sha256', env.BARE_SECRET_KEY ?? '', 'filamenta', 'access-token/v1', 32)).toString('base64url');
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const ACCESS_TTL_S = 900;
const hmac = (/** @type {string} */ data) => createHmac('sha256', tokenKey).update(data).digest();

/** @param {Record<string, unknown>} payload */
function signToken(payload) {
  const body = `${JWT_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${hmac(body).toString('base64url')}`;
}

/** The user id of a valid, unexpired access token. @param {string | undefined} header */
function tokenUser(header) {
  const [, token] = /^Bearer\s+(\S+)$/i.exec(header ?? '') ?? [];
  const [h, p, s] = token?.split('.') ?? [];
  if (!s) return undefined;
  const given = Buffer.from(s, 'base64url');
  const expected = hmac(`${h}.${p}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  return claims.typ === 'access' && claims.exp > Date.now() / 1000 ? Number(claims.sub) : undefined;
}

/** scrypt with the parameters stored in the hash, as src/modules/auth/password.ts verifies. @param {string} password @param {string} stored */
function verifyPassword(password, stored) {
  const [, log2N, r, p, salt, key] = stored.split('$');
  const N = 2 ** Number(log2N);
  const options = { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) };
  const expected = Buffer.from(key, 'base64url');
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, options, (error, derived) =>
      error ? reject(error) : resolve(timingSafeEqual(derived, expected)),
    ),
  );
}

const flag = (/** @type {unknown} */ v) => v === true || v === 1 || v === '1';
/** @param {DbRow} u */
const publicUser = (u) => ({
  id: Number(u.id),
  username: u.username,
  email: u.email,
  role: u.role,
  active: flag(u.active),
  emailVerified: flag(u.email_verified),
  twoFactorEnabled: flag(u.two_factor_enabled),
  lastLoginAt: iso(u.last_login_at),
  createdAt: iso(u.created_at),
  updatedAt: iso(u.updated_at),
});
const AUDIT_INSERT = 'insert into audit_events (at, actor_id, action, target_type, target_id, ip, details) values (?, ?, ?, ?, ?, ?, ?)';
const EXCERPT_LENGTH = 200;

/** @type {Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, rest: string, query: URLSearchParams) => Promise<void>>} */
const api = {
  async 'GET /api/v1/content/'(_req, res, slug) {
    const [row] = await db.all(`select ${SUMMARY}, body from content where slug = ? and status in (?)`, [
      decodeURIComponent(slug),
      'published',
    ]);
    if (!row) return json(res, 404, { status: 404 });
    json(res, 200, { ...summary(row), body: row.body }, { etag: `"${row.id}-${row.version}"` });
  },
  async 'GET /api/v1/content'(_req, res, _rest, query) {
    const page = Number(query.get('page') ?? 1);
    const perPage = Number(query.get('perPage') ?? 20);
    const [rows, [count]] = await Promise.all([
      db.all(`select ${SUMMARY} from content where status in (?) order by created_at desc, id desc limit ? offset ?`, [
        'published',
        perPage,
        (page - 1) * perPage,
      ]),
      db.all('select count(*) as total from content where status in (?)', ['published']),
    ]);
    json(res, 200, { items: rows.map(summary), page, perPage, total: Number(count.total) });
  },
  async 'POST /api/v1/content'(req, res) {
    const userId = tokenUser(req.headers.authorization);
    const [user] = userId ? await db.all('select * from users where id = ? and active = true and deleted_at is null', [userId]) : [];
    if (!user) return json(res, 401, { status: 401 });
    if (user.role !== 'editor' && user.role !== 'admin') return json(res, 403, { status: 403 });
    if (!flag(user.two_factor_enabled)) {
      const [setting] = await db.all(`select * from settings where ${db.quote('key')} = ?`, ['2fa_required']);
      if (setting && (typeof setting.value === 'string' ? JSON.parse(setting.value) : setting.value) === true)
        return json(res, 403, { status: 403 });
    }
    const input = await readJson(req);
    if (typeof input.title !== 'string' || typeof input.body !== 'string') return json(res, 422, { status: 422 });
    const type = input.type ?? 'post';
    const status = input.status ?? 'draft';
    const { fold, nextSlug, slugify } = await (slugRules ??= import('../src/modules/content/slug.ts'));
    const base = slugify(input.title, type);
    const taken = await db.all('select slug from content where (slug = ? or slug like ?)', [base, `${base}-%`]);
    const slug = nextSlug(
      base,
      taken.map((r) => r.slug),
    );
    const text = input.body.replace(/\s+/g, ' ').trim();
    const excerpt = text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
    const now = new Date();
    const publishedAt = status === 'published' ? now : null;
    const ip = req.socket.remoteAddress ?? null;
    const id = await db.tx(async (q) => {
      const id = await q.insert(
        'insert into content (slug, title, search_text, body, excerpt, type, status, author_id, published_at, created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [slug, input.title, fold(input.title), input.body, excerpt, type, status, user.id, publishedAt, now, now, 1],
      );
      await q.insert(AUDIT_INSERT, [now, user.id, 'content.created', 'content', String(id), ip, JSON.stringify({ slug, status })]);
      return id;
    });
    const at = now.toISOString();
    const view = { id, slug, title: input.title, excerpt, type, status, authorId: Number(user.id), publishedAt: publishedAt && at };
    json(
      res,
      201,
      { ...view, createdAt: at, updatedAt: at, version: 1, body: input.body },
      { etag: `"${id}-1"`, location: `/api/v1/content/${id}` },
    );
  },
  async 'POST /api/v1/auth/login'(req, res) {
    const input = await readJson(req);
    const login = String(input.login).trim().toLowerCase();
    const [user] = await db.all(`select * from users where ${login.includes('@') ? 'email' : 'username'} = ? and deleted_at is null`, [
      login,
    ]);
    if (!user || !(await verifyPassword(String(input.password), user.password_hash))) return json(res, 401, { status: 401 });
    const now = new Date();
    const ip = req.socket.remoteAddress ?? null;
    const refreshToken = randomBytes(32).toString('base64url');
    await db.tx(async (q) => {
      await q.run(
        'update users set failed_login_count = ?, locked_until = ?, last_login_at = ?, last_login_ip = ?, updated_at = ? where id = ?',
        [0, null, now, ip, now, user.id],
      );
      await q.insert(AUDIT_INSERT, [now, user.id, 'auth.login', 'user', String(user.id), ip, null]);
      await q.insert('insert into refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) values (?, ?, ?, ?, ?)', [
        createHash('sha256').update(refreshToken).digest('hex'),
        randomUUID(),
        user.id,
        now,
        new Date(now.getTime() + 30 * 86_400_000),
      ]);
    });
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = signToken({ sub: String(user.id), role: user.role, typ: 'access', iat, exp: iat + ACCESS_TTL_S });
    const body = { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TTL_S };
    json(res, 200, { ...body, user: publicUser({ ...user, last_login_at: now, updated_at: now }) });
  },
};

// Under Passenger the request keeps the application URL in front (PASSENGER_BASE_URI).
const BASE = env.PASSENGER_BASE_URI ?? '';

/** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} */
async function handle(req, res) {
  const url = BASE && req.url?.startsWith(`${BASE}/`) ? req.url.slice(BASE.length) : (req.url ?? '/');
  const [path, search = ''] = url.split('?');
  if (path === '/health') return json(res, 200, { status: 'ok', uptimeS: Math.round((Date.now() - started) / 1000) });
  if (path === '/health/ready') {
    const t0 = performance.now();
    try {
      await db.ping();
      return json(res, 200, { status: 'ready', database: { ok: true, latencyMs: Math.round((performance.now() - t0) * 100) / 100 } });
    } catch (error) {
      return json(res, 503, { status: 'unavailable', reason: String(error) });
    }
  }
  const slugRoute = req.method === 'GET' && path.startsWith('/api/v1/content/');
  const handler = slugRoute ? api['GET /api/v1/content/'] : api[`${req.method} ${path}`];
  if (!handler) return json(res, 404, { status: 404 });
  try {
    await handler(req, res, slugRoute ? path.slice('/api/v1/content/'.length) : '', new URLSearchParams(search));
  } catch (error) {
    console.error(error);
    if (!res.headersSent) json(res, 500, { status: 500 });
  }
}

const server = createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT ?? 3500), env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
