/**
 * A real nginx (the Debian package) for tests, running deploy/nginx/filamenta.conf.template
 * rendered the way the official nginx image renders its templates (envsubst of the variables it is
 * given), or upstreamConfig() in front of several app instances, inside a minimal main
 * configuration in a temporary prefix folder.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { APP_ROOT } from './child.ts';
import { acceptsConnections, pollUntil } from './process.ts';

const run = promisify(execFile);

const TEMPLATE = join(APP_ROOT, 'deploy/nginx/filamenta.conf.template');

/** undefined when nginx and openssl are installed; otherwise what is missing. */
export async function nginxProblem(): Promise<string | undefined> {
  for (const [tool, args] of [
    ['nginx', ['-v']],
    ['openssl', ['version']],
  ] as const) {
    try {
      await run(tool, [...args]);
    } catch {
      return `${tool} is not installed (apt-get install nginx openssl)`;
    }
  }
  return undefined;
}

/** envsubst as the nginx image runs it: `${NAME}` for each NAME given; nginx's own `$vars` stay. */
export function renderTemplate(vars: Record<string, string>, template = readFileSync(TEMPLATE, 'utf8')): string {
  const rendered = template.replace(/\$\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
  const left = [...new Set(rendered.match(/\$\{\w+\}/g) ?? [])];
  if (left.length) throw new Error(`the template still needs ${left.join(', ')}`);
  return rendered;
}

/** A self-signed certificate for localhost and 127.0.0.1, as fullchain.pem + privkey.pem in `dir`. */
export async function selfSignedCertificate(dir: string): Promise<{ cert: string }> {
  mkdirSync(dir, { recursive: true });
  // prettier-ignore
  await run('openssl', ['req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'privkey.pem'), '-out', join(dir, 'fullchain.pem')]);
  return { cert: readFileSync(join(dir, 'fullchain.pem'), 'utf8') };
}

export class Nginx {
  readonly prefix: string;
  private readonly child: ChildProcess;

  private constructor(prefix: string, child: ChildProcess) {
    this.prefix = prefix;
    this.child = child;
  }

  /** The main configuration: `server` blocks from `conf`, logs and temp files under `prefix`. */
  static mainConfig(prefix: string, conf: string): string {
    writeFileSync(join(prefix, 'filamenta.conf'), conf);
    const p = (name: string) => join(prefix, name);
    return [
      'daemon off;',
      'worker_processes 1;',
      `pid ${p('nginx.pid')};`,
      `error_log ${p('error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${p('access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${p(`${t}_temp`)};`),
      `  include ${p('filamenta.conf')};`,
      '}',
      '',
    ].join('\n');
  }

  /** `nginx -t` of `conf`: exit code and what nginx said. */
  static async check(conf: string): Promise<{ code: number; output: string }> {
    const prefix = Nginx.prefixFolder();
    try {
      writeFileSync(join(prefix, 'nginx.conf'), Nginx.mainConfig(prefix, conf));
      const result = await run('nginx', ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')]).then(
        ({ stderr }) => ({ code: 0, output: stderr }),
        (error: { code: number; stderr: string }) => ({ code: error.code, output: error.stderr }),
      );
      return result;
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  }

  /** Starts nginx on `conf` and resolves once `port` accepts connections (TLS or plain). */
  static async start(conf: string, port: number): Promise<Nginx> {
    const prefix = Nginx.prefixFolder();
    writeFileSync(join(prefix, 'nginx.conf'), Nginx.mainConfig(prefix, conf));
    const output = { text: '' };
    const child = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.text += chunk));
    const nginx = new Nginx(prefix, child);
    await pollUntil(async () => ((await acceptsConnections(port)) ? true : undefined), {
      timeoutMs: 10_000,
      what: `nginx on port ${port}`,
      stopIf: () => (child.exitCode !== null ? `nginx exited: ${output.text}${nginx.errorLog()}` : undefined),
    });
    return nginx;
  }

  private static prefixFolder(): string {
    const prefix = mkdtempSync(join(tmpdir(), 'filamenta-nginx-'));
    chmodSync(prefix, 0o755); // nginx's workers run as an unprivileged user
    return prefix;
  }

  /** The lines of the `upstream_json` access log (see upstreamConfig) written so far. */
  upstreamLog(): UpstreamLogLine[] {
    let text: string;
    try {
      text = readFileSync(join(this.prefix, UPSTREAM_LOG), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const raw = JSON.parse(line) as Record<keyof UpstreamLogLine, string>;
        return { ...raw, status: Number(raw.status), time: Number(raw.time) * 1000 };
      });
  }

  errorLog(): string {
    try {
      return readFileSync(join(this.prefix, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Graceful stop (SIGQUIT), then the prefix folder goes. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const closed = new Promise((resolve) => this.child.once('close', resolve));
      this.child.kill('SIGQUIT');
      await closed;
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}

export interface TlsResult {
  status: number;
  headers: IncomingHttpHeaders;
  /** Raw header names as sent, to count repeated headers. */
  rawHeaders: string[];
  body: string;
}

/**
 * One HTTPS request trusting `ca`, from the local address `from` (any 127.x.y.z works on Linux), so a
 * test can tell the client's address from the proxy's.
 */
export function httpsRequest(
  url: string,
  options: { ca: string; from?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<TlsResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        localAddress: options.from,
        headers: options.headers,
        agent: false,
        servername: 'localhost',
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body }));
        res.once('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.once('error', reject);
    req.end(options.body);
  });
}

const UPSTREAM_LOG = 'upstream.log';

/** One request as nginx logged it in front of an upstream of several app instances. */
export interface UpstreamLogLine {
  /** Milliseconds since the epoch. */
  time: number;
  method: string;
  uri: string;
  /** The status nginx answered. */
  status: number;
  /** Every instance tried, in order (`127.0.0.1:3001, 127.0.0.1:3002` after a retry). */
  upstream: string;
  /** Their statuses, in the same order (`502, 200`). */
  upstreamStatus: string;
}

/**
 * A plain-HTTP nginx configuration in front of `servers` (ports on 127.0.0.1), round robin, as a
 * rolling restart needs it: a request that meets a closed port, a timeout, a 502 or a 503 goes on
 * to the next instance (`proxy_next_upstream`, idempotent requests only, as nginx does by
 * default), and an instance that failed is left out for `failTimeout`. Every request is logged as
 * a JSON line (Nginx#upstreamLog) with the instances it went to.
 */
export function upstreamConfig({
  servers,
  listen,
  failTimeout = '1s',
}: {
  servers: number[];
  listen: number;
  failTimeout?: string;
}): string {
  return [
    `log_format upstream_json escape=json '{"time":"$msec","method":"$request_method","uri":"$request_uri","status":"$status",'`,
    `  '"upstream":"$upstream_addr","upstreamStatus":"$upstream_status"}';`,
    'upstream filamenta_instances {',
    ...servers.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=${failTimeout};`),
    '    keepalive 16;',
    '}',
    'server {',
    `    listen 127.0.0.1:${listen};`,
    `    access_log ${UPSTREAM_LOG} upstream_json;`,
    '    location / {',
    '        proxy_pass http://filamenta_instances;',
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Forwarded-For $remote_addr;',
    '        proxy_set_header X-Request-Id $request_id;',
    '        proxy_next_upstream error timeout http_502 http_503;',
    '        proxy_connect_timeout 2s;',
    '        proxy_read_timeout 30s;',
    '    }',
    '}',
    '',
  ].join('\n');
}
