/**
 * /admin/content/new and /admin/content/:id: title, slug, type, excerpt and body, with a guard
 * against leaving unsaved changes. Saving sends If-Match with the version that was read; when
 * someone else saved in between (412), the person chooses to reload theirs or to overwrite it
 * knowingly. Publish, archive and delete (confirmed) act on the saved version.
 */
import { useEffect, useState } from 'preact/hooks';

import { api, call, type Schemas } from '../api/client.ts';
import { type Failure, failure } from '../api/problem.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { navigate, setLeaveGuard } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { Loading } from '../ui/alert.tsx';
import { confirm } from '../ui/dialog.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { Form, rules, useForm } from '../ui/form.tsx';
import { labelled, STATUS_LABEL, TYPE_LABEL } from '../ui/labels.ts';
import { Page } from '../ui/page.tsx';
import { notify } from '../ui/toasts.tsx';

type Content = Schemas['Content'];
type Kind = Content['type'];

const EMPTY = { title: '', slug: '', type: 'post' as Kind, excerpt: '', body: '' };
const fieldsOf = (c: Content) => ({ title: c.title, slug: c.slug, type: c.type, excerpt: c.excerpt, body: c.body });

export function ContentEdit({ params }: PageProps) {
  const id = params.id ? Number(params.id) : undefined;
  const [item, setItem] = useState<{ content: Content; etag: string } | undefined>();
  const [problem, setProblem] = useState<Failure | undefined>();
  /** Set after a 412: the ETag of the version someone else saved. */
  const [theirs, setTheirs] = useState<string | undefined>();
  const [acting, setActing] = useState(false);
  const form = useForm(EMPTY);

  const load = async () => {
    if (id === undefined) return;
    const { data, error, response } = await call(() => api.GET('/api/v1/content/{id}', { params: { path: { id: String(id) } } }));
    setProblem(data ? undefined : failure(response, error));
    if (!data) return;
    setItem({ content: data, etag: response.headers.get('ETag') ?? `"${data.id}-${data.version}"` });
    setTheirs(undefined);
    form.reset(fieldsOf(data));
  };
  useEffect(() => {
    void load().catch(() => setProblem(failure(undefined, undefined)));
  }, [id]);

  // Leaving with unsaved changes asks first (in the console) or lets the browser ask (reload, close).
  useEffect(() => {
    setLeaveGuard(
      form.dirty
        ? () =>
            confirm({
              title: t('content.leaveTitle'),
              message: t('content.leaveText'),
              confirmLabel: t('content.leave'),
              cancelLabel: t('content.stay'),
              danger: true,
            })
        : undefined,
    );
    return () => setLeaveGuard(undefined);
  }, [form.dirty]);

  const saved = (content: Content, etag: string | null) => {
    setItem({ content, etag: etag ?? `"${content.id}-${content.version}"` });
    setTheirs(undefined);
    form.reset(fieldsOf(content));
  };

  /** Sends the form as a change of the version `etag` names. */
  const patch = async (values: typeof EMPTY, etag: string) => {
    const body = { title: values.title.trim(), slug: values.slug, type: values.type, excerpt: values.excerpt, body: values.body };
    const { data, error, response } = await call(() =>
      api.PATCH('/api/v1/content/{id}', { params: { path: { id: id as number }, header: { 'if-match': etag } }, body }),
    );
    if (response.status === 412) {
      setTheirs(response.headers.get('ETag') ?? undefined);
      return failure(response, error, { 412: 'content.conflict' });
    }
    if (!data) return failure(response, error, { 409: 'content.slugTaken' });
    saved(data, response.headers.get('ETag'));
    notify.success(t('content.saved'));
    return undefined;
  };

  const submit = () =>
    form.submit({ title: [rules.required], slug: [rules.slug] }, async (values) => {
      if (id !== undefined && item) return patch(values, item.etag);
      const body = {
        title: values.title.trim(),
        type: values.type,
        body: values.body,
        status: 'draft' as const,
        ...(values.slug && { slug: values.slug }),
        ...(values.excerpt && { excerpt: values.excerpt }),
      };
      const { data, error, response } = await call(() => api.POST('/api/v1/content', { body }));
      if (!data) return failure(response, error, { 409: 'content.slugTaken' });
      form.reset(fieldsOf(data));
      setLeaveGuard(undefined);
      notify.success(t('content.created'));
      await navigate(`/content/${data.id}`, { replace: true });
      return undefined;
    });

  const overwrite = async () => {
    const yes = await confirm({
      title: t('content.overwriteTitle'),
      message: t('content.overwriteText'),
      confirmLabel: t('content.overwrite'),
      danger: true,
    });
    if (yes && theirs) await form.submit({ title: [rules.required], slug: [rules.slug] }, (values) => patch(values, theirs));
  };

  /** Publish or archive: the saved version changes status. */
  const move = async (to: 'publish' | 'archive') => {
    if (!item || id === undefined) return;
    setActing(true);
    try {
      const path = to === 'publish' ? '/api/v1/content/{id}/publish' : '/api/v1/content/{id}/archive';
      const { data, error, response } = await call(() => api.POST(path, { params: { path: { id }, header: { 'if-match': item.etag } } }));
      if (!data) return notify.error(failure(response, error, { 412: 'content.conflict' }).message);
      saved(data, response.headers.get('ETag'));
      notify.success(t(to === 'publish' ? 'content.published' : 'content.archived'));
    } catch {
      notify.error(failure(undefined, undefined).message);
    } finally {
      setActing(false);
    }
  };

  const remove = async () => {
    if (!item || id === undefined) return;
    const yes = await confirm({
      title: t('content.deleteTitle'),
      message: t('content.deleteText', { title: item.content.title }),
      confirmLabel: t('content.delete'),
      danger: true,
    });
    if (!yes) return;
    const { error, response } = await call(() =>
      api.DELETE('/api/v1/content/{id}', { params: { path: { id }, header: { 'if-match': item.etag } } }),
    );
    if (!response.ok) return notify.error(failure(response, error, { 412: 'content.conflict' }).message);
    setLeaveGuard(undefined);
    notify.success(t('content.deleted', { title: item.content.title }));
    await navigate('/content');
  };

  if (id !== undefined && !item)
    return (
      <Page title={t('content.edit')}>
        <Loading failure={problem} />
      </Page>
    );

  const content = item?.content;
  return (
    <Page title={content ? t('content.editNamed', { title: content.title }) : t('content.new')}>
      {content && (
        <p class="meta">
          <span class={`badge badge-${content.status}`}>{t(STATUS_LABEL[content.status])}</span>{' '}
          {t('content.meta', { created: formatDateTime(content.createdAt), updated: formatDateTime(content.updatedAt) })}
          {content.publishedAt && ` ${t('content.publishedAt', { when: formatDateTime(content.publishedAt) })}`}
        </p>
      )}
      {theirs && (
        <div class="alert alert-error" role="alert">
          <p>{t('content.conflict')}</p>
          <div class="actions">
            <button type="button" onClick={() => void load()}>
              {t('content.reloadTheirs')}
            </button>
            <button type="button" class="danger" onClick={() => void overwrite()}>
              {t('content.overwrite')}
            </button>
          </div>
        </div>
      )}
      <Form
        onSubmit={submit}
        submitLabel={content ? t('form.save') : t('content.create')}
        busy={form.busy}
        failure={theirs ? undefined : form.failure}
        label={t('content.form')}
      >
        <TextField label={t('content.itemTitle')} required maxLength={200} {...form.text('title')} />
        <TextField label={t('content.slug')} hint={t('content.slugHint')} spellcheck={false} {...form.text('slug')} />
        <SelectField
          label={t('content.type')}
          value={form.values.type}
          onValue={(type) => form.set({ type })}
          options={labelled(TYPE_LABEL)}
        />
        <TextArea label={t('content.excerpt')} hint={t('content.excerptHint')} rows={3} maxLength={300} {...form.text('excerpt')} />
        <TextArea label={t('content.body')} rows={14} {...form.text('body')} />
      </Form>
      {content && (
        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title">{t('content.statusActions')}</h2>
          {form.dirty && <p class="hint">{t('content.saveFirst')}</p>}
          <div class="actions">
            {content.status !== 'published' && (
              <button type="button" class="primary" disabled={acting || form.dirty} onClick={() => void move('publish')}>
                {t('content.publish')}
              </button>
            )}
            {content.status !== 'archived' && (
              <button type="button" disabled={acting || form.dirty} onClick={() => void move('archive')}>
                {t('content.archive')}
              </button>
            )}
            <button type="button" class="danger" disabled={acting} onClick={() => void remove()}>
              {t('content.delete')}
            </button>
          </div>
        </section>
      )}
    </Page>
  );
}
