/** An auth test app with an admin, an editor and a member signed in, and content request helpers. */
import type { Role } from '../../src/db/entities/index.ts';
import { createPasswordHasher } from '../../src/modules/auth/password.ts';
import { createUser } from '../../src/modules/users/users.service.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, type Session } from './auth.ts';
import type { TestDb } from './databases.ts';
import { type Json, json } from './http.ts';

export interface ContentTestApp extends AuthTestApp {
  admin_: Session;
  editor: Session;
  member: Session;
  send(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Creates content as the editor and returns the created item. */
  create(body: Record<string, unknown>, token?: string): Promise<Json>;
}

export async function buildContentApp(
  type: TestDb,
  env: Record<string, string> = {},
  options: Parameters<typeof buildAuthApp>[2] = {},
): Promise<ContentTestApp> {
  const t = await buildAuthApp(type, env, options);
  const admin = await t.admin('root');
  const hasher = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 } });
  const signIn = async (username: string, role: Role): Promise<Session> => {
    await createUser(t.orm.fork(), { username, email: `${username}@example.com`, password: PASSWORD, role }, { hasher, now: t.now() });
    return json(await t.login(username));
  };
  const send = async (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const editor = await signIn('eddie', 'editor');
  const member = await signIn('mia', 'member');
  return {
    ...t,
    admin_: admin,
    editor,
    member,
    send,
    async create(body, token = editor.accessToken) {
      const res = await send('POST', '/api/v1/content', token, body);
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
      return json(res);
    },
  };
}
