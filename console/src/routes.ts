/**
 * Every page of the console: its path below `<base>/admin`, who may open it, and its file (each a
 * lazy chunk, loaded when first opened). A page file is named after its route.
 */
import type { FunctionComponent } from 'preact';

import type { User } from './api/client.ts';

export type Role = User['role'];

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

/**
 * `guest`: only while signed out (signed in, it goes to the dashboard); `public`: anyone (the
 * pages mail links open); `signed-in`: any account; a list of roles: those roles only.
 */
type Access = 'guest' | 'public' | 'signed-in' | readonly Role[];

export interface Route {
  path: string;
  access: Access;
  load: () => Promise<FunctionComponent<PageProps>>;
}

const EDITORS: readonly Role[] = ['admin', 'editor'];
const ADMINS: readonly Role[] = ['admin'];

export const ROUTES: readonly Route[] = [
  { path: '/install', access: 'public', load: () => import('./pages/install.tsx').then((m) => m.Install) },
  { path: '/sign-in', access: 'guest', load: () => import('./pages/sign-in.tsx').then((m) => m.SignIn) },
  { path: '/register', access: 'guest', load: () => import('./pages/register.tsx').then((m) => m.Register) },
  { path: '/forgot-password', access: 'guest', load: () => import('./pages/forgot-password.tsx').then((m) => m.ForgotPassword) },
  { path: '/reset-password', access: 'public', load: () => import('./pages/reset-password.tsx').then((m) => m.ResetPassword) },
  { path: '/verify-email', access: 'public', load: () => import('./pages/verify-email.tsx').then((m) => m.VerifyEmail) },
  {
    path: '/resend-verification',
    access: 'public',
    load: () => import('./pages/resend-verification.tsx').then((m) => m.ResendVerification),
  },
  { path: '/', access: 'signed-in', load: () => import('./pages/dashboard.tsx').then((m) => m.Dashboard) },
  { path: '/account', access: 'signed-in', load: () => import('./pages/account.tsx').then((m) => m.Account) },
  { path: '/content', access: EDITORS, load: () => import('./pages/content.tsx').then((m) => m.ContentList) },
  { path: '/content/new', access: EDITORS, load: () => import('./pages/content-edit.tsx').then((m) => m.ContentEdit) },
  { path: '/content/:id', access: EDITORS, load: () => import('./pages/content-edit.tsx').then((m) => m.ContentEdit) },
  { path: '/users', access: ADMINS, load: () => import('./pages/users.tsx').then((m) => m.UserList) },
  { path: '/users/new', access: ADMINS, load: () => import('./pages/user-edit.tsx').then((m) => m.UserEdit) },
  { path: '/users/:id', access: ADMINS, load: () => import('./pages/user-edit.tsx').then((m) => m.UserEdit) },
  { path: '/settings', access: ADMINS, load: () => import('./pages/settings.tsx').then((m) => m.Settings) },
  { path: '/audit', access: ADMINS, load: () => import('./pages/audit.tsx').then((m) => m.Audit) },
  { path: '/messages', access: ADMINS, load: () => import('./pages/messages.tsx').then((m) => m.Messages) },
];
