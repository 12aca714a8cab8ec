/**
 * /admin/users/new and /admin/users/:id: create an account with a role; change its username,
 * email, role, whether it is active and verified, set a new password; delete it (soft, or for
 * good). The API's refusals (the last administrator, your own account) are said in words.
 */
import { useEffect, useState } from 'preact/hooks';

import { api, call, type Schemas } from '../api/client.ts';
import { type Failure, failure } from '../api/problem.ts';
import { formatDateTime, type MessageKey, t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { user as me } from '../session.ts';
import { Loading } from '../ui/alert.tsx';
import { confirm } from '../ui/dialog.tsx';
import { SelectField, Switch, TextField } from '../ui/field.tsx';
import { Form, rules, useForm } from '../ui/form.tsx';
import { labelled, ROLE_LABEL } from '../ui/labels.ts';
import { Page, Panel } from '../ui/page.tsx';
import { NewPasswordFields } from '../ui/password.tsx';
import { notify } from '../ui/toasts.tsx';

type AdminUser = Schemas['AdminUser'];
type Role = AdminUser['role'];

/**
 * The API's 409 for an account change, in words: the last active administrator, or an account
 * already deleted. Its 403s name their reason by problem type (yourself, no longer an
 * administrator), which failure() says in words.
 */
function refusals(target: AdminUser): Partial<Record<number, MessageKey>> {
  return {
    409: target.deletedAt ? 'users.isDeleted' : 'users.lastAdmin',
  };
}

function CreateUser() {
  const form = useForm({ username: '', email: '', password: '', role: 'member' as Role });
  const submit = () =>
    form.submit({ username: [rules.username], email: [rules.email], password: [rules.password] }, async (values) => {
      const body = { username: values.username.trim(), email: values.email.trim(), password: values.password, role: values.role };
      const { data, error, response } = await call(() => api.POST('/api/v1/users', { body }));
      if (!data) return failure(response, error);
      notify.success(t('users.created', { name: data.username }));
      await navigate(`/users/${data.id}`, { replace: true });
      return undefined;
    });
  return (
    <Page title={t('users.new')}>
      <Form onSubmit={submit} submitLabel={t('users.create')} busy={form.busy} failure={form.failure}>
        <TextField label={t('field.username')} hint={t('field.usernameHint')} autoComplete="off" required {...form.text('username')} />
        <TextField label={t('field.email')} type="email" autoComplete="off" required {...form.text('email')} />
        <NewPasswordFields label={t('field.password')} password={form.text('password')} />
        <SelectField
          label={t('users.role')}
          value={form.values.role}
          onValue={(role) => form.set({ role })}
          options={labelled(ROLE_LABEL)}
        />
      </Form>
    </Page>
  );
}

const fieldsOf = (u: AdminUser) => ({
  username: u.username,
  email: u.email,
  role: u.role,
  active: u.active,
  emailVerified: u.emailVerified,
  password: '',
});

function EditUser({ id }: { id: number }) {
  const [target, setTarget] = useState<AdminUser | undefined>();
  const [problem, setProblem] = useState<Failure | undefined>();
  const form = useForm(fieldsOf({ username: '', email: '', role: 'member', active: true, emailVerified: false } as AdminUser));

  useEffect(() => {
    call(() => api.GET('/api/v1/users/{id}', { params: { path: { id } } })).then(
      ({ data, error, response }) => {
        setProblem(data ? undefined : failure(response, error));
        if (data) {
          setTarget(data);
          form.reset(fieldsOf(data));
        }
      },
      () => setProblem(failure(undefined, undefined)),
    );
  }, [id]);

  if (!target)
    return (
      <Page title={t('users.edit')}>
        <Loading failure={problem} />
      </Page>
    );

  const before = fieldsOf(target);
  const submit = () =>
    form.submit(
      { username: [rules.username], email: [rules.email], password: [(v) => (v ? rules.password(v) : undefined)] },
      async (values) => {
        // Only what changed is sent, so a refusal names the change that caused it.
        const body = Object.fromEntries(
          (['username', 'email', 'role', 'active', 'emailVerified'] as const)
            .filter((k) => values[k] !== before[k])
            .map((k) => [k, typeof values[k] === 'string' ? (values[k] as string).trim() : values[k]]),
        );
        if (values.password) body.password = values.password;
        if (!Object.keys(body).length) return undefined;
        const { data, error, response } = await call(() => api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
        if (!data) return failure(response, error, refusals(target));
        setTarget(data);
        form.reset(fieldsOf(data));
        notify.success(t('users.saved', { name: data.username }));
        return undefined;
      },
    );

  const remove = async (hard: boolean) => {
    const yes = await confirm({
      title: t(hard ? 'users.hardDeleteTitle' : 'users.deleteTitle', { name: target.username }),
      message: t(hard ? 'users.hardDeleteText' : 'users.deleteText'),
      confirmLabel: t(hard ? 'users.hardDelete' : 'users.delete'),
      danger: true,
    });
    if (!yes) return;
    const { error, response } = await call(() =>
      api.DELETE('/api/v1/users/{id}', { params: { path: { id }, query: hard ? { hard: 'true' } : {} } }),
    );
    if (!response.ok) return notify.error(failure(response, error, refusals(target)).message);
    notify.success(t(hard ? 'users.hardDeleted' : 'users.deleted', { name: target.username }));
    await navigate('/users');
  };

  const self = me.value?.id === target.id;
  return (
    <Page title={t('users.editNamed', { name: target.username })}>
      <p class="meta">
        {t('users.meta', { created: formatDateTime(target.createdAt), login: formatDateTime(target.lastLoginAt) || t('users.never') })}
        {target.deletedAt && ` ${t('users.deletedAt', { when: formatDateTime(target.deletedAt) })}`}
        {target.lockedUntil && ` ${t('users.lockedUntil', { when: formatDateTime(target.lockedUntil) })}`}
      </p>
      {self && <p class="hint">{t('users.selfHint')}</p>}
      <Form onSubmit={submit} submitLabel={t('form.save')} busy={form.busy} failure={form.failure} label={t('users.edit')}>
        <TextField label={t('field.username')} hint={t('field.usernameHint')} autoComplete="off" required {...form.text('username')} />
        <TextField label={t('field.email')} type="email" autoComplete="off" required {...form.text('email')} />
        <SelectField
          label={t('users.role')}
          value={form.values.role}
          onValue={(role) => form.set({ role })}
          options={labelled(ROLE_LABEL)}
        />
        <Switch label={t('users.activeLabel')} hint={t('users.activeHint')} {...form.check('active')} />
        <Switch label={t('users.verifiedLabel')} {...form.check('emailVerified')} />
        <TextField
          label={t('users.newPassword')}
          hint={t('users.newPasswordHint')}
          type="password"
          autoComplete="new-password"
          {...form.text('password')}
        />
      </Form>
      <Panel title={t('users.deleteSection')} id="delete">
        <div class="actions">
          {!target.deletedAt && (
            <button type="button" class="danger" onClick={() => void remove(false)}>
              {t('users.delete')}
            </button>
          )}
          <button type="button" class="danger" onClick={() => void remove(true)}>
            {t('users.hardDelete')}
          </button>
        </div>
      </Panel>
    </Page>
  );
}

export function UserEdit({ params }: PageProps) {
  return params.id ? <EditUser id={Number(params.id)} key={params.id} /> : <CreateUser />;
}
