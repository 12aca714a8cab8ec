/**
 * npm run admin:create -- --username ada --email ada@example.com --password '...'
 * Creates an administrator. Flags make it non-interactive; a missing flag is prompted for only when
 * stdin is a terminal (otherwise it is an error, exit 2). A weak password is refused (exit 2); a
 * taken username or email exits 1.
 */
import { createInterface } from 'node:readline/promises';

import { ProblemError } from '../src/http/problem.ts';
import { createPasswordHasher } from '../src/modules/auth/password.ts';
import { EmailSchema, NewPasswordSchema, UsernameSchema } from '../src/modules/users/users.schemas.ts';
import { createUser } from '../src/modules/users/users.service.ts';
import { runScript, ScriptError } from './cli.ts';

const FIELDS = { username: UsernameSchema, email: EmailSchema, password: NewPasswordSchema } as const;
type Field = keyof typeof FIELDS;

await runScript(
  { flags: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } } },
  async ({ orm, flags }) => {
    const values = {} as Record<Field, string>;
    for (const field of Object.keys(FIELDS) as Field[]) {
      const raw = typeof flags[field] === 'string' ? flags[field] : await prompt(field);
      const parsed = FIELDS[field].safeParse(raw);
      if (!parsed.success) throw new ScriptError(`--${field}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, 2);
      values[field] = parsed.data;
    }
    try {
      const user = await createUser(orm.fork(), { ...values, role: 'admin' }, { hasher: createPasswordHasher(), now: new Date() });
      console.log(`Created administrator ${user.username} <${user.email}> (id ${user.id})`);
    } catch (error) {
      if (error instanceof ProblemError) throw new ScriptError(error.message, 1);
      throw error;
    }
  },
);

async function prompt(field: Field): Promise<string> {
  if (!process.stdin.isTTY) throw new ScriptError(`--${field} is required (stdin is not a terminal, so there is no prompt)`, 2);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    // The password is typed in the clear here; pass it with --password from a secret store in scripts.
    return await rl.question(`${field}: `);
  } finally {
    rl.close();
  }
}
